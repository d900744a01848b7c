package templates

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"
)

// SVGDoc is the standalone SVG image of a widget (the .svg routes): role="img" with a <title> and
// a <desc> that states the finding (SPEC §7, RGAA 1.1.5). All text is escaped as templ escapes
// it; svgo only draws geometry. Text is measured with textwidth, so every line fits its box.
func SVGDoc(l SVGLayout) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if err := ctx.Err(); err != nil { // as a templ component: nothing into a cancelled context
			return err
		}
		return WriteSVG(w, &l)
	})
}

// WriteSVG writes the SVG image of l to w (SVGDoc's bytes). Written directly rather than by
// templ, whose attribute handling, context and buffer cost about 18 allocations per image
// (issue 11 item 5).
func WriteSVG(w io.Writer, l *SVGLayout) error {
	sw := newSVGWriter(w)
	sw.str(`<svg xmlns="http://www.w3.org/2000/svg" width="`)
	sw.int(l.Width)
	sw.str(`" height="`)
	sw.int(l.Height)
	sw.str(`" viewBox="0 0 `)
	sw.int(l.Width)
	sw.str(` `)
	sw.int(l.Height)
	sw.str(`" role="img" aria-labelledby="ijw-t ijw-d" lang="fr"><title id="ijw-t">`)
	sw.esc(l.View.Texts.Title)
	sw.str(`</title><desc id="ijw-d">`)
	sw.esc(l.View.Texts.Resume)
	sw.str(`</desc><style>`)
	sw.str(svgCSS(l))
	sw.str(`</style><rect x="0.5" y="0.5" width="`)
	sw.int(l.Width - 1)
	sw.str(`" height="`)
	sw.int(l.Height - 1)
	sw.str(`" rx="`)
	sw.int(l.Theme.RadiusPx)
	sw.str(`" fill="`)
	sw.esc(l.Palette.Background)
	sw.str(`" stroke="`)
	sw.esc(l.Palette.Border)
	sw.str(`"></rect>`)
	svgShapes{l}.write(&sw)
	sw.str(`</svg>`)
	return sw.err
}

// svgShapes writes the rectangles, figure rows, icons and text lines of an SVG layout straight
// into the render buffer: templ's attribute and class handling cost 4 allocations per
// attribute, two thirds of an SVG render (issue 11 item 5). Text is escaped here exactly as
// templ escapes it (html.EscapeString); geometry is numbers and constant class names.
type svgShapes struct{ l *SVGLayout }

// Render implements templ.Component.
func (s svgShapes) Render(_ context.Context, w io.Writer) error {
	sw := newSVGWriter(w)
	s.write(&sw)
	return sw.err
}

// write writes the shapes to sw.
func (s svgShapes) write(sw *svgWriter) {
	for _, r := range s.l.Rects {
		sw.str(`<rect x="`)
		sw.int(r.X)
		sw.str(`" y="`)
		sw.int(r.Y)
		sw.str(`" width="`)
		sw.int(r.W)
		sw.str(`" height="`)
		sw.int(r.H)
		sw.str(`" class="`)
		sw.esc(r.Class)
		sw.str(`"></rect>`)
	}
	for _, p := range s.l.Pictos {
		sw.str(p)
	}
	for _, i := range s.l.Icons {
		sw.str(`<path transform="translate(`)
		sw.int(i.X)
		sw.str(`,`)
		sw.int(i.Y)
		sw.str(`) scale(`)
		sw.float(float64(i.Size) / 24)
		sw.str(`)" d="`)
		sw.str(iconPaths[i.Key]) // constants
		sw.str(`" class="`)
		sw.esc(i.Class)
		sw.str(`"></path>`)
	}
	for _, t := range s.l.Texts {
		sw.str(`<text x="`)
		sw.int(t.X)
		sw.str(`" y="`)
		sw.int(t.Y)
		sw.str(`" font-size="`)
		sw.float(t.Size)
		sw.str(`" font-weight="`)
		sw.str(weight(t.Bold))
		if t.Spacing != 0 {
			sw.str(`" letter-spacing="`)
			sw.float(t.Spacing)
		}
		sw.str(`" text-anchor="`)
		sw.str(anchor(t.AnchorEnd))
		sw.str(`" class="`)
		sw.esc(t.Class)
		sw.str(`">`)
		sw.esc(t.Text)
		sw.str(`</text>`)
	}
}

// svgWriter writes to w, keeping the first error; num is its scratch space for numbers.
type svgWriter struct {
	w   io.Writer
	s   io.StringWriter // w when it is one (a render buffer): asserted once, not per string
	err error
	num [32]byte
}

// newSVGWriter writes to w.
func newSVGWriter(w io.Writer) svgWriter {
	sw := svgWriter{w: w}
	sw.s, _ = w.(io.StringWriter)
	return sw
}

func (sw *svgWriter) str(s string) {
	if sw.err != nil {
		return
	}
	if sw.s != nil {
		_, sw.err = sw.s.WriteString(s)
		return
	}
	_, sw.err = io.WriteString(sw.w, s)
}

func (sw *svgWriter) bytes(b []byte) {
	if sw.err == nil {
		_, sw.err = sw.w.Write(b)
	}
}

func (sw *svgWriter) int(n int) { sw.bytes(strconv.AppendInt(sw.num[:0], int64(n), 10)) }

func (sw *svgWriter) float(f float64) { sw.bytes(strconv.AppendFloat(sw.num[:0], f, 'f', -1, 64)) }

// esc writes s escaped like html.EscapeString (& ' < > "), without building a new string.
func (sw *svgWriter) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&#34;"
		default:
			continue
		}
		sw.str(s[last:i])
		sw.str(rep)
		last = i + 1
	}
	sw.str(s[last:])

}

// text is a string rendered as escaped HTML text: @text(s) in a template writes what { s }
// writes, without templ's two allocations per expression (issue 11 item 5).
type text string

// Render implements templ.Component.
func (t text) Render(_ context.Context, w io.Writer) error {
	sw := newSVGWriter(w)
	sw.esc(string(t))
	return sw.err
}
