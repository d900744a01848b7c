package templates

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/ijwidgets/ijwidgets/themes"

	"github.com/ijwidgets/ijwidgets/templates/textwidth"
)

// svgCSS is the SVG's style for its palette, written once per palette (it was rebuilt with
// fmt.Sprintf on every render).
func svgCSS(l SVGLayout) string {
	if s, ok := svgCSSByPalette.Load(l.Palette); ok {
		return s.(string)
	}
	s, _ := svgCSSByPalette.LoadOrStore(l.Palette, paletteCSS(l.Palette))
	return s.(string)
}

// svgCSSByPalette memoizes svgCSS: themes.Palette → string (a few themes × 2 schemes).
var svgCSSByPalette sync.Map

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

func weight(bold bool) string {
	if bold {
		return "700"
	}
	return "400"
}

func anchor(end bool) string {
	if end {
		return "end"
	}
	return "start"
}
