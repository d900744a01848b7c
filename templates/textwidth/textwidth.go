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
// Latin runes (below tableRunes) are looked up in an array: a map look-up per character was a
// sixth of an SVG render (issue 11 item 5).
type metrics struct {
	unitsPerEm int
	table      [tableRunes]int32 // advance, the fallback's for a rune the font lacks
	punct      [punctRunes]int32 // the same from punctStart: the no-break spaces of "20 %", "1 064"
	advance    map[rune]int      // the other runes
	fallback   int               // advance of a rune the font lacks (the font's own .notdef would be drawn)
}

// tableRunes is the size of the direct look-up table (Latin, Latin-1, Latin Extended-A/B);
// punctStart and punctRunes are the general punctuation's (U+2000–U+206F).
const (
	tableRunes = 0x250
	punctStart = 0x2000
	punctRunes = 0x70
)

// adv is the advance of r in font units.
func (m *metrics) adv(r rune) int {
	if uint32(r) < tableRunes {
		return int(m.table[r])
	}
	if i := uint32(r) - punctStart; i < punctRunes {
		return int(m.punct[i])
	}
	if a, ok := m.advance[r]; ok {
		return a
	}
	return m.fallback
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
	for r := range m.table {
		m.table[r] = int32(m.fallback)
		if a, ok := m.advance[rune(r)]; ok {
			m.table[r] = int32(a)
		}
	}
	for i := range m.punct {
		m.punct[i] = int32(m.fallback)
		if a, ok := m.advance[rune(punctStart+i)]; ok {
			m.punct[i] = int32(a)
		}
	}
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
	units, n := 0, 0
	for _, r := range s {
		units += m.adv(r)
		n++
	}
	return float64(units)*size/float64(m.unitsPerEm) + float64(n)*letterSpacing
}

// isBlank reports the breakable white space of a text: the no-break spaces (U+00A0, U+202F
// before "%" and "€", inside "1 064") are not, they are part of the word.
func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// Wrap breaks s into lines no wider than width px, breaking only after a space, a hyphen or a
// slash (never inside a word, never at a no-break space). A word wider than the line stands
// alone on its line, and is the only way a line can be wider than width. Each rune is measured
// once (the line's width is kept as it grows): linear in the length of s.
func Wrap(s string, width, size float64, isBold bool) []string {
	return AppendWrap(nil, s, width, size, isBold)
}

// AppendWrap appends the lines of Wrap to dst and returns it. A line whose words are separated
// by single spaces in s (nearly all) is a substring of s: no allocation but dst's growth up to
// eight lines, one more past them (issue 11: building each line cost a third of an SVG
// render's allocations). The SVG layout wraps with AppendLines.
func AppendWrap(dst []string, s string, width, size float64, isBold bool) []string {
	var buf [8]Line
	for _, l := range AppendLines(buf[:0], s, width, size, isBold) {
		dst = append(dst, l.Text)
	}
	return dst
}

// Line is a line of Wrap with what it measures: Width is Width(Text, size, bold, 0) in px, and
// Runes the characters a letter-spacing ls is added after, so that Width(Text, size, bold, ls)
// is exactly Width + float64(Runes)*ls. The wrapping measured them: the line need not be
// measured again.
type Line struct {
	Text  string
	Width float64
	Runes int
}

// AppendLines appends the lines of Wrap, measured, to dst and returns it (see AppendWrap).
func AppendLines(dst []Line, s string, width, size float64, isBold bool) []Line {
	m := get(isBold)
	limit := width * float64(m.unitsPerEm) / size // in font units
	if units, runes, ok := m.oneLine(s); ok && float64(units) <= limit {
		// s is one line as it is: nothing to break (most of a widget's own texts)
		return append(dst, Line{Text: s, Width: float64(units) * size / float64(m.unitsPerEm), Runes: runes})
	}
	space := m.adv(' ')
	// The line is s[lineStart:lineEnd] while plain (its gaps are single spaces of s), else
	// it is built in line.
	var line strings.Builder
	lineStart, lineEnd, plain := 0, 0, true
	empty := true
	lineUnits, lineRunes := 0, 0 // the line, without a trailing space
	// flush appends the line to dst. The line's state is passed, not captured: captured, it
	// would live in memory rather than in registers while the words are measured.
	flush := func(dst []Line, line *strings.Builder, lineStart, lineEnd, lineUnits, lineRunes int, plain bool) []Line {
		l := Line{Width: float64(lineUnits) * size / float64(m.unitsPerEm), Runes: lineRunes}
		if plain {
			l.Text = s[lineStart:lineEnd]
		} else {
			l.Text = line.String()
			line.Reset()
		}
		return append(dst, l)
	}
	pending := false // a space is due before the next word
	i := 0
	for i < len(s) {
		// skip blanks: one space between words, none at a line's start or end
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if isBlank(r) {
			pending = !empty
			i += n
			continue
		}
		// the next word, up to and including a hyphen or slash, or up to a blank
		start, units, runes := i, 0, 0
		for i < len(s) {
			r, n := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			if isBlank(r) {
				break
			}
			units += m.adv(r)
			runes++
			i += n
			if r == '-' || r == '/' {
				break
			}
		}
		word := s[start:i]
		gap, gapRunes := 0, 0
		if pending {
			gap, gapRunes = space, 1
		}
		if !empty && float64(lineUnits+gap+units) > limit {
			dst = flush(dst, &line, lineStart, lineEnd, lineUnits, lineRunes, plain)
			empty, plain = true, true
			lineUnits, lineRunes, gap, gapRunes = 0, 0, 0, 0
		}
		switch {
		case empty:
			lineStart, lineEnd, empty = start, i, false
		case plain && (gap == 0 && start == lineEnd || gap > 0 && start == lineEnd+1 && s[lineEnd] == ' '):
			lineEnd = i // the word follows in s as it does in the line
		default:
			if plain { // from here on the line is built
				line.WriteString(s[lineStart:lineEnd])
				plain = false
			}
			if gap > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(word)
		}
		lineUnits += gap + units
		lineRunes += gapRunes + runes
		pending = false
	}
	if !empty {
		dst = flush(dst, &line, lineStart, lineEnd, lineUnits, lineRunes, plain)
	}
	return dst
}

// oneLine measures s in font units and characters, if s would be one line of Wrap as it is
// when wide enough: not empty, its words separated by single spaces, no blank at its ends nor
// other than a space. Measured in one pass: the wrapping's word by word walk costs twice as much.
func (m *metrics) oneLine(s string) (units, runes int, ok bool) {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return 0, 0, false
	}
	space := false // the previous character was a space
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if r == ' ' {
			if space {
				return 0, 0, false
			}
			space = true
		} else if isBlank(r) {
			return 0, 0, false
		} else {
			space = false
		}
		units += m.adv(r)
		runes++
		i += n
	}
	return units, runes, true
}
