// Command gen rebuilds labels.tsv and words.tsv (package labels) from the real data directory:
//
//	go run ./internal/data/labels/gen -data ../shared/data -out internal/data/labels
//
// It learns, from every accented source (Certif Info labels, Onisep Idéo labels, the Kit's RNCP
// titles, BCN N_MEF LIBELLE_EDITION, BCN famille labels, Parcoursup labels), how each word is
// spelled and cased, then writes the display label of every CFD of the regional extract, of BCN
// N_MEF and of BCN N_FORMATION_DIPLOME, built from its BCN label with its own sources' spellings
// first. -sample N prints N labels at random with the accented sources of the same diploma, for
// the review by eye (issue 12: 200 of them).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/data/labels"
)

type table struct {
	head []string
	rows [][]string
}

func (t *table) col(name string) int {
	for i, h := range t.head {
		if strings.TrimSpace(h) == name {
			return i
		}
	}
	log.Fatalf("no column %q in %v", name, t.head)
	return -1
}

func read(dir, name string) *table {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		log.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	text := string(b)
	if !utf8.Valid(b) {
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		text = sb.String()
	}
	t := &table{}
	for i, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		f := data.SplitQuoted(l)
		if i == 0 {
			t.head = f
			continue
		}
		for len(f) < len(t.head) {
			f = append(f, "")
		}
		t.rows = append(t.rows, f)
	}
	return t
}

// votes counts, for one folded word, its lower-case spellings and how it is cased mid-sentence.
type votes struct {
	forms                 map[string]int // lower-case forms
	upper                 map[string]int // forms written in capitals (acronyms)
	lower, proper, capsVo int
}

type learner map[string]*votes

func (ln learner) add(label string) { ln.addOpt(label, false) }

// addCase counts the case of a label's words but not their spelling: the BCN's lower-cased
// LIBELLE_EDITION has no accents, yet says a word is no proper noun.
func (ln learner) addCase(label string) { ln.addOpt(label, true) }

func (ln learner) addOpt(label string, caseOnly bool) {
	if label == "" || strings.ContainsRune(label, '\uFFFD') {
		return
	}
	allCaps := strings.ToUpper(label) == label
	// A label without any accent (a lower-cased BCN label, an "Etat" in capitals) says nothing of
	// spelling: only its case counts.
	caseOnly = caseOnly || !hasAccent(label)
	toks := labelTokens(label)
	start := true // sentence start: the first word, and the word after " - ", ": ", "(" or "/"
	firstCap := true
	for _, t := range toks {
		if !t.word {
			s := strings.TrimSpace(t.s)
			if strings.HasSuffix(s, "-") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "(") || strings.HasSuffix(s, "/") || strings.HasSuffix(s, ".") {
				start = true
			}
			continue
		}
		w := t.s
		if strings.IndexFunc(w, unicode.IsLetter) < 0 {
			start = false
			continue
		}
		k := labels.Fold(w)
		v := ln[k]
		if v == nil {
			v = &votes{forms: map[string]int{}, upper: map[string]int{}}
			ln[k] = v
		}
		lw := strings.ToLower(w)
		r0, _ := utf8.DecodeRuneInString(w)
		if caseOnly || (unicode.IsUpper(r0) && !hasAccent(w)) {
			// French often drops the accent of a capital ("Echanges", "Etat"): no evidence
		} else if !allCaps {
			v.forms[lw]++
		} else if hasAccent(w) {
			v.forms[lw]++ // an accented capital still spells the word
		}
		r, _ := utf8.DecodeRuneInString(w)
		rest := w[utf8.RuneLen(r):]
		switch {
		case allCaps:
		case utf8.RuneCountInString(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0:
			v.capsVo++
			v.upper[w]++
		case unicode.IsUpper(r) && strings.ToLower(rest) == rest:
			if !start && !firstCap {
				v.proper++
			}
			firstCap = false
		case strings.ToLower(w) == w:
			v.lower++
		}
		start = false
	}
}

func hasAccent(w string) bool { return labels.Fold(w) != strings.ToUpper(w) }

type token struct {
	s    string
	word bool
}

func labelTokens(s string) []token {
	var out []token
	start, inWord := 0, false
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w != inWord && i > start {
			out = append(out, token{s[start:i], inWord})
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		out = append(out, token{s[start:], inWord})
	}
	return out
}

