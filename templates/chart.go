package templates

import (
	"bytes"
	"fmt"
	"sync"

	svg "github.com/ajstarks/svgo"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Geometry of the pictogram row, in SVG user units (px at 100 %).
const (
	pictoCell   = 28 // width of one person figure, gap included
	pictoHeight = 44
	pictoWidth  = pictoCell * widget.NbPictogrammes
)

// Icon paths on a 24×24 grid: constants, never input text (svgo writes attributes unescaped).
var iconPaths = map[string]string{
	// briefcase: employment
	"emploi": "M9 3h6a2 2 0 0 1 2 2v2h3a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2h3V5a2 2 0 0 1 2-2zm0 4h6V5H9v2zm-5 5v2h16v-2H4z",
	// graduation cap: education
	"formation": "M12 3 1 8.5l11 5.5 9-4.5V16h2V8.5L12 3zM5 12.6V16c0 1.9 3.1 3.5 7 3.5s7-1.6 7-3.5v-3.4l-7 3.5-7-3.5z",
	// a path that forks in two: other situations
	"autres": "M11 22v-7.2L5.6 9.4 4 11V5h6L8.4 6.6 12 10.2l3.6-3.6L14 5h6v6l-1.6-1.6-5.4 5.4V22h-2z",
}

// IconSVG returns a decorative 24×24 icon (aria-hidden) for a category key, filled with
// currentColor so CSS sets its colour.
// A key without an icon ("salaire") has none: "".
func IconSVG(key string) string { return iconSVGs[key] }

// iconSVGs are the inline icons, drawn once: they are constants.
var iconSVGs = func() map[string]string {
	out := make(map[string]string, len(iconPaths))
	for key, d := range iconPaths {
		var b bytes.Buffer
		b.WriteString(`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">`)
		svg.New(&b).Path(d)
		b.WriteString(`</svg>`)
		out[key] = b.String()
	}
	return out
}()

// personsGroup draws the ten figures at (x, y): figure i takes the colour of its category, in
// display order emploi, formation, autres (SPEC §6), each figure carrying its category's icon on
// the body so the categories are told apart without colour. Colours come from CSS classes
// (r-emploi for the figure, i-emploi for its icon), so one drawing serves every theme and scheme.
func personsGroup(b *bytes.Buffer, p widget.Pictogrammes, x, y int) {
	canvas := svg.New(b)
	canvas.Gtransform(fmt.Sprintf("translate(%d,%d)", x, y))
	keys := make([]string, 0, widget.NbPictogrammes)
	for _, key := range []string{"emploi", "formation", "autres"} {
		for i := 0; i < p.Whole(key); i++ {
			keys = append(keys, key)
		}
		if p.Partage[0] == key { // the shared figure right after the first category's own
			keys = append(keys, "")
		}
	}
	for i, key := range keys {
		cx := i*pictoCell + pictoCell/2
		if key == "" {
			sharedFigure(canvas, cx, p.Partage)
			continue
		}
		canvas.Circle(cx, 7, 6, `class="r-`+key+`"`)
		canvas.Roundrect(cx-11, 15, 22, 29, 7, 7, `class="r-`+key+`"`)
		canvas.Gtransform(fmt.Sprintf("translate(%d,20) scale(0.75)", cx-9))
		canvas.Path(iconPaths[key], `class="i-`+key+`"`)
		canvas.Gend()
	}
	canvas.Gend()
}

// sharedFigure draws the figure two equal shares share (issue 13): its left half in the first
// category's colour, its right half in the second's, each half with its category's icon at
// half size, so the halves are told apart without colour. Paths, not a clip-path: an id would
// repeat when a page has several rows.
func sharedFigure(canvas *svg.SVG, cx int, pair [2]string) {
	left, right := pair[0], pair[1]
	// The halves stand 1.5 px apart, so the split shows without colour too.
	canvas.Gtransform("translate(-0.75,0)")
	canvas.Path(fmt.Sprintf("M%d 1a6 6 0 0 0 0 12z", cx), `class="r-`+left+`"`)
	canvas.Path(fmt.Sprintf("M%d 15h-4a7 7 0 0 0-7 7v15a7 7 0 0 0 7 7h4z", cx), `class="r-`+left+`"`)
	canvas.Gtransform(fmt.Sprintf("translate(%d,24) scale(0.42)", cx-10))
	canvas.Path(iconPaths[left], `class="i-`+left+`"`)
	canvas.Gend()
	canvas.Gend()
	canvas.Gtransform("translate(0.75,0)")
	canvas.Path(fmt.Sprintf("M%d 1a6 6 0 0 1 0 12z", cx), `class="r-`+right+`"`)
	canvas.Path(fmt.Sprintf("M%d 15h4a7 7 0 0 1 7 7v15a7 7 0 0 1-7 7h-4z", cx), `class="r-`+right+`"`)
	canvas.Gtransform(fmt.Sprintf("translate(%d,24) scale(0.42)", cx+1))
	canvas.Path(iconPaths[right], `class="i-`+right+`"`)
	canvas.Gend()
	canvas.Gend()
}

// PictosSVG returns the pictogram row as a standalone, decorative inline SVG for the HTML widget
// (the figures are given as text next to it).
func PictosSVG(p widget.Pictogrammes) string {
	k := pictoKey{p: p, x: -1} // x -1: the standalone inline SVG, not a positioned group
	if s, ok := pictoRows.Load(k); ok {
		return s.(string)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" aria-hidden="true" focusable="false">`, pictoWidth, pictoHeight)
	personsGroup(&b, p, 0, 0)
	b.WriteString(`</svg>`)
	s, _ := pictoRows.LoadOrStore(k, b.String())
	return s.(string)
}

// pictoKey identifies a drawn figure row: at most 66 apportionments (and a few shared) × a few positions.
type pictoKey struct {
	p    widget.Pictogrammes
	x, y int
}

// pictoRows memoizes the figure rows: drawing them with svgo was a quarter of an SVG render.
var pictoRows sync.Map // pictoKey → string

// pictosGroupString returns the figure row as an SVG <g> placed at (x, y), for the standalone SVG.
func pictosGroupString(p widget.Pictogrammes, x, y int) string {
	k := pictoKey{p, x, y}
	if s, ok := pictoRows.Load(k); ok {
		return s.(string)
	}
	var b bytes.Buffer
	personsGroup(&b, p, x, y)
	s, _ := pictoRows.LoadOrStore(k, b.String())
	return s.(string)
}
