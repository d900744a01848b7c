package templates

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/ijwidgets/ijwidgets/themes"

	"github.com/ijwidgets/ijwidgets/templates/textwidth"
)

// svgCSS is the SVG's style for its palette, written once per palette (it was rebuilt with
// fmt.Sprintf on every render). A map under a lock, not a sync.Map: a Palette key boxed in an
// interface cost an allocation per render (issue 11 item 5). The last palette's style is kept
// apart: comparing a palette with it costs less than hashing its sixteen strings.
func svgCSS(p *themes.Palette) string {
	if last := lastPaletteCSS.Load(); last != nil && last.p == *p {
		return last.css
	}
	svgCSSByPalette.RLock()
	e, ok := svgCSSByPalette.m[*p]
	svgCSSByPalette.RUnlock()
	if !ok {
		e = &paletteStyle{*p, paletteCSS(*p)}
		svgCSSByPalette.Lock()
		if len(svgCSSByPalette.m) < maxPaletteCSS {
			svgCSSByPalette.m[*p] = e
		}
		svgCSSByPalette.Unlock()
	}
	lastPaletteCSS.Store(e)
	return e.css
}

// paletteStyle is a palette and its SVG style.
type paletteStyle struct {
	p   themes.Palette
	css string
}

// lastPaletteCSS is the palette svgCSS was last asked for, with its style.
var lastPaletteCSS atomic.Pointer[paletteStyle]

// maxPaletteCSS bounds svgCSS's memo: a few themes × 2 schemes, far fewer.
const maxPaletteCSS = 256

// svgCSSByPalette memoizes svgCSS: themes.Palette → its style.
var svgCSSByPalette = struct {
	sync.RWMutex
	m map[themes.Palette]*paletteStyle
}{m: map[themes.Palette]*paletteStyle{}}

func paletteCSS(p themes.Palette) string {
	return fmt.Sprintf("text{font-family:%s}.c-text{fill:%s}.c-muted{fill:%s}.c-demo{fill:%s}"+
		".c-emploi{fill:%s}.c-formation{fill:%s}.c-autres{fill:%s}"+
		".r-surface{fill:%s}.r-emploi{fill:%s}.r-formation{fill:%s}.r-autres{fill:%s}"+
		".i-emploi{fill:%s}.i-formation{fill:%s}.i-autres{fill:%s}",
		textwidth.FontFamily, p.Text, p.TextMuted, p.Autres.Text,
		p.Emploi.Text, p.Formation.Text, p.Autres.Text,
		p.Surface, p.Emploi.Mark, p.Formation.Mark, p.Autres.Mark,
		p.Emploi.Icon, p.Formation.Icon, p.Autres.Icon)
}

func itoa(n int) string { return strconv.Itoa(n) }
