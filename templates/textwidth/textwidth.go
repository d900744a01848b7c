// Package textwidth measures text with real font metrics, so the SVG widgets can wrap their
// labels server-side (SPEC §7). It uses Liberation Sans 2 (SIL OFL 1.1, see
// LICENSE-LiberationSans.txt), which is metric-compatible with Arial and Helvetica: the SVGs name
// "Liberation Sans, Arimo, Arial, Helvetica, sans-serif", so any of them draws the same widths.
package textwidth

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontFamily is the CSS font-family the measured SVG text must use.
const FontFamily = "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif"

var (
	//go:embed LiberationSans-Regular.ttf
	regularTTF []byte
	//go:embed LiberationSans-Bold.ttf
	boldTTF []byte
)

// metrics holds the advance of every rune of the font in font units; unitsPerEm scales them.
type metrics struct {
	unitsPerEm int
	advance    map[rune]int
	fallback   int // advance of a rune the font lacks (the font's own .notdef would be drawn)
}

var (
	once          sync.Once
	regular, bold *metrics
	loadErr       error
)

func load() {
	regular, loadErr = parse(regularTTF)
	if loadErr == nil {
		bold, loadErr = parse(boldTTF)
	}
}

func parse(ttf []byte) (*metrics, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("textwidth: parse font: %w", err)
	}
	var buf sfnt.Buffer
	upem := int(f.UnitsPerEm())
	ppem := fixed.I(upem) // measure at 1 unit per pixel: advances come back in font units
	m := &metrics{unitsPerEm: upem, advance: make(map[rune]int, 1024)}
	adv := func(r rune) (int, bool) {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			return 0, false
		}
		a, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			return 0, false
		}
		return a.Round(), true
	}
	// Latin, Latin-1, Latin Extended-A/B, general punctuation and the narrow no-break space.
	for _, rg := range [][2]rune{{0x20, 0x24f}, {0x2000, 0x206f}, {0x20ac, 0x20ac}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if a, ok := adv(r); ok {
				m.advance[r] = a
			}
		}
	}
	m.fallback = m.advance['M']
	return m, nil
}

func get(isBold bool) *metrics {
	once.Do(load)
	if loadErr != nil {
		panic(loadErr) // the fonts are embedded: failing to parse them is a build defect
	}
	if isBold {
		return bold
	}
	return regular
}

// Width returns the width in px of s set in Liberation Sans at size px (bold or regular), with
// the given letter-spacing in px added after every character.
func Width(s string, size float64, isBold bool, letterSpacing float64) float64 {
	m := get(isBold)
	units := 0
	n := 0
	for _, r := range s {
		a, ok := m.advance[r]
		if !ok {
			a = m.fallback
		}
		units += a
		n++
	}
	return float64(units)*size/float64(m.unitsPerEm) + float64(n)*letterSpacing
}

// Wrap breaks s into lines no wider than width px, breaking only after a space, a hyphen or a
// slash (never inside a word). A word wider than the line stands alone on its line, and is the
// only way a line can be wider than width: Fits reports it.
func Wrap(s string, width, size float64, isBold bool) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil
	}
	var words []string // each ends with its break character (space kept, trimmed at line end)
	start := 0
	for i, r := range s {
		if r == ' ' || r == '-' || r == '/' {
			words = append(words, s[start:i+utf8.RuneLen(r)])
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(s) {
		words = append(words, s[start:])
	}
	var lines []string
	cur := ""
	for _, w := range words {
		if cur != "" && Width(strings.TrimRight(cur+w, " "), size, isBold, 0) > width {
			lines = append(lines, strings.TrimRight(cur, " "))
			cur = ""
		}
		cur += w
	}
	if c := strings.TrimRight(cur, " "); c != "" {
		lines = append(lines, c)
	}
	return lines
}
