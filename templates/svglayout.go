package templates

import (
	"fmt"
	"math"
	"strings"

	"github.com/ijwidgets/ijwidgets/templates/textwidth"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// SVG widths in px (SPEC §7: fixed widths 320 and 720; the height grows with wrapped text).
const (
	SVGWidthVertical   = 320
	SVGWidthHorizontal = 720
	svgPad             = 16
	svgGap             = 24
)

// SVGText is one line of SVG text at a baseline. MaxWidth is the box it must fit in (px);
// Size is reduced below its style's size only when a single word is wider than the box.
type SVGText struct {
	X, Y      int
	Text      string
	Size      float64 // px
	Bold      bool
	Spacing   float64 // letter-spacing, px
	Class     string  // colour class: c-text, c-muted, c-emploi, c-formation, c-autres, c-demo
	AnchorEnd bool    // right-aligned at X
	MaxWidth  int
}

// Width is the measured width of the line in px (the same metrics as the layout).
func (t SVGText) Width() float64 { return textwidth.Width(t.Text, t.Size, t.Bold, t.Spacing) }

// SVGRect is a filled rectangle; Class picks its fill (r-surface, r-emploi, …).
type SVGRect struct {
	X, Y, W, H int
	Class      string
}

// SVGIcon is a category icon (24×24 grid scaled to Size px) at X, Y.
type SVGIcon struct {
	X, Y  int
	Size  int
	Key   string
	Class string
}

// SVGLayout is the computed geometry of a standalone SVG widget: every position is in px.
type SVGLayout struct {
	Width, Height int
	Texts         []SVGText
	Rects         []SVGRect
	Icons         []SVGIcon
	Pictos        []string // svgo-drawn figure rows
	Theme         themes.Theme
	Palette       themes.Palette // the scheme's colours
	View          widget.View
}

// textStyle is a kind of text: size and line height in px.
type textStyle struct {
	size, lineHeight float64
	bold             bool
	spacing          float64
	class            string
}

var (
	stTitre     = textStyle{size: 16, lineHeight: 20, bold: true, class: "c-text"}
	stFormation = textStyle{size: 14, lineHeight: 18, bold: true, class: "c-text"}
	stLieu      = textStyle{size: 12, lineHeight: 16, class: "c-muted"}
	stVoie      = textStyle{size: 13, lineHeight: 17, bold: true, class: "c-text"}
	stLabel     = textStyle{size: 11, lineHeight: 14, bold: true, spacing: 0.3, class: "c-text"}
	stPhrase    = textStyle{size: 13, lineHeight: 17, bold: true, class: "c-text"}
	stSmall     = textStyle{size: 11, lineHeight: 14, class: "c-muted"}
	stMsg       = textStyle{size: 13, lineHeight: 17, bold: true, class: "c-text"}
	stPied      = textStyle{size: 11, lineHeight: 14, class: "c-muted"}
	stDemo      = textStyle{size: 12, lineHeight: 16, bold: true, class: "c-demo"}
	stValue     = textStyle{size: 22, lineHeight: 26, bold: true}
	stValueSm   = textStyle{size: 13, lineHeight: 17, bold: true}
)

// svgBuilder accumulates the drawing.
type svgBuilder struct{ l *SVGLayout }

// para writes text wrapped into lines no wider than w px from (x, y) (y is the top); it returns
// the y below the last line.
func (b svgBuilder) para(text string, x, y, w int, st textStyle) int {
	for _, line := range textwidth.Wrap(text, float64(w), st.size, st.bold) {
		size := st.size
		if lw := textwidth.Width(line, size, st.bold, st.spacing); lw > float64(w) {
			size = math.Floor(size*float64(w)/lw*10) / 10 // one word wider than the box: shrink it
		}
		// baseline at about the cap height below the line's top, leading shared around it
		baseline := y + int(math.Round((st.lineHeight-st.size)/2+st.size*0.86))
		b.l.Texts = append(b.l.Texts, SVGText{X: x, Y: baseline, Text: line, Size: size, Bold: st.bold,
			Spacing: st.spacing, Class: st.class, MaxWidth: w})
		y += int(st.lineHeight)
	}
	return y
}

// value writes one right-aligned line ending at x.
func (b svgBuilder) value(text string, x, baseline int, st textStyle, class string) int {
	b.l.Texts = append(b.l.Texts, SVGText{X: x, Y: baseline, Text: text, Size: st.size, Bold: true, Class: class, AnchorEnd: true,
		MaxWidth: int(math.Ceil(textwidth.Width(text, st.size, true, 0)))})
	return int(math.Ceil(textwidth.Width(text, st.size, true, 0)))
}

// LayoutSVG computes the SVG widget of a view for its layout and audience.
func LayoutSVG(v widget.View, th themes.Theme) SVGLayout {
	l := &SVGLayout{Width: SVGWidthVertical, Theme: th, Palette: th.Palette(v.Request.Scheme), View: v}
	if v.Request.Layout == widget.LayoutHorizontal {
		l.Width = SVGWidthHorizontal
	}
	b := svgBuilder{l}
	tpl := mustTemplate(v.Request.Template)
	inner := l.Width - 2*svgPad
	y := svgPad - 4
	if v.Demo {
		y = b.para(v.Texts.Demo, svgPad, y, inner, stDemo) + 6
	}
	if !v.Request.HideTitle {
		y = b.para(v.Texts.Titre, svgPad, y, inner, stTitre) + 2
	}
	y = b.para(v.Texts.Formation, svgPad, y, inner, stFormation)
	lieu := v.Texts.Lieu
	if v.Texts.Promotions != "" {
		lieu += " · " + v.Texts.Promotions
	}
	y = b.para(lieu, svgPad, y, inner, stLieu) + 10

	switch {
	case !v.State.Found() && len(v.Blocs) == 1:
		y = b.para(v.Message, svgPad, y, inner, stMsg) + 8
	case v.Request.Layout == widget.LayoutHorizontal && len(v.Blocs) == 1:
		left := pictoWidth + 8
		yl := tpl.visual(b, v, v.Blocs[0], svgPad, y, left)
		yr := tpl.rows(b, v, v.Blocs[0], svgPad+left+svgGap, y, inner-left-svgGap)
		y = max(yl, yr) + 8
	case v.Request.Layout == widget.LayoutHorizontal:
		w := (inner - svgGap) / 2
		end := y
		for i, bl := range v.Blocs {
			x := svgPad + i*(w+svgGap)
			yy := b.para(widget.VoieLabel(bl.Filiere), x, y, w, stVoie) + 4
			yy = tpl.visual(b, v, bl, x, yy, w)
			end = max(end, tpl.rows(b, v, bl, x, yy, w))
		}
		y = end + 8
	default:
		for _, bl := range v.Blocs {
			if len(v.Blocs) > 1 {
				y = b.para(widget.VoieLabel(bl.Filiere), svgPad, y, inner, stVoie) + 4
			}
			y = tpl.visual(b, v, bl, svgPad, y, inner)
			y = tpl.rows(b, v, bl, svgPad, y, inner) + 10
		}
	}
	if v.Audience == widget.AudienceAccompagnateur && anyFound(v) {
		y = b.para(v.Texts.Regle, svgPad, y, inner, stSmall) + 4
	}
	y = b.para(sourceLine(v), svgPad, y, inner, stPied)
	l.Height = y + svgPad - 4
	return *l
}

// blocVisual draws the pictograms, the cohort line and the state message of a voie.
func (b svgBuilder) blocVisual(v widget.View, bl widget.Bloc, x, y, w int) int {
	if bl.HasPictos && v.Audience != widget.AudienceSuperieur {
		b.l.Pictos = append(b.l.Pictos, pictosGroupString(bl.Pictos, x+(w-pictoWidth)/2, y))
		y += pictoHeight + 6
	}
	if bl.Effectif != "" && !bl.State.CohortOnly() {
		y = b.para(bl.Effectif, x, y, w, stSmall) + 4
	}
	if bl.Message != "" {
		y = b.para(bl.Message, x, y, w, stMsg) + 6
	}
	return y
}

// svgRow is one category row: its icon, its words and its figure.
type svgRow struct {
	key, label, value, sub string
	valueClass             string
	phrase                 bool // the label is a sentence (collège)
}

func rowsFor(v widget.View, bl widget.Bloc) []svgRow {
	if !bl.State.Found() || bl.State.CohortOnly() {
		return nil
	}
	who := widget.Apprenants(bl.Filiere)
	var rows []svgRow
	val := func(n widget.N) string {
		if !n.Valid {
			return "non publié"
		}
		return widget.Percent(n.V)
	}
	switch v.Audience {
	case widget.AudienceSuperieur:
		emploi := svgRow{key: "emploi", label: "EN EMPLOI À 6 MOIS", value: val(bl.Taux.EnEmploi6Mois), valueClass: "c-emploi"}
		var later []string
		for _, h := range bl.Horizons {
			if h.Mois != 6 {
				later = append(later, fmt.Sprintf("%d mois : %s", h.Mois, widget.Percent(h.Taux.V)))
			}
		}
		emploi.sub = strings.Join(later, " · ") // later horizons are the same learners, not other categories
		rows = append(rows, emploi)
		for _, c := range bl.Categories[1:] {
			rows = append(rows, svgRow{key: c.Key, label: c.Label, value: val(c.Taux), valueClass: "c-" + c.Key})
		}
		if bl.Salaire.Mediane.Valid {
			rows = append(rows, svgRow{key: "emploi", label: "SALAIRE NET MÉDIAN À 12 MOIS", value: euros(bl.Salaire.Mediane), valueClass: "c-text", phrase: false})
		}
	default:
		for _, c := range bl.Categories {
			r := svgRow{key: c.Key, label: c.Label, value: val(c.Taux), valueClass: "c-" + c.Key}
			switch v.Audience {
			case widget.AudienceCollege:
				if c.Phrase != "" {
					r.label, r.phrase = c.Phrase, true
				}
			case widget.AudienceAccompagnateur:
				if c.Nombre.Valid && c.Taux.Valid {
					r.sub = fmt.Sprintf("%s sur %s %s", widget.FormatInt(c.Nombre.V), widget.FormatInt(bl.Counts.NbAnneeTerm.V), who)
				}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// blocRows draws the category rows of a voie in a column of width w.
func (b svgBuilder) blocRows(v widget.View, bl widget.Bloc, x, y, w int) int {
	for _, r := range rowsFor(v, bl) {
		st := stValue
		if r.phrase || r.value == "non publié" {
			st = stValueSm
		}
		vw := int(math.Ceil(textwidth.Width(r.value, st.size, true, 0)))
		labelW := w - 36 - vw - 18
		labelSt := stLabel
		if r.phrase {
			labelSt = stPhrase
		}
		top := y
		yy := b.para(r.label, x+36, y+4, labelW, labelSt)
		if r.sub != "" {
			yy = b.para(r.sub, x+36, yy, labelW, stSmall)
		}
		h := max(yy-top+8, 36)
		b.l.Rects = append(b.l.Rects, SVGRect{X: x, Y: top, W: w, H: h, Class: "r-surface"}, SVGRect{X: x, Y: top, W: 4, H: h, Class: "r-" + r.key})
		b.l.Icons = append(b.l.Icons, SVGIcon{X: x + 10, Y: top + (h-20)/2, Size: 20, Key: r.key, Class: "c-" + r.key})
		b.value(r.value, x+w-10, top+h/2+int(st.size*0.36), st, r.valueClass)
		y = top + h + 6
	}
	return y
}

// SVGTitle is the accessible name of the SVG: the question, the training and the place.
func SVGTitle(v widget.View) string {
	return strings.TrimSpace(v.Texts.Titre + " " + v.Texts.Formation + ", " + v.Texts.Lieu)
}

// visual draws a voie's figure with the template, or its state message when it has no figures.
func (t Template) visual(c svgBuilder, v widget.View, b widget.Bloc, x, y, w int) int {
	if t.SVGVisual == nil || !(b.State == widget.StateOK || b.State == widget.StatePartiel) {
		return c.blocVisual(v, b, x, y, w) // pictograms only when there are figures; else the message
	}
	return t.SVGVisual(c, v, b, x, y, w)
}

// rows draws a voie's category rows with the template.
func (t Template) rows(c svgBuilder, v widget.View, b widget.Bloc, x, y, w int) int {
	if t.SVGRows == nil {
		return y
	}
	return t.SVGRows(c, v, b, x, y, w)
}
