package textwidth

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWidthKnownAdvances(t *testing.T) {
	// Liberation Sans (like Arial) has 2048 units per em; "M" advances 1706, space 569, "i" 455.
	tests := []struct {
		s    string
		size float64
		bold bool
		want float64
	}{
		{"M", 2048, false, 1706},
		{" ", 2048, false, 569},
		{"i", 2048, false, 455},
		{"Mi", 16, false, (1706 + 455) * 16.0 / 2048},
		{"M", 2048, true, 1706},
		{"%", 2048, false, 1821},
	}
	for _, tt := range tests {
		if got := Width(tt.s, tt.size, tt.bold, 0); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Width(%q, %v, bold=%v) = %v, want %v", tt.s, tt.size, tt.bold, got, tt.want)
		}
	}
	if Width("Île-de-France", 14, false, 0) <= Width("Ile-de-France", 14, false, 0)-0.01 {
		t.Error("accented letters must be measured, not dropped")
	}
}

func TestWrap(t *testing.T) {
	label := "REGISSEUR DE SPECTACLE ET D'EVENEMENT, SPECIALISATION LUMIERE, PLATEAU/SCENE, SON OU VIDEO (CFPTS)"
	lines := Wrap(label, 288, 14, true)
	if nospace := func(s string) string { return strings.ReplaceAll(s, " ", "") }; nospace(strings.Join(lines, "")) != nospace(label) {
		t.Errorf("wrap lost text: %q", lines)
	}
	for _, l := range lines {
		if w := Width(l, 14, true, 0); w > 288 {
			t.Errorf("line %q is %.1f px wide", l, w)
		}
	}
	if len(lines) < 3 {
		t.Errorf("a 100-character label needs several lines at 288 px: %q", lines)
	}
	// Break after a slash or hyphen, never inside a word.
	got := Wrap("aaaa/bbbb-cccc", Width("aaaa/", 20, false, 0)+1, 20, false)
	if strings.Join(got, "|") != "aaaa/|bbbb-|cccc" {
		t.Errorf("Wrap = %q", got)
	}
	if got := Wrap("Anticonstitutionnellement", 10, 14, false); len(got) != 1 {
		t.Errorf("a long word stands alone: %q", got)
	}
}

