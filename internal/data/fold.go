package data

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/ijwidgets/ijwidgets/widget"
)

// stripMarks hands out transformers that decompose accented letters and drop their combining
// marks ("Î" → "I"). A transform.Transformer keeps buffers between calls and is not safe for
// concurrent use (issue 10: one shared chain made concurrent searches and a reload panic), so
// each call takes its own from the pool.
var stripMarks = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// ligatures are the letters NFD does not decompose, and the typographic apostrophes.
var ligatures = strings.NewReplacer("Æ", "AE", "Œ", "OE", "Ø", "O", "ß", "SS", "ẞ", "SS", "’", "'", "ʼ", "'", "‘", "'")

// foldUpper returns s in upper case without accents or ligatures ("Île-de-France" →
// "ILE-DE-FRANCE", "Provence-Alpes-Côte d’Azur" → "PROVENCE-ALPES-COTE D'AZUR", "Œ" → "OE"),
// the way the establishment files write region names. A typographic apostrophe becomes '.
// Characters without a fold are upper-cased and kept.
func foldUpper(s string) string {
	t := stripMarks.Get().(transform.Transformer)
	folded, _, err := transform.String(t, strings.ToUpper(s)) // String resets t first
	stripMarks.Put(t)
	if err != nil {
		folded = strings.ToUpper(s)
	}
	return ligatures.Replace(folded)
}

// foldKey folds s (foldUpper) and replaces every run of characters other than A–Z and 0–9 by
// sep, trimmed at both ends: "n°UAI de l'établissement" → "N_UAI_DE_L_ETABLISSEMENT" with '_'.
func foldKey(s string, sep byte) string {
	f := foldUpper(s)
	var b strings.Builder
	b.Grow(len(f))
	pending := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			if pending && b.Len() > 0 {
				b.WriteByte(sep)
			}
			pending = false
			b.WriteByte(c)
			continue
		}
		pending = true
	}
	return b.String()
}

// foldHeader is the form in which column names are compared: lower case, no accents, words
// joined by '_'. The open-data exports name their fields this way ("part_en_emploi_6_mois_apres_la_sortie")
// and label them in French ("Part en emploi 6 mois après la sortie"): both fold to the same key.
func foldHeader(s string) string { return strings.ToLower(foldKey(s, '_')) }

// regionKey is the form in which region names are compared: foldUpper, then words joined by one
// space, so that "PROVENCE-ALPES-COTE D'AZUR", "Provence-Alpes-Côte d’Azur" and
// "Provence Alpes Cote d Azur" are the same name.
func regionKey(s string) string { return foldKey(s, ' ') }

// regionNames maps region names, as written in the establishment and open-data files, to INSEE
// regions: a name matches the region whose name in the region list has the same regionKey. A key
// shared by two regions of the list matches neither.
type regionNames struct {
	byKey map[string]widget.Region
	codes map[string]widget.Region
	seen  map[string]string // name as written → INSEE code ("" when unmatched), for the report
}

func newRegionNames(list []widget.Region) *regionNames {
	rn := &regionNames{byKey: map[string]widget.Region{}, codes: map[string]widget.Region{}, seen: map[string]string{}}
	ambiguous := map[string]bool{}
	for _, g := range list {
		rn.codes[g.Code] = g
		k := regionKey(g.Nom)
		if _, dup := rn.byKey[k]; dup {
			ambiguous[k] = true
		}
		rn.byKey[k] = g
	}
	for k := range ambiguous {
		delete(rn.byKey, k)
	}
	return rn
}

// lookup returns the region of a name, or of an INSEE code written as such ("84"); reason
// is "" when found. col is the column name used in the reason.
func (rn *regionNames) lookup(col, name string) (widget.Region, string) {
	name = strings.TrimSpace(name)
	g, ok := rn.byKey[regionKey(name)]
	if !ok && isDigits(name) {
		g, ok = rn.codes[name]
	}
	if _, seen := rn.seen[name]; !seen && name != "" {
		rn.seen[strings.Clone(name)] = g.Code
	}
	switch {
	case name == "":
		return g, "empty " + col
	case !ok:
		return g, fmt.Sprintf("unknown %s %s (no INSEE region of that name)", col, quote(name))
	}
	return g, ""
}

// decimalValue reads a published number: an optional '-', digits, and an optional fraction after
// '.' or ',' ("57", "57.0", "57,5"). It returns the value rounded half to even to an integer
// (exactly, on the digits), whether the value was integral, whether it exceeds 100 (before
// rounding: "100,5" does), and a reason when s is not such a number, is negative or exceeds
// maxCount. s must not be empty.
func decimalValue(s string) (v int, integral, over100 bool, reason string) {
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	ip, fp := digits, ""
	if i := strings.IndexAny(digits, ".,"); i >= 0 {
		ip, fp = digits[:i], digits[i+1:]
	}
	if !isDigits(ip) || (fp != "" && !isDigits(fp)) {
		return 0, false, false, fmt.Sprintf("not a number %s", quote(s))
	}
	if len(ip) > 10 {
		return 0, false, false, fmt.Sprintf("value too large %s", quote(s))
	}
	n, _ := strconv.Atoi(ip)
	frac := strings.TrimRight(fp, "0")
	integral = frac == ""
	if neg && (n != 0 || !integral) {
		return 0, false, false, fmt.Sprintf("negative value %s", quote(s))
	}
	over100 = n > 100 || (n == 100 && !integral)
	if !integral {
		switch {
		case frac[0] > '5', frac[0] == '5' && len(frac) > 1:
			n++
		case frac[0] == '5' && n%2 == 1:
			n++
		}
	}
	if n > maxCount {
		return 0, false, false, fmt.Sprintf("value too large %s", quote(s))
	}
	return n, integral, over100, ""
}

// isMissing reports whether a cell is a missing value: empty or "nd" (SPEC §3: never 0).
func isMissing(s string) bool { return s == "" || strings.EqualFold(s, "nd") }

// parsePart reads a published share in % (0 to 100, decimal point or comma), rounded half to
// even to an integer. The reason names col.
func parsePart(col, s string) (widget.N, string) {
	s = strings.TrimSpace(s)
	if isMissing(s) {
		return widget.N{}, ""
	}
	v, _, over100, why := decimalValue(s)
	switch {
	case why != "":
		return widget.N{}, col + ": " + why
	case over100:
		return widget.N{}, fmt.Sprintf("%s: %s is not a share (0 to 100)", col, quote(s))
	}
	return widget.Some(v), ""
}

// parseNumber reads a published count or amount (decimal point or comma); a count must be
// integral ("57,0" is 57, "57,5" is rejected), an amount is rounded half to even to the unit.
func parseNumber(col, s string, count bool) (widget.N, string) {
	s = strings.TrimSpace(s)
	if isMissing(s) {
		return widget.N{}, ""
	}
	v, integral, _, why := decimalValue(s)
	switch {
	case why != "":
		return widget.N{}, col + ": " + why
	case count && !integral:
		return widget.N{}, fmt.Sprintf("%s: not an integer %s", col, quote(s))
	}
	return widget.Some(v), ""
}

// normUAI trims and upper-cases a UAI as read from a file or a request.
func normUAI(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