// best is the most frequent form, accented forms first when they make at least 40 % of the
// occurrences: unaccented forms mostly come from sources that drop accents (lower-cased BCN
// capitals), not from another word.
func best(m map[string]int) string {
	total, accented := 0, 0
	for k, v := range m {
		total += v
		if hasAccent(k) {
			accented += v
		}
	}
	preferAccent := accented > 0 && 5*accented >= 2*total
	b, n := "", -1
	for k, v := range m {
		if preferAccent && !hasAccent(k) {
			continue
		}
		if v > n || (v == n && k < b) {
			b, n = k, v
		}
	}
	return b
}

// lowerWords are written in lower case whatever the sources' capitals say ("bac" in "Bac pro").
var lowerWords = map[string]bool{"BAC": true}

// dict turns the votes into spellings: the most frequent lower-case form; an acronym when written
// in capitals more often than not, a proper noun when capitalised mid-sentence more often than
// written in lower case.
func (ln learner) dict(classes labels.Dict) labels.Dict {
	d := labels.Dict{}
	for k, v := range ln {
		sp := labels.Spelling{Form: best(v.forms), Class: labels.Lower}
		switch {
		case v.capsVo > v.lower+v.proper:
			sp = labels.Spelling{Form: best(v.upper), Class: labels.Acronym}
		case v.proper >= 2 && v.proper > 10*v.lower && utf8.RuneCountInString(k) > 1:
			sp.Class = labels.Proper
		}
		if lowerWords[k] {
			sp = labels.Spelling{Form: strings.ToLower(k), Class: labels.Lower}
		}
		if classes != nil {
			if g, ok := classes[k]; ok {
				if sp.Class == labels.Acronym && g.Class != labels.Acronym {
					sp.Form = best(v.forms) // capitals in this diploma's labels only ("DE - DE …")
				}
				sp.Class = g.Class
				if g.Class == labels.Proper && v.proper <= v.lower {
					sp.Class = labels.Lower // a proper noun elsewhere, not in this diploma's own labels
				}
				// The diploma's own spelling, unless it only lacks the accents the others write.
				if g.Class == labels.Acronym || sp.Form == "" || (!hasAccent(sp.Form) && hasAccent(g.Form)) {
					sp.Form = g.Form
				}
			}
		}
		if sp.Form == "" {
			continue
		}
		d[k] = sp
	}
	return d
}

