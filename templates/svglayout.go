package templates

import (
	"io"
	"math"
	"slices"
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
	// tail is the markup after its position memoised with a shared wording's line, or nil:
	// the writer uses it while the fields are those it was written from.
	tail *textTail
}

// textTail is a text line's markup after its position, from its font size on: appendTextTail
// of the fields it holds (a line anchored at its start).
type textTail struct {
	text, class   string
	size, spacing float64
	bold          bool
	markup        string
}

// newTextTail writes the markup of t's line after its position.
func newTextTail(t *SVGText) *textTail {
	return &textTail{text: t.Text, class: t.Class, size: t.Size, spacing: t.Spacing, bold: t.Bold, markup: string(appendTextTail(nil, t))}
}

// of reports whether m is the markup of t (fields unchanged since the layout).
func (m *textTail) of(t *SVGText) bool {
	return m.text == t.Text && m.size == t.Size && m.bold == t.Bold && m.spacing == t.Spacing && m.class == t.Class && !t.AnchorEnd
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
		y = b.paraFixed(bl.Heading, x, y, w, stVoie)
		if bl.Note != "" {
			y = b.para(bl.Note, x, y, w, stSmall)
		}
		if !bl.HasFigures() {
			y = b.paraFixed(bl.Message, x, y, w, stSmall) + 10
			continue
		}
		y = b.shareLine(bl, x, y, w)
		for _, r := range bl.Rows { // later horizons, where the audience reads them
			for _, l := range r.Later {
				y = b.paraFixed(l, x, y, w, stSmall)
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
// the y below the last line. For a text of this widget (its formation, place, counts): a
// wording shared by widgets goes to paraFixed.
func (b svgBuilder) para(text string, x, y, w int, st textStyle) int {
	var buf [8]paraLine // a paragraph's usual lines: wrapped without allocating
	return b.lines(wrapPara(buf[:0], text, w, st), x, y, w, st)
}

// paraFixed is para for a wording the widgets share (a question, a label, a headline, a state
// message, the source line): its lines are memoised with their markup (paras), so only the
// widget's own texts are measured and escaped on each render (issue 11 item 5: wrapping was a
// third of an SVG render, writing the lines another).
func (b svgBuilder) paraFixed(text string, x, y, w int, st textStyle) int {
	return b.lines(fixedLines(newParaKey(text, "", paraPlain, w, st), st), x, y, w, st)
}

// paraUpper is paraFixed for strings.ToUpper(text): the image sets the row labels (sentence
// case in the view model) in upper case, as the HTML does with CSS.
func (b svgBuilder) paraUpper(text string, x, y, w int, st textStyle) int {
	return b.lines(fixedLines(newParaKey(text, "", paraUpper, w, st), st), x, y, w, st)
}

// paraJoined is paraFixed for strings.TrimSpace(text + " " + more), without building it on
// each render (the footer: source line and date line).
func (b svgBuilder) paraJoined(text, more string, x, y, w int, st textStyle) int {
	return b.lines(fixedLines(newParaKey(text, more, paraJoined, w, st), st), x, y, w, st)
}

// lines writes the wrapped lines of a paragraph from (x, y) (y is the top) and returns the y
// below the last one.
func (b svgBuilder) lines(lines []paraLine, x, y, w int, st textStyle) int {
	off := baselineOffset(st)
	for _, line := range lines {
		b.l.Texts = append(b.l.Texts, SVGText{X: x, Y: y + off, Text: line.text, Size: line.size, Bold: st.bold,
			Spacing: st.spacing, Class: st.class, MaxWidth: w, tail: line.tail})
		y += int(st.lineHeight)
	}
	return y
}

// baselineOffset is the baseline of a line in style st below the line's top, in px: at about
// the cap height, the leading shared around it.
func baselineOffset(st textStyle) int {
	return int(math.Round((st.lineHeight-st.size)/2 + st.size*0.86))
}

// paraLine is a wrapped line and its font size in px: the style's, or less when the line is
// one word wider than the box; tail is its markup when memoised (SVGText.tail).
type paraLine struct {
	text string
	size float64
	tail *textTail
}

// wrapPara appends the lines of text wrapped into w px in style st to dst.
func wrapPara(dst []paraLine, text string, w int, st textStyle) []paraLine {
	var buf [8]textwidth.Line
	for _, line := range textwidth.AppendLines(buf[:0], text, float64(w), st.size, st.bold) {
		size := st.size
		// textwidth.Width(line.Text, size, st.bold, st.spacing), measured by the wrapping
		if lw := line.Width + float64(line.Runes)*st.spacing; lw > float64(w) {
			size = math.Floor(size*float64(w)/lw*10) / 10 // one word wider than the box: shrink it
		}
		dst = append(dst, paraLine{text: line.Text, size: size})
	}
	return dst
}

// paraKind is how a memoised paragraph's text is made from its key.
type paraKind uint8

const (
	paraPlain  paraKind = iota // text
	paraUpper                  // strings.ToUpper(text)
	paraJoined                 // strings.TrimSpace(text + " " + more)
)

// paraKey identifies a memoised paragraph: its text (text and more, made as kind says), the
// width of its box and what of its style its lines and their markup depend on. The numbers
// are packed as bits (exact: equal keys are equal styles), so a key hashes its strings and
// one run of memory.
type paraKey struct {
	text, more, class string
	size, spacing     uint64 // math.Float64bits
	w                 int    // px (a narrow column's may be negative: every word alone)
	shape             uint64 // bold<<7 | kind
}

func newParaKey(text, more string, kind paraKind, w int, st textStyle) paraKey {
	shape := uint64(kind)
	if st.bold {
		shape |= 1 << 7
	}
	return paraKey{text: text, more: more, class: st.class, size: math.Float64bits(st.size), spacing: math.Float64bits(st.spacing), w: w, shape: shape}
}

// fixedLines returns the lines of the paragraph k in style st (the style k was made with),
// memoised. The memo is bounded: when it holds maxParas paragraphs it is emptied, and the
// wordings in use come back on their next render. Its line slices are shared between
// renders, never written after they are stored.
func fixedLines(k paraKey, st textStyle) []paraLine {
	paras.RLock()
	lines, ok := paras.m[k]
	paras.RUnlock()
	if ok {
		return lines
	}
	text := k.text
	switch paraKind(k.shape & 0x7f) {
	case paraUpper:
		text = strings.ToUpper(text)
	case paraJoined:
		text = strings.TrimSpace(text + " " + k.more)
	}
	lines = slices.Clip(wrapPara(nil, text, k.w, st))
	for i := range lines {
		t := SVGText{Text: lines[i].text, Size: lines[i].size, Bold: st.bold, Spacing: st.spacing, Class: st.class}
		lines[i].tail = newTextTail(&t)
	}
	paras.Lock()
	if len(paras.m) >= maxParas {
		clear(paras.m)
	}
	paras.m[k] = lines
	paras.Unlock()
	return lines
}

// maxParas bounds the paragraphs paras holds: the shared wordings of every audience, layout and
// column are a few hundred.
const maxParas = 4096

// paras memoises fixedLines: paraKey → its lines. A map under a read-write lock: renders only
// read it once it is warm.
var paras = struct {
	sync.RWMutex
	m map[paraKey][]paraLine
}{m: map[paraKey][]paraLine{}}

// value writes one right-aligned line ending at x.
func (b svgBuilder) value(text string, x, baseline int, st textStyle, class string) int {
	w := int(math.Ceil(textwidth.Width(text, st.size, true, 0)))
	b.l.Texts = append(b.l.Texts, SVGText{X: x, Y: baseline, Text: text, Size: st.size, Bold: true, Class: class, AnchorEnd: true, MaxWidth: w})
	return w
}

// LayoutSVG computes the SVG widget of a view for its layout and audience. It lays out on a
// pooled layout and keeps copies of its slices, sized to the widget.
func LayoutSVG(v widget.View, th themes.Theme) SVGLayout {
	p := svgLayouts.Get().(*SVGLayout)
	p.View = v // laid out from the pooled layout's copy: see RenderSVG
	layoutSVG(p, &p.View)
	l := SVGLayout{Width: p.Width, Height: p.Height, Texts: clip(p.Texts), Rects: clip(p.Rects), Icons: clip(p.Icons),
		Pictos: clip(p.Pictos), Theme: th, Palette: th.Palette(v.Request.Scheme), View: v}
	p.reset()
	svgLayouts.Put(p)
	return l
}

// clip is a copy of s of its length, nil when empty.
func clip[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// RenderSVG writes the SVG image of v to w: LayoutSVG then WriteSVG, on a layout reused from a
// pool (issue 11 item 5: its slices were a third of an uncached SVG render's bytes). The view
// is laid out from the layout's copy of it: v itself, passed to the templates' functions,
// would escape, and with it the caller's view to the heap; the theme is read where it is.
func RenderSVG(w io.Writer, v *widget.View, th themes.Theme) error {
	l := svgLayouts.Get().(*SVGLayout)
	l.View = *v
	layoutSVG(l, &l.View)
	pal := th.Palette(v.Request.Scheme)
	err := writeSVG(w, l, &l.View.Texts, th.RadiusPx, &pal)
	l.reset()
	svgLayouts.Put(l)
	return err
}

// svgLayouts are the layouts of RenderSVG and LayoutSVG, their slices kept between renders: a
// widget's usual counts, grown when one needs more.
var svgLayouts = sync.Pool{New: func() any {
	return &SVGLayout{Texts: make([]SVGText, 0, 40), Rects: make([]SVGRect, 0, 16), Icons: make([]SVGIcon, 0, 8)}
}}

// reset empties l, keeping its slices' capacity and nothing of the view it drew (the pool
// keeps no view alive). Past their lengths the slices are already clear: they were when they
// were allocated or last reset.
func (l *SVGLayout) reset() {
	clear(l.Texts) // the texts hold strings of the view
	clear(l.Pictos)
	l.Texts, l.Rects, l.Icons, l.Pictos = l.Texts[:0], l.Rects[:0], l.Icons[:0], l.Pictos[:0]
	l.View = widget.View{}
}

// layoutSVG lays v out into l, whose slices are empty: its size, texts and shapes (not its
// theme and palette, nor l.View: v is).
func layoutSVG(l *SVGLayout, v *widget.View) {
	l.Width = SVGWidthVertical
	if v.Request.Layout == widget.LayoutHorizontal {
		l.Width = SVGWidthHorizontal
	}
	b := svgBuilder{l}
	tpl := mustTemplate(v.Request.Template)
	inner := l.Width - 2*svgPad
	y := svgPad - 4
	if v.Demo {
		y = b.paraFixed(v.Texts.Demo, svgPad, y, inner, stDemo) + 6
	}
	if !v.Request.HideTitle {
		y = b.paraFixed(v.Texts.Titre, svgPad, y, inner, stTitre) + 2
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
		y = b.paraFixed(v.Texts.Chapeau, svgPad, y, inner, stChapeau) + 8
	}

	switch {
	case v.MessageOnly:
		y = b.paraFixed(v.Message, svgPad, y, inner, stMsg) + 8
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
			yy := b.paraFixed(bl.Heading, x, y, w, stVoie) + 4
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
				y = b.paraFixed(bl.Heading, svgPad, y, inner, stVoie) + 4
			}
			if bl.Note != "" {
				y = b.para(bl.Note, svgPad, y, inner, stSmall) + 4
			}
			y = tpl.visual(b, v, bl, svgPad, y, inner)
			y = tpl.rows(b, v, bl, svgPad, y, inner) + 10
		}
	}
	if v.Texts.Regle != "" {
		y = b.paraFixed(v.Texts.Regle, svgPad, y, inner, stSmall) + 4
	}
	if v.Texts.DateLine == "" {
		y = b.paraFixed(strings.TrimSpace(v.Texts.SourceLine), svgPad, y, inner, stPied)
	} else {
		y = b.paraJoined(v.Texts.SourceLine, v.Texts.DateLine, svgPad, y, inner, stPied)
	}
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
		y = b.paraFixed(bl.Message, x, y, w, stMsg) + 6
	}
	return y
}

// blocRows draws the rows of a voie (widget.Row: the same label, figure and count as the HTML)
// in a column of width w.
func (b svgBuilder) blocRows(v *widget.View, bl *widget.Bloc, x, y, w int) int {
	for i := range bl.Rows {
		r := &bl.Rows[i]
		st := stValue
		if r.Phrase != "" {
			st = stValueSm
		}
		if !r.Published {
			st = stValueSm
		}
		vw := int(math.Ceil(textwidth.Width(r.Figure, st.size, true, 0)))
		labelW := w - 36 - vw - 18
		top := y
		var yy int
		if r.Phrase != "" {
			yy = b.paraFixed(r.Phrase, x+36, y+4, labelW, stPhrase)
		} else { // sentence case in the view model, upper case in the image as in the HTML (CSS)
			yy = b.paraUpper(r.Label, x+36, y+4, labelW, stLabel)
		}
		if r.Count != "" {
			yy = b.para(r.Count, x+36, yy, labelW, stSmall)
		}
		for _, l := range r.Later {
			yy = b.paraFixed(l, x+36, yy, labelW, stSmall)
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
