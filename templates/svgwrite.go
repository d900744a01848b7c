package templates

import (
	"bytes"
	"context"
	"io"
	"math"
	"strconv"
	"sync"

	"github.com/a-h/templ"

	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
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
	return writeSVG(w, l, &l.View.Texts, l.Theme.RadiusPx, &l.Palette)
}

// writeSVG writes the image of l to w, with the title and description of t, the corner radius
// radiusPx and the colours of p, in one Write: the bytes are appended to w's free space when w is a bytes.Buffer (a render buffer),
// else to a pooled scratch slice. Appending to a slice, not a Write per piece, was half of the
// writing's cost (issue 11 item 5).
func writeSVG(w io.Writer, l *SVGLayout, t *widget.Texts, radiusPx int, p *themes.Palette) error {
	if buf, ok := w.(*bytes.Buffer); ok {
		buf.Grow(svgSizeHint(l, t))
		_, err := buf.Write(appendSVG(buf.AvailableBuffer(), l, t, radiusPx, p))
		return err
	}
	sp := svgScratch.Get().(*[]byte)
	b := appendSVG((*sp)[:0], l, t, radiusPx, p)
	_, err := w.Write(b)
	if cap(b) <= maxSVGScratch { // a rare large image is not kept
		*sp = b
		svgScratch.Put(sp)
	}
	return err
}

// svgSizeHint is about the size in bytes of the image of l with the texts t, a little above
// (a text line's markup and words are below 250 bytes): the buffer grows once, not while the
// image is appended.
func svgSizeHint(l *SVGLayout, t *widget.Texts) int {
	n := 2048 + len(t.Title) + len(t.Resume) + 250*len(l.Texts) + 80*len(l.Rects) + 300*len(l.Icons)
	for _, p := range l.Pictos {
		n += len(p)
	}
	return n
}

// maxSVGScratch bounds the scratch slices svgScratch keeps, in bytes.
const maxSVGScratch = 64 << 10

// svgScratch are the scratch slices of writeSVG for a writer that is not a bytes.Buffer.
var svgScratch = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// appendSVG appends the image of l to b (see writeSVG).
func appendSVG(b []byte, l *SVGLayout, t *widget.Texts, radiusPx int, p *themes.Palette) []byte {
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" width="`...)
	b = appendInt(b, l.Width)
	b = append(b, `" height="`...)
	b = appendInt(b, l.Height)
	b = append(b, `" viewBox="0 0 `...)
	b = appendInt(b, l.Width)
	b = append(b, ' ')
	b = appendInt(b, l.Height)
	b = append(b, `" role="img" aria-labelledby="ijw-t ijw-d" lang="fr"><title id="ijw-t">`...)
	b = appendEsc(b, t.Title)
	b = append(b, `</title><desc id="ijw-d">`...)
	b = appendEsc(b, t.Resume)
	b = append(b, `</desc><style>`...)
	b = append(b, svgCSS(p)...)
	b = append(b, `</style><rect x="0.5" y="0.5" width="`...)
	b = appendInt(b, l.Width-1)
	b = append(b, `" height="`...)
	b = appendInt(b, l.Height-1)
	b = append(b, `" rx="`...)
	b = appendInt(b, radiusPx)
	b = append(b, `" fill="`...)
	b = appendEsc(b, p.Background)
	b = append(b, `" stroke="`...)
	b = appendEsc(b, p.Border)
	b = append(b, `"></rect>`...)
	b = appendShapes(b, l)
	return append(b, `</svg>`...)
}

// appendShapes appends the rectangles, figure rows, icons and text lines of l to b. Text is
// escaped exactly as templ escapes it (html.EscapeString); geometry is numbers and constant
// class names.
func appendShapes(b []byte, l *SVGLayout) []byte {
	for i := range l.Rects {
		r := &l.Rects[i]
		b = appendNumbers(b, `<rect x="`, r.X, `" y="`, r.Y)
		b = appendNumbers(b, `" width="`, r.W, `" height="`, r.H)
		b = append(b, `" class="`...)
		b = appendEsc(b, r.Class)
		b = append(b, `"></rect>`...)
	}
	for _, p := range l.Pictos {
		b = append(b, p...)
	}
	for i := range l.Icons {
		ic := &l.Icons[i]
		b = appendNumbers(b, `<path transform="translate(`, ic.X, `,`, ic.Y)
		b = append(b, `) scale(`...)
		b = appendIconScale(b, ic.Size)
		b = append(b, `)" d="`...)
		b = append(b, iconPaths[ic.Key]...) // constants
		b = append(b, `" class="`...)
		b = appendEsc(b, ic.Class)
		b = append(b, `"></path>`...)
	}
	for i := range l.Texts {
		t := &l.Texts[i]
		b = appendNumbers(b, `<text x="`, t.X, `" y="`, t.Y)
		if m := t.tail; m != nil && m.of(t) { // a memoised line: written once
			b = append(b, m.markup...)
			continue
		}
		b = appendTextTail(b, t)
	}
	return b
}

