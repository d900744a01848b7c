package themes

import (
	"fmt"
	"math"
	"strconv"
)

// Luminance is the WCAG 2.x relative luminance of a "#rrggbb" colour, 0 (black) to 1 (white).
func Luminance(hex string) float64 {
	ch := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(1) + 0.7152*ch(3) + 0.0722*ch(5)
}

// Contrast is the WCAG 2.x contrast ratio of two "#rrggbb" colours, 1 to 21.
func Contrast(a, b string) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Minimum contrasts of WCAG 2.x AA (SPEC §7; RGAA 3.2 and 3.3).
const (
	MinTextContrast    = 4.5 // text against its background
	MinGraphicContrast = 3.0 // pictograms and bars against their background
)

// contrastPair is one pair of colours a theme must keep apart.
type contrastPair struct {
	fg, bg       string // keys, for the message
	fgHex, bgHex string
	min          float64
}

// pairs lists what is drawn on what in a palette: every text on the background and on the
// surface, every mark on both, and the white icon inside each pictogram on its mark.
func (p Palette) pairs(scheme string) []contrastPair {
	k := func(s string) string { return scheme + "." + s }
	ps := []contrastPair{
		{k("text"), k("background"), p.Text, p.Background, MinTextContrast},
		{k("text"), k("surface"), p.Text, p.Surface, MinTextContrast},
		{k("text_muted"), k("background"), p.TextMuted, p.Background, MinTextContrast},
		{k("text_muted"), k("surface"), p.TextMuted, p.Surface, MinTextContrast},
		{k("accent"), k("background"), p.Accent, p.Background, MinTextContrast},
		{k("focus"), k("background"), p.Focus, p.Background, MinGraphicContrast},
	}
	for _, c := range []struct {
		name string
		m    Mark
	}{{"emploi", p.Emploi}, {"formation", p.Formation}, {"autres", p.Autres}} {
		ps = append(ps,
			contrastPair{k(c.name + ".text"), k("background"), c.m.Text, p.Background, MinTextContrast},
			contrastPair{k(c.name + ".text"), k("surface"), c.m.Text, p.Surface, MinTextContrast},
			contrastPair{k(c.name + ".mark"), k("background"), c.m.Mark, p.Background, MinGraphicContrast},
			contrastPair{k(c.name + ".mark"), k("surface"), c.m.Mark, p.Surface, MinGraphicContrast},
			contrastPair{k(c.name + ".icon"), k(c.name + ".mark"), c.m.Icon, c.m.Mark, MinGraphicContrast},
		)
	}
	return ps
}

// CheckContrast returns an error naming the first pair of the palette under its WCAG minimum,
// with the measured ratio ("light.emploi.mark on light.background: contrast 2.47:1, needs 3:1").
func (p Palette) CheckContrast(scheme string) error {
	for _, c := range p.pairs(scheme) {
		if r := Contrast(c.fgHex, c.bgHex); r < c.min {
			return fmt.Errorf("%s on %s: contrast %.2f:1, needs %g:1", c.fg, c.bg, r, c.min)
		}
	}
	return nil
}