func main() {
	dir := flag.String("data", "../shared/data", "real data directory")
	out := flag.String("out", "internal/data/labels", "output directory")
	sample := flag.Int("sample", 0, "print this many labels at random with their sources, for review")
	shownOnly := flag.Bool("shown", false, "sample only the CFDs that have figures (the regional extract's)")
	flag.Parse()

	vf := read(*dir, "bcn_v_formation_diplome.csv")
	mef := read(*dir, "bcn_n_mef.csv")
	nf := read(*dir, "bcn_n_formation_diplome.latin1.csv")
	reg := read(*dir, "inserjeunes_regional_formations_2019-2023.csv")
	ci := read(*dir, "certif_info_cfd_rncp_onisep_rome.csv")
	kit := read(*dir, "kit_apprentissage_cfd_rncp_20250131.csv")
	on := read(*dir, "onisep_ideo_formations_initiales_2022.csv")
	ps := read(*dir, "parcoursup_bts_capacite_voeux_2023_uai_mefstat11_cfd.csv")
	fam := read(*dir, "bcn_n_famille_metier_spec_pro.csv")

	local := map[string][]string{} // CFD → its accented labels
	addLocal := func(cfd, label string) {
		if cfd != "" && label != "" && !slices.Contains(local[cfd], label) {
			local[cfd] = append(local[cfd], label)
		}
	}
	global := learner{}
	onisepLabel := map[string]string{}
	for _, r := range on.rows {
		link := r[on.col("lien site onisep.fr")]
		onisepLabel[link[strings.LastIndexByte(link, '/')+1:]] = r[on.col("libellé formation principal")]
		global.add(r[on.col("libellé formation principal")])
	}
	for _, r := range ci.rows {
		cfd, lab := r[ci.col("Code_Scolarité")], r[ci.col("Libelle_Diplome")]
		global.add(lab)
		addLocal(cfd, lab)
		if ol := onisepLabel[r[ci.col("codeIdeo2")]]; ol != "" {
			addLocal(cfd, ol)
		}
	}
	for _, r := range kit.rows {
		lab := r[kit.col("Intitulé certification (RNCP)")]
		global.add(lab)
		addLocal(r[kit.col("Code Diplôme")], lab)
	}
	mefCFD := map[string]string{}
	for _, r := range mef.rows {
		cfd, lab := r[mef.col("FORMATION_DIPLOME")], r[mef.col("LIBELLE_EDITION")]
		mefCFD[r[mef.col("MEF_STAT_11")]] = cfd
		if lab != strings.ToLower(lab) || hasAccent(lab) { // an edited label, not the lower-cased BCN one
			global.add(lab)
			addLocal(cfd, lab)
		} else {
			global.addCase(lab)
		}
	}
	for _, r := range ps.rows {
		lab := r[ps.col("LIBELLÉFORMATION")]
		global.add(lab)
		addLocal(r[ps.col("CFD")], lab)
	}
	for _, r := range fam.rows {
		global.add(r[fam.col("LIBELLE_EDITION")])
	}
	words := global.dict(nil)
	// The BCN's short diploma labels (CAP, BEP, BTSA, CS4…) are acronyms wherever they appear.
	for _, t := range []*table{read(*dir, "bcn_n_niveau_formation_diplome.csv"), vf} {
		for _, r := range t.rows {
			c := strings.TrimSpace(r[t.col("LIBELLE_COURT")])
			if c != "" && !strings.ContainsAny(c, " -.") && !lowerWords[c] && utf8.RuneCountInString(c) <= 6 && labels.Fold(c) == c {
				words[c] = labels.Spelling{Form: c, Class: labels.Acronym}
			}
		}
	}

	bcn := map[string]string{}
	for _, r := range vf.rows {
		bcn[r[vf.col("FORMATION_DIPLOME")]] = r[vf.col("LIBELLE_LONG_200")]
	}
	want, shown := map[string]bool{}, map[string]bool{}
	for _, r := range reg.rows {
		if c := r[reg.col("cfd")]; c != "" {
			want[c], shown[c] = true, true
		}
		if m := r[reg.col("mefstat11")]; m != "" {
			want[mefCFD[m]], shown[mefCFD[m]] = true, true
		}
	}
	for _, c := range mefCFD {
		want[c] = true
	}
	for _, r := range nf.rows {
		want[r[nf.col("FORMATION_DIPLOME")]] = true
	}
	var cfds []string
	for c := range want {
		if bcn[c] != "" {
			cfds = append(cfds, c)
		}
	}
	sort.Strings(cfds)
	var lb strings.Builder
	lb.WriteString("# CFD\tdisplay label\tlabels.Sum of the BCN label — generated by internal/data/labels/gen from ../shared/data (do not edit)\n")
	built := map[string]string{}
	for _, c := range cfds {
		ln := learner{}
		for _, l := range local[c] {
			ln.add(l)
		}
		l := labels.Build(bcn[c], ln.dict(words), words)
		built[c] = l
		fmt.Fprintf(&lb, "%s\t%s\t%s\n", c, l, labels.Sum(bcn[c]))
	}
	var wb strings.Builder
	wb.WriteString("# folded word\tspelling\tclass (l lower, p proper noun, a acronym) — generated by internal/data/labels/gen (do not edit)\n")
	var keys []string
	for k := range words {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		form := words[k].Form
		if words[k].Class == labels.Lower && form == strings.ToLower(k) {
			form = "" // a plain word: its lower case
		}
		fmt.Fprintf(&wb, "%s\t%s\t%c\n", k, form, words[k].Class)
	}
	for name, s := range map[string]string{"labels.tsv": lb.String(), "words.tsv": wb.String()} {
		if err := os.WriteFile(filepath.Join(*out, name), []byte(s), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("%d labels, %d words", len(cfds), len(keys))
	if *sample > 0 {
		var withSrc []string
		for _, c := range cfds {
			if len(local[c]) > 0 && (!*shownOnly || shown[c]) {
				withSrc = append(withSrc, c)
			}
		}
		r := rand.New(rand.NewPCG(12, 2026))
		r.Shuffle(len(withSrc), func(i, j int) { withSrc[i], withSrc[j] = withSrc[j], withSrc[i] })
		for _, c := range withSrc[:min(*sample, len(withSrc))] {
			fmt.Printf("%s\t%s\n\tBCN: %s\n\tsources: %s\n", c, built[c], bcn[c], strings.Join(local[c][:min(2, len(local[c]))], " | "))
		}
	}
}