// TestWrapKeepsNoBreakSpaces: "34 %" and "1 064" are never split nor turned into a plain
// space (issue 11: the SVG wrote "34 %" with a breakable space where the HTML had U+202F).
func TestWrapKeepsNoBreakSpaces(t *testing.T) {
	tests := []struct {
		s     string
		width float64
		want  []string
	}{
		{"En emploi 12 mois après : 34\u202f%", 1000, []string{"En emploi 12 mois après : 34\u202f%"}},
		{"Sur 1\u202f064 apprentis", Width("Sur 1", 11, false, 0) + 1, []string{"Sur", "1\u202f064", "apprentis"}},
		{"  deux   espaces \n ", 1000, []string{"deux espaces"}},
		{"", 100, nil},
	}
	for _, tt := range tests {
		if got := Wrap(tt.s, tt.width, 11, false); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Wrap(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func BenchmarkWrap(b *testing.B) {
	label := "REGISSEUR DE SPECTACLE ET D'EVENEMENT, SPECIALISATION LUMIERE, PLATEAU/SCENE, SON OU VIDEO (CFPTS)"
	b.ReportAllocs()
	for b.Loop() {
		Wrap(label, 288, 14, true)
	}
}

// wrapBuilt is Wrap as it was before AppendWrap (each line built): the reference the
// substring lines must equal.
func wrapBuilt(s string, width, size float64, isBold bool) []string {
	m := get(isBold)
	limit := width * float64(m.unitsPerEm) / size
	space := m.adv(' ')
	var lines []string
	var line strings.Builder
	lineUnits, pending, i := 0, false, 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isBlank(r) {
			pending = line.Len() > 0
			i += n
			continue
		}
		start, units := i, 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isBlank(r) {
				break
			}
			units += m.adv(r)
			i += n
			if r == '-' || r == '/' {
				break
			}
		}
		gap := 0
		if pending {
			gap = space
		}
		if line.Len() > 0 && float64(lineUnits+gap+units) > limit {
			lines = append(lines, line.String())
			line.Reset()
			lineUnits, gap = 0, 0
		}
		if gap > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(s[start:i])
		lineUnits += gap + units
		pending = false
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// wrapSamples returns the texts both wrapping tests start from: a real long libellé, repeated
// blanks with a newline and a tab, hyphens and slashes, narrow no-break spaces.
func wrapSamples() []string {
	return []string{
		"REGISSEUR DE SPECTACLE ET D'EVENEMENT, SPECIALISATION LUMIERE, PLATEAU/SCENE, SON OU VIDEO (CFPTS)",
		"  deux   espaces \n et\tune tabulation ", "aaaa/bbbb-cccc dd - ee / ff", "Sur 1\u202f064 apprentis, 34\u202f%",
	}
}

// TestAppendWrapAsBuilt: the same lines as when each was built, for texts with single and
// repeated blanks, tabs, newlines, hyphens, slashes and no-break spaces, at many widths; a text
// of single spaces wraps without allocating into a large enough dst.
func TestAppendWrapAsBuilt(t *testing.T) {
	texts := append(wrapSamples(), "a  b c   d e f", "\n", "mot", "x-y-z w/v")
	for _, s := range texts {
		for w := 5.0; w < 400; w += 7 {
			for _, bold := range []bool{false, true} {
				want, got := wrapBuilt(s, w, 13, bold), AppendWrap(nil, s, w, 13, bold)
				if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
					t.Fatalf("AppendWrap(%q, %v) = %q, want %q", s, w, got, want)
				}
			}
		}
	}
	dst := make([]string, 0, 16)
	label := texts[0]
	if n := testing.AllocsPerRun(100, func() { dst = AppendWrap(dst[:0], label, 120, 14, true) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// TestAppendLinesMeasured: each line of AppendLines has Wrap's text, and its Width and Runes
// give exactly what Width measures of it, at every letter-spacing the SVG uses (the layout
// relies on it, not measuring the lines again); texts with invalid UTF-8 and runes the font
// lacks too.
func TestAppendLinesMeasured(t *testing.T) {
	texts := append(wrapSamples(), "Île-de-France · promotions 2022 et 2023", "a\xffb \xe2\x82 c", "日本語 テキスト ✓", "")
	for _, s := range texts {
		for w := 5.0; w < 400; w += 7 {
			for _, bold := range []bool{false, true} {
				for _, size := range []float64{11, 13, 22} {
					lines := AppendLines(nil, s, w, size, bold)
					if got, want := len(lines), len(Wrap(s, w, size, bold)); got != want {
						t.Fatalf("%q at %v: %d lines, Wrap %d", s, w, got, want)
					}
					for i, l := range lines {
						if l.Text != Wrap(s, w, size, bold)[i] {
							t.Fatalf("%q at %v: line %d %q", s, w, i, l.Text)
						}
						for _, ls := range []float64{0, 0.3, 1.5} {
							if got, want := l.Width+float64(l.Runes)*ls, Width(l.Text, size, bold, ls); got != want {
								t.Fatalf("%q at %v, spacing %v: %v, Width %v", l.Text, w, ls, got, want)
							}
						}
					}
				}
			}
		}
	}
}

// TestAdvTables: the look-up tables give each rune its advance in the font, or the fallback's
// for a rune the font lacks, as the map of every measured rune does.
func TestAdvTables(t *testing.T) {
	for _, bold := range []bool{false, true} {
		m := get(bold)
		for r := rune(-1); r < 0x2100; r++ {
			want, ok := m.advance[r]
			if !ok {
				want = m.fallback
			}
			if got := m.adv(r); got != want {
				t.Fatalf("bold=%v: adv(%U) = %d, want %d", bold, r, got, want)
			}
		}
	}
}
