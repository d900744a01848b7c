// Package labels gives accented, well-cased display labels for the BCN's certification labels
// (issue 12 item 6): the BCN writes "MAINTENANCE DES VEHICULES OPTION C MOTOCYCLES (BAC PRO)",
// a reader should see "Maintenance des véhicules option C motocycles (Bac pro)".
//
// Two generated files, rebuilt by `go generate` (./gen reads ../shared/data, never copied here):
// labels.tsv holds the display label of each CFD, built word by word from the BCN label with the
// spellings of that diploma's own accented labels (Onisep through Certif Info, Certif Info, the
// Kit's RNCP titles, BCN N_MEF LIBELLE_EDITION, Parcoursup); words.tsv is the word-level accent
// and case table learned from all those sources, which Display applies to any other BCN label.
package labels

//go:generate go run ./gen -data ../../../../shared/data -out .

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

//go:embed labels.tsv
var labelsTSV string

//go:embed words.tsv
var wordsTSV string

// Class is how a word is written inside a label.
type Class byte

// The word classes of words.tsv.
const (
	Lower   Class = 'l' // a common word: lower case ("véhicules")
	Proper  Class = 'p' // a proper noun: capitalised ("Paris", "Kedge")
	Acronym Class = 'a' // an acronym: upper case ("CAP", "BTS", "CFA")
)

// Spelling is a word's accented form (lower case, or as written for an acronym) and class.
type Spelling struct {
	Form  string
	Class Class
}

// Dict maps a folded word (Fold) to its spelling.
type Dict map[string]Spelling

var (
	once   sync.Once
	byCFD  map[string]entry
	global Dict
)

type entry struct{ label, sum string }

// Sum is the short hash labels.tsv keeps of the BCN label each display label was built from:
// a newer BCN label does not get an older display label.
func Sum(bcn string) string {
	var hex [8]byte
	return string(appendSum(hex[:0], bcn))
}

// appendSum appends Sum(bcn) to dst. The hash is FNV-1a of bcn's words joined by one space
// (strings.Fields, then strings.Join), computed word by word in place: Label runs on every
// uncached render (issue 11 item 5), and joining, hashing and formatting cost it six allocations.
func appendSum(dst []byte, bcn string) []byte {
	const offset, prime = 2166136261, 16777619 // FNV-1a, 32 bits (hash/fnv)
	h := uint32(offset)
	inWord, words := false, 0
	for i := 0; i < len(bcn); {
		r, size := rune(bcn[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(bcn[i:])
		}
		if unicode.IsSpace(r) { // strings.Fields' separators
			inWord = false
			i += size
			continue
		}
		if !inWord {
			if words > 0 {
				h = (h ^ ' ') * prime
			}
			inWord, words = true, words+1
		}
		for _, c := range []byte(bcn[i : i+size]) {
			h = (h ^ uint32(c)) * prime
		}
		i += size
	}
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, digits[h>>uint(shift)&0xf])
	}
	return dst
}

func parse() {
	byCFD = map[string]entry{}
	for _, l := range strings.Split(labelsTSV, "\n") {
		if f := strings.Split(l, "\t"); len(f) == 3 && !strings.HasPrefix(l, "#") {
			byCFD[f[0]] = entry{label: f[1], sum: f[2]}
		}
	}
	global = Dict{}
	for _, l := range strings.Split(wordsTSV, "\n") {
		f := strings.Split(l, "\t")
		if len(f) == 3 && len(f[2]) == 1 && !strings.HasPrefix(l, "#") {
			if f[1] == "" {
				f[1] = strings.ToLower(f[0]) // a plain word: its lower case
			}
			global[f[0]] = Spelling{Form: f[1], Class: Class(f[2][0])}
		}
	}
}

// Label returns the display label of a CFD whose BCN label is bcn: the generated one when
// labels.tsv has the CFD with that same BCN label, else Display(bcn).
func Label(cfd, bcn string) string {
	once.Do(parse)
	var sum [8]byte
	if e, ok := byCFD[cfd]; ok && e.sum == string(appendSum(sum[:0], bcn)) {
		return e.label
	}
	return Display(bcn)
}

// Words returns the word table of words.tsv (shared: do not modify).
func Words() Dict {
	once.Do(parse)
	return global
}

