package templates

import (
	"io"
	"math"
	"strings"
	"sync"

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
	stNotice    = textStyle{size: 12, lineHeight: 16, class: "c-text"}
	stCandidat  = textStyle{size: 13, lineHeight: 17, bold: true, class: "c-text"}
	stShare     = textStyle{size: 11, lineHeight: 15, bold: true}
	stChapeau   = textStyle{size: 13, lineHeight: 17, class: "c-text"}
)

// compactList draws the blocks of a famille de métiers as a list that fits (issue 12 item 2):
// per specialty its label, then one line with its three shares in their colours (or its
// message), a thin separator between specialties.
func (b svgBuilder) compactList(v *widget.View, x, y, w int) int {
	for i := range v.Blocs {
		bl := &v.Blocs[i]
		if i > 0 {
			b.l.Rects = append(b.l.Rects, SVGRect{X: x, Y: y - 5, W: w, H: 1, Class: "r-surface"})
		}
		y = b.para(bl.Heading, x, y, w, stVoie)
		if bl.Note != "" {
			y = b.para(bl.Note, x, y, w, stSmall)
		}
		if !bl.HasFigures() {
			y = b.para(bl.Message, x, y, w, stSmall) + 10
			continue
		}
		y = b.shareLine(bl, x, y, w)
		for _, r := range bl.Rows { // later horizons, where the audience reads them
			for _, l := range r.Later {
				y = b.para(l, x, y, w, stSmall)
			}
		}
		y += 10
	}
	return y
}

// shareLine writes a block's rows on one line, "20 % en emploi · 61 % en formation · 19 % autres",
// each share in its category's colour; it wraps between shares when the line is too narrow.
func (b svgBuilder) shareLine(bl *widget.Bloc, x, y, w int) int {
	cx, baseline := x, y+int(math.Round((stShare.lineHeight-stShare.size)/2+stShare.size*0.86))
	for i, r := range bl.Rows {
		text := r.Figure + " " + strings.ToLower(r.Label) // the audience's words: "travaillent", "en emploi"…
		if i < len(bl.Rows)-1 {
			text += " ·"
		}
		tw := int(math.Ceil(textwidth.Width(text, stShare.size, true, 0)))
		if cx > x && cx+tw > x+w {
			cx, baseline, y = x, baseline+int(stShare.lineHeight), y+int(stShare.lineHeight)
		}
		b.l.Texts = append(b.l.Texts, SVGText{X: cx, Y: baseline, Text: text, Size: stShare.size, Bold: true, Class: textClass(r.Key), MaxWidth: tw})
		cx += tw + int(math.Ceil(textwidth.Width(" ", stShare.size, true, 0)))
	}
	return y + int(stShare.lineHeight)
}

// svgBuilder accumulates the drawing.
type svgBuilder struct{ l *SVGLayout }