// appendTextTail appends the markup of a text line after its position: its font and class
// attributes, its text escaped, the end tag.
func appendTextTail(b []byte, t *SVGText) []byte {
	b = append(b, `" font-size="`...)
	b = appendFloat(b, t.Size)
	if t.Bold {
		b = append(b, `" font-weight="700`...)
	} else {
		b = append(b, `" font-weight="400`...)
	}
	if t.Spacing != 0 {
		b = append(b, `" letter-spacing="`...)
		b = appendFloat(b, t.Spacing)
	}
	if t.AnchorEnd {
		b = append(b, `" text-anchor="end" class="`...)
	} else {
		b = append(b, `" text-anchor="start" class="`...)
	}
	b = appendEsc(b, t.Class)
	b = append(b, `">`...)
	b = appendEsc(b, t.Text)
	return append(b, `</text>`...)
}

// appendNumbers appends the markup p1, the number n1, the markup p2 and the number n2 (two
// attributes, or a coordinate pair): geometry only, never input text.
func appendNumbers(b []byte, p1 string, n1 int, p2 string, n2 int) []byte {
	b = appendInt(append(b, p1...), n1)
	return appendInt(append(b, p2...), n2)
}

// appendInt appends n in decimal, as strconv.AppendInt: the coordinates of a widget are
// below 1000 (px), written here without strconv's general path.
func appendInt(b []byte, n int) []byte {
	switch {
	case n < 0 || n >= 1000:
		return strconv.AppendInt(b, int64(n), 10)
	case n < 10:
		return append(b, byte('0'+n))
	case n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	}
	return append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
}

// appendFloat appends f as strconv.AppendFloat(b, f, 'f', -1, 64) does. The sizes and spacings
// of a widget are whole or have one decimal (a shrunk size is floor(…×10)/10, SVGText.Size):
// those are written with integer arithmetic, the shortest decimal that reads back as f being
// then its one-decimal form; any other value goes to strconv.
func appendFloat(b []byte, f float64) []byte {
	if f >= 0 && f < 1e6 && !math.Signbit(f) { // not -0, written "-0"
		if n := int(f); float64(n) == f {
			return appendInt(b, n)
		}
		if k := int(math.Round(f * 10)); float64(k)/10 == f {
			b = appendInt(b, k/10)
			return append(b, '.', byte('0'+k%10))
		}
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// iconScales are the scales of icons of 0 to 63 px (Size/24 as appendFloat writes it), written
// once: 20/24 is 0.8333333333333334, the general float formatting.
var iconScales = func() (out [64]string) {
	for i := range out {
		out[i] = strconv.FormatFloat(float64(i)/24, 'f', -1, 64)
	}
	return out
}()

// appendIconScale appends the scale of an icon of size px: size/24.
func appendIconScale(b []byte, size int) []byte {
	if size >= 0 && size < len(iconScales) {
		return append(b, iconScales[size]...)
	}
	return appendFloat(b, float64(size)/24)
}

// escapes indexes the replacement of each byte html.EscapeString replaces (& ' < > "), 0 for
// the others: one look-up per byte rather than a switch.
var escapes = [256]uint8{'&': 1, '\'': 2, '<': 3, '>': 4, '"': 5}

// escaped are the replacements escapes indexes.
var escaped = [...]string{1: "&amp;", 2: "&#39;", 3: "&lt;", 4: "&gt;", 5: "&#34;"}

// appendEsc appends s escaped like html.EscapeString.
func appendEsc(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if e := escapes[s[i]]; e != 0 {
			b = append(b, s[last:i]...)
			b = append(b, escaped[e]...)
			last = i + 1
		}
	}
	return append(b, s[last:]...)
}

// svgWriter writes to w, keeping the first error (the HTML widget's writer).
type svgWriter struct {
	w   io.Writer
	s   io.StringWriter // w when it is one (a render buffer): asserted once, not per string
	err error
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

// esc writes s escaped like html.EscapeString (& ' < > "), without building a new string.
func (sw *svgWriter) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if e := escapes[s[i]]; e != 0 {
			sw.str(s[last:i])
			sw.str(escaped[e])
			last = i + 1
		}
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