// Display turns a BCN label into a display label with the word table alone (for CFDs that
// labels.tsv lacks, e.g. in a newer BCN file). "" stays "".
func Display(bcn string) string { return Build(bcn, nil, Words()) }

var stripMarks = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold is the key of a word: upper case without accents ("Véhicules" → "VEHICULES"; Œ → OE).
func Fold(w string) string {
	t := stripMarks.Get().(transform.Transformer)
	f, _, err := transform.String(t, strings.ToUpper(w))
	stripMarks.Put(t)
	if err != nil {
		f = strings.ToUpper(w)
	}
	return strings.NewReplacer("Œ", "OE", "Æ", "AE").Replace(f)
}

// diplomas are the diploma abbreviations of BCN labels, written as the ministry writes them in
// running text (issue 12: "(BAC PRO)" → "Bac pro").
var diplomas = map[string]string{
	"BAC PRO": "Bac pro", "BAC PRO AG": "Bac pro agricole", "BAC TECHNO": "Bac techno", "BAC GENE": "Bac général",
	"LIC PRO": "Licence pro", "LIC LMD": "Licence", "MASTER PRO": "Master pro", "MASTER": "Master",
}

// Tokens of a label: runs of letters (with apostrophes inside elisions split off) and digits, and
// the characters between them.
func tokens(s string) []string {
	var out []string
	start, inWord := 0, false
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w != inWord && i > start {
			out = append(out, s[start:i])
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func isWord(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// romans are the level numerals of BCN labels ("MC NIVEAU IV").
var romans = map[string]bool{"I": true, "II": true, "III": true, "IV": true, "V": true, "VI": true, "VII": true}

// optionWords introduce an option or specialty letter ("OPTION C", "SPECIALITE A").
var optionWords = map[string]bool{"OPTION": true, "OPTIONS": true, "SPECIALITE": true, "SPE": true, "DOMINANTE": true,
	"MENTION": true, "PARCOURS": true, "COLORATION": true, "OPT": true, "SECTEUR": true, "SERIE": true, "SECTION": true}

// Build writes a BCN label for display: each word spelled from local (the diploma's own accented
// labels) else from global, in sentence case; acronyms, option letters and level numerals in
// capitals, proper nouns capitalised, the diploma abbreviation in parentheses written as in running
// text ("(Bac pro)", "(CAP)", "(MC niveau IV)"). Words neither dictionary knows are lower case
// outside parentheses and kept as written inside them (school and city acronyms).
func Build(bcn string, local, global Dict) string {
	bcn = strings.Join(strings.Fields(bcn), " ")
	if bcn == "" {
		return ""
	}
	toks := tokens(bcn)
	var b strings.Builder
	depth, first := 0, true
	prev := "" // the previous word, folded
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !isWord(t) {
			depth += strings.Count(t, "(") - strings.Count(t, ")")
			b.WriteString(t)
			continue
		}
		f := Fold(t)
		// A diploma abbreviation of two or three words inside parentheses.
		if depth > 0 {
			if done, n := diplomaAt(toks, i); n > 0 {
				b.WriteString(done)
				i += n - 1
				prev, first = "", false
				continue
			}
		}
		var out string
		sp, known := local[f]
		if !known || !hasAccent(sp.Form) {
			if g, ok := inflected(f, global); ok && (!known || Fold(g.Form) == f) {
				sp, known = g, true
			}
		}
		if g, ok := global[f]; known && ok && accents(g.Form) > accents(sp.Form) && g.Class != Acronym {
			sp.Form = g.Form // "Ebéniste" in the diploma's label, "ébéniste" elsewhere
		}
		if !known {
			sp, known = global[f]
			// The global table's proper nouns are schools and cities: trusted inside parentheses
			// only, where the BCN names them; elsewhere a word like "client" is no name.
			if known && sp.Class == Proper && depth == 0 {
				sp.Class = Lower
			}
		}
		// A parenthesis holding one short word is an acronym (a school, a diploma): "(STAFF)", "(BTA)".
		lone := depth > 0 && i > 0 && strings.HasSuffix(toks[i-1], "(") && (i == 1 || strings.HasSuffix(toks[i-1], " (")) && (i+1 == len(toks) || strings.HasPrefix(toks[i+1], ")")) &&
			utf8.RuneCountInString(t) <= 6 && strings.ToUpper(t) == t
		glued := i >= 2 && toks[i-1] == "(" && isWord(toks[i-2]) // "MEDICAL(E)", "TECHNICIEN(NE)"
		switch {
		case glued:
			out = strings.ToLower(t)
		case lone && !(known && sp.Class == Acronym):
			out = t
		case hasLetterAndDigit(f):
			out = f // a code: "C2", "A3", "CS4"
		case optionWords[prev] && len(f) == 1:
			out = f // option letter
		case romans[f] && (prev == "NIVEAU" || prev == "NIV" || depth > 0):
			out = f
		case known && sp.Class == Acronym:
			out = sp.Form
		case known && sp.Class == Proper:
			out = capitalize(sp.Form)
		case known:
			out = sp.Form
		case depth > 0 && utf8.RuneCountInString(t) >= 5 && strings.ToUpper(t) == t && !isDigitsOnly(f) && !hasLetterAndDigit(f) && !acronymLike(f):
			out = capitalize(strings.ToLower(t)) // a name the sources do not know: "(CCI MORBIHAN)" → Morbihan
		case depth > 0 && !isDigitsOnly(f):
			out = t // a short acronym of a school or a body: as the BCN writes it
		default:
			out = strings.ToLower(t)
		}
		if first {
			out = capitalize(out)
			first = false
		}
		b.WriteString(out)
		prev = f
	}
	return b.String()
}

// diplomaAt matches a diploma abbreviation of diplomas starting at toks[i] (words separated by
// single spaces); n is the number of tokens it spans, 0 for none.
func diplomaAt(toks []string, i int) (string, int) {
	best, bestN := "", 0
	key := ""
	for j := i; j < len(toks) && j < i+5; j += 2 {
		if !isWord(toks[j]) {
			break
		}
		if j > i {
			if toks[j-1] != " " {
				break
			}
			key += " "
		}
		key += Fold(toks[j])
		if d, ok := diplomas[key]; ok && (j+1 == len(toks) || !isWord(toks[j+1])) {
			best, bestN = d, j-i+1
		}
	}
	return best, bestN
}

// inflected spells a word the table lacks, or knows only without accents, from the same word
// with or without a final S ("GENERALES" from "générale", "COLLECTIVITE" from "collectivités"),
// when that one carries accents. ok is false when none does.
func inflected(f string, d Dict) (Spelling, bool) {
	if sp, ok := d[f]; ok && hasAccent(sp.Form) {
		return sp, true
	}
	if utf8.RuneCountInString(f) < 5 {
		return Spelling{}, false
	}
	for _, suf := range []string{"S"} {
		if sp, ok := d[f+suf]; ok && hasAccent(sp.Form) && strings.HasSuffix(sp.Form, strings.ToLower(suf)) && sp.Class == Lower {
			return Spelling{Form: strings.TrimSuffix(sp.Form, strings.ToLower(suf)), Class: Lower}, true
		}
		if base, ok := strings.CutSuffix(f, suf); ok {
			if sp, ok := d[base]; ok && hasAccent(sp.Form) && sp.Class == Lower {
				return Spelling{Form: sp.Form + strings.ToLower(suf), Class: Lower}, true
			}
		}
	}
	return Spelling{}, false
}

func hasAccent(w string) bool { return Fold(w) != strings.ToUpper(w) }

// acronymLike reports a word with three consonants in a row (H aside: CH, SH, TH), which a
// name seldom has and an acronym often does: "APCMA", not "MORBIHAN" or "CHRISTINE".
func acronymLike(f string) bool {
	run := 0
	for _, r := range f {
		switch {
		case r == 'H':
		case strings.ContainsRune("AEIOUY", r) || !unicode.IsLetter(r):
			run = 0
		default:
			if run++; run >= 3 {
				return true
			}
		}
	}
	return false
}

// accents counts the letters of w outside ASCII.
func accents(w string) int {
	n := 0
	for _, r := range w {
		if r > unicode.MaxASCII {
			n++
		}
	}
	return n
}

// hasLetterAndDigit reports a code of letters then digits ("C2", "A3", "CS4"), not "1ER" or "2NDE".
func hasLetterAndDigit(s string) bool {
	i := strings.IndexAny(s, "0123456789")
	return i > 0 && strings.IndexFunc(s[i:], unicode.IsLetter) < 0
}

func isDigitsOnly(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