// para writes text wrapped into lines no wider than w px from (x, y) (y is the top); it returns
// the y below the last line.
func (b svgBuilder) para(text string, x, y, w int, st textStyle) int {
	var buf [8]string // a paragraph's usual lines: wrapped without allocating
	for _, line := range textwidth.AppendWrap(buf[:0], text, float64(w), st.size, st.bold) {
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
	l := &SVGLayout{Texts: make([]SVGText, 0, 40), Rects: make([]SVGRect, 0, 16), Icons: make([]SVGIcon, 0, 8)} // a widget's usual counts: no regrowth
	layoutSVG(l, &v, th)
	return *l
}

// RenderSVG writes the SVG image of v to w: LayoutSVG then WriteSVG, on a layout reused from a
// pool (issue 11 item 5: its slices were a third of an uncached SVG render's bytes).
func RenderSVG(w io.Writer, v *widget.View, th themes.Theme) error {
	l := svgLayouts.Get().(*SVGLayout)
	layoutSVG(l, v, th)
	err := WriteSVG(w, l)
	l.reset()
	svgLayouts.Put(l)
	return err
}

// svgLayouts are the layouts of RenderSVG, their slices kept between renders.
var svgLayouts = sync.Pool{New: func() any {
	return &SVGLayout{Texts: make([]SVGText, 0, 40), Rects: make([]SVGRect, 0, 16), Icons: make([]SVGIcon, 0, 8)}
}}

// reset empties l, keeping its slices' capacity and nothing of the view it drew.
func (l *SVGLayout) reset() {
	clear(l.Texts[:cap(l.Texts)]) // the texts hold strings of the view: not kept alive by the pool
	clear(l.Pictos[:cap(l.Pictos)])
	*l = SVGLayout{Texts: l.Texts[:0], Rects: l.Rects[:0], Icons: l.Icons[:0], Pictos: l.Pictos[:0]}
}

// layoutSVG lays v out into l, whose slices are empty.
func layoutSVG(l *SVGLayout, vp *widget.View, th themes.Theme) {
	l.Width, l.Theme, l.Palette, l.View = SVGWidthVertical, th, th.Palette(vp.Request.Scheme), *vp
	v := &l.View
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
	if v.Texts.Notice != "" {
		y = b.para(v.Texts.Notice, svgPad, y, inner, stNotice) + 8
	}
	if v.Texts.Chapeau != "" {
		y = b.para(v.Texts.Chapeau, svgPad, y, inner, stChapeau) + 8
	}

	switch {
	case v.MessageOnly:
		y = b.para(v.Message, svgPad, y, inner, stMsg) + 8
		for _, c := range v.Candidats { // an image links nothing: each diploma with its codes
			y = b.para(c.Libelle, svgPad+12, y, inner-12, stCandidat)
			y = b.para(c.Codes, svgPad+12, y, inner-12, stSmall) + 6
		}
	case v.Compact():
		y = b.compactList(v, svgPad, y, inner)
	case v.Request.Layout == widget.LayoutHorizontal && len(v.Blocs) == 1:
		left := pictoWidth + 8
		yl := tpl.visual(b, v, &v.Blocs[0], svgPad, y, left)
		yr := tpl.rows(b, v, &v.Blocs[0], svgPad+left+svgGap, y, inner-left-svgGap)
		y = max(yl, yr) + 8
	case v.Request.Layout == widget.LayoutHorizontal:
		w := (inner - svgGap) / 2
		end := y
		for i := range v.Blocs {
			bl := &v.Blocs[i]
			x := svgPad + i*(w+svgGap)
			yy := b.para(bl.Heading, x, y, w, stVoie) + 4
			if bl.Note != "" { // a voie read through the continuum says so in its column
				yy = b.para(bl.Note, x, yy, w, stSmall) + 4
			}
			yy = tpl.visual(b, v, bl, x, yy, w)
			end = max(end, tpl.rows(b, v, bl, x, yy, w))
		}
		y = end + 8
	default:
		for i := range v.Blocs {
			bl := &v.Blocs[i]
			if len(v.Blocs) > 1 {
				y = b.para(bl.Heading, svgPad, y, inner, stVoie) + 4
			}
			if bl.Note != "" {
				y = b.para(bl.Note, svgPad, y, inner, stSmall) + 4
			}
			y = tpl.visual(b, v, bl, svgPad, y, inner)
			y = tpl.rows(b, v, bl, svgPad, y, inner) + 10
		}
	}
	if v.Texts.Regle != "" {
		y = b.para(v.Texts.Regle, svgPad, y, inner, stSmall) + 4
	}
	y = b.para(strings.TrimSpace(v.Texts.SourceLine+" "+v.Texts.DateLine), svgPad, y, inner, stPied)
	l.Height = y + svgPad - 4
}

// blocVisual draws the pictograms, the cohort line and the state message of a voie.
func (b svgBuilder) blocVisual(v *widget.View, bl *widget.Bloc, x, y, w int) int {
	if bl.HasPictos && v.Audience != widget.AudienceSuperieur {
		b.l.Pictos = append(b.l.Pictos, pictosGroupString(bl.Pictos, x+(w-pictoWidth)/2, y))
		y += pictoHeight + 6
	}
	if bl.Effectif != "" {
		y = b.para(bl.Effectif, x, y, w, stSmall) + 4
	}
	if bl.Message != "" {
		y = b.para(bl.Message, x, y, w, stMsg) + 6
	}
	return y
}

// blocRows draws the rows of a voie (widget.Row: the same label, figure and count as the HTML)
// in a column of width w.
func (b svgBuilder) blocRows(v *widget.View, bl *widget.Bloc, x, y, w int) int {
	for i := range bl.Rows {
		r := &bl.Rows[i]
		// Labels are in sentence case in the view model; the image sets them in upper case, as
		// the HTML does with CSS.
		st, labelSt, label := stValue, stLabel, upperLabel(r.Label)
		if r.Phrase != "" {
			st, labelSt, label = stValueSm, stPhrase, r.Phrase
		}
		if !r.Published {
			st = stValueSm
		}
		vw := int(math.Ceil(textwidth.Width(r.Figure, st.size, true, 0)))
		labelW := w - 36 - vw - 18
		top := y
		yy := b.para(label, x+36, y+4, labelW, labelSt)
		if r.Count != "" {
			yy = b.para(r.Count, x+36, yy, labelW, stSmall)
		}
		for _, l := range r.Later {
			yy = b.para(l, x+36, yy, labelW, stSmall)
		}
		h := max(yy-top+8, 36)
		mark, class := markClass(r.Key), textClass(r.Key)
		if r.Key == "salaire" { // no colour of its own: a figure, not a category
			mark, class = "r-emploi", "c-text"
		}
		b.l.Rects = append(b.l.Rects, SVGRect{X: x, Y: top, W: w, H: h, Class: "r-surface"}, SVGRect{X: x, Y: top, W: 4, H: h, Class: mark})
		if _, ok := iconPaths[r.Key]; ok {
			b.l.Icons = append(b.l.Icons, SVGIcon{X: x + 10, Y: top + (h-20)/2, Size: 20, Key: r.Key, Class: class})
		}
		figure := r.Figure
		if r.Phrase != "" && r.Secondaire == "" {
			figure = "" // the sentence says the share (or that it is not published)
		}
		if figure != "" {
			b.value(figure, x+w-10, top+h/2+int(st.size*0.36), st, class)
		}
		y = top + h + 6
	}
	return y
}

// visual draws a voie's figure with the template, or its state message when it has no figures.
// A template without its own SVG figure gets the standard one (issue 11 item 3).
func (t Template) visual(c svgBuilder, v *widget.View, b *widget.Bloc, x, y, w int) int {
	if t.SVGVisual == nil || !b.HasFigures() {
		return c.blocVisual(v, b, x, y, w) // pictograms only when there are figures; else the message
	}
	return t.SVGVisual(c, v, b, x, y, w)
}

// rows draws a voie's rows with the template, or the standard rows when it has none of its own:
// a template can never draw figures without their labels and values (SPEC §7: never meaning by
// colour alone).
func (t Template) rows(c svgBuilder, v *widget.View, b *widget.Bloc, x, y, w int) int {
	if t.SVGRows == nil {
		return c.blocRows(v, b, x, y, w)
	}
	return t.SVGRows(c, v, b, x, y, w)
}

// textClass is "c-" + key, markClass "r-" + key: the colour classes of a row, without building
// them for the usual keys (issue 11 item 5).
func textClass(key string) string {
	switch key {
	case "emploi":
		return "c-emploi"
	case "formation":
		return "c-formation"
	case "autres":
		return "c-autres"
	case "salaire":
		return "c-salaire"
	}
	return "c-" + key
}

func markClass(key string) string {
	switch key {
	case "emploi":
		return "r-emploi"
	case "formation":
		return "r-formation"
	case "autres":
		return "r-autres"
	case "salaire":
		return "r-salaire"
	}
	return "r-" + key
}

// upperLabel is strings.ToUpper(label), memoised: row labels come from the view model's few
// wordings (categories, horizons, salary), and the image sets them in upper case on every render.
func upperLabel(label string) string {
	upperLabels.RLock()
	u, ok := upperLabels.m[label]
	upperLabels.RUnlock()
	if ok {
		return u
	}
	u = strings.ToUpper(label)
	upperLabels.Lock()
	if len(upperLabels.m) < maxUpperLabels { // bounded: past it, built on each render
		upperLabels.m[label] = u
	}
	upperLabels.Unlock()
	return u
}

// maxUpperLabels bounds upperLabel's memo.
const maxUpperLabels = 1024

var upperLabels = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}
