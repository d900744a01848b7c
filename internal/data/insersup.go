package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Quartiles are published salary quartiles in euros (net monthly salary of the graduates in
// salaried employment, as InserSup publishes it), rounded half to even to the euro.
type Quartiles struct {
	Q1      widget.N // first quartile, € per month (salaire_q1_…)
	Mediane widget.N // median, € per month (salaire_q2_…)
	Q3      widget.N // third quartile, € per month (salaire_q3_…)
}

// InserSupRow is what the InserSup export publishes, nationally and for the whole population
// (every "ensemble" filter), for one higher-education diploma (SISE code) and millésime.
// Counts are numbers of graduates.
type InserSupRow struct {
	Code        widget.Code      // KindSISE
	Libelle     string           // libelle_diplome as published ("" when the export has none)
	TypeDiplome string           // type_diplome_long, e.g. "Master LMD" ("" when absent)
	Millesime   widget.Millesime // the promo years joined: promo 2020 and 2021 → 2020_2021
	// NbSortants are the graduates who left education (nb_sortants): the denominator of InserSup's
	// employment rates.
	NbSortants widget.N
	// NbPoursuivants are the graduates who went on studying (nb_poursuivants).
	NbPoursuivants widget.N
	// NbEnEmploiXMois are the leavers in salaried employment in France X months after graduating
	// (nb_sortants_en_emploi_sal_fr_X).
	NbEnEmploi6Mois, NbEnEmploi12Mois, NbEnEmploi18Mois, NbEnEmploi24Mois widget.N
	// Salaire12Mois are the salary quartiles 12 months after graduating, when published.
	Salaire12Mois Quartiles
}

// Counts returns the row as widget.Counts for the indicator rules (SPEC §4): the cohort
// (NbAnneeTerm) is the graduates, NbSortants + NbPoursuivants (missing when either is);
// NbPoursuiteEtudes is NbPoursuivants and NbSortant is NbSortants.
func (r InserSupRow) Counts() widget.Counts {
	return widget.Counts{
		NbAnneeTerm:       r.NbSortants.Add(r.NbPoursuivants),
		NbEnEmploi6Mois:   r.NbEnEmploi6Mois,
		NbEnEmploi12Mois:  r.NbEnEmploi12Mois,
		NbEnEmploi18Mois:  r.NbEnEmploi18Mois,
		NbEnEmploi24Mois:  r.NbEnEmploi24Mois,
		NbPoursuiteEtudes: r.NbPoursuivants,
		NbSortant:         r.NbSortants,
	}
}

// InserSup returns the InserSup rows of a SISE code, oldest millésime first; nil for another
// kind of code or a code without rows. The result is a new slice on each call.
func (s *Snapshot) InserSup(c widget.Code) []InserSupRow {
	if c.Kind != widget.KindSISE {
		return nil
	}
	return slices.Clone(s.insersup[c.Value])
}

// The columns of the InserSup export, in the order of insersupSpecs.
const (
	sDiplome = iota
	sPromo
	sSortants
	sPoursuivants
	sEmploi6 // wide variant: one column per horizon
	sEmploi12
	sEmploi18
	sEmploi24
	sSalQ1 // wide: salaire_q1_12…
	sSalQ2
	sSalQ3
	sHorizon // long variant: one row per horizon
	sEmploi
	sLongQ1
	sLongQ2
	sLongQ3
	sLibelle
	sType
	sGenre // population filters: "ensemble" only
	sNationalite
	sObtention
	sRegime
	sSource // "insersup" only
	sUoLib  // "National" only
	sEtab   // "all" (or empty) only, when there is no uo_lib
	nSupCols
)

// insersupSpecs are the columns read from the InserSup export (dataset fr-esr-insersup): the
// current wide layout has one column per horizon (nb_sortants_en_emploi_sal_fr_6 … _24,
// salaire_q1_12 …); the earlier long layout has one row per horizon (date_inser_long "6 mois
// après le diplôme", nb_sortants_en_emploi_sal_fr, salaire_q1 …). Both are read.
func insersupSpecs() []colSpec {
	sp := make([]colSpec, nSupCols)
	sp[sDiplome] = colSpec{name: "diplome"}
	sp[sPromo] = colSpec{name: "promo"}
	sp[sSortants] = colSpec{name: "nb_sortants"}
	sp[sPoursuivants] = colSpec{name: "nb_poursuivants"}
	for i, h := range []string{"6", "12", "18", "24"} {
		sp[sEmploi6+i] = colSpec{name: "nb_sortants_en_emploi_sal_fr_" + h, optional: true}
	}
	for i, q := range []string{"q1", "q2", "q3"} {
		sp[sSalQ1+i] = colSpec{name: "salaire_" + q + "_12", optional: true}
		sp[sLongQ1+i] = colSpec{name: "salaire_" + q, optional: true}
	}
	sp[sHorizon] = colSpec{name: "date_inser_long", aliases: []string{"date_inser"}, optional: true}
	sp[sEmploi] = colSpec{name: "nb_sortants_en_emploi_sal_fr", optional: true}
	sp[sLibelle] = colSpec{name: "libelle_diplome", optional: true}
	sp[sType] = colSpec{name: "type_diplome_long", aliases: []string{"type_diplome"}, optional: true}
	sp[sGenre] = colSpec{name: "genre", optional: true}
	sp[sNationalite] = colSpec{name: "nationalite", optional: true}
	sp[sObtention] = colSpec{name: "obtention_diplome", optional: true}
	sp[sRegime] = colSpec{name: "regime_inscription", optional: true}
	sp[sSource] = colSpec{name: "source", optional: true}
	sp[sUoLib] = colSpec{name: "uo_lib", optional: true}
	sp[sEtab] = colSpec{name: "etablissement", optional: true}
	return sp
}

// supKey keys one InserSup row: h is the horizon in months of a long-layout row, 0 for a wide one.
type supKey struct {
	code      string
	millesime widget.Millesime
	h         int
}

func (k supKey) describe() string {
	if k.h == 0 {
		return fmt.Sprintf("(SISE:%s, %s)", k.code, k.millesime)
	}
	return fmt.Sprintf("(SISE:%s, %s, %d months)", k.code, k.millesime, k.h)
}

// inserSup reads the InserSup export (PatternInserSup). Filtered rows: another population than
// "ensemble" (genre, nationalite, obtention_diplome, regime_inscription), another source than
// "insersup", another level than national (uo_lib "National"; without uo_lib, etablissement "all"
// or empty), diplome "all", a single promotion year (not a millésime), a long-layout horizon
// other than 6, 12, 18 or 24 months. Rejected rows: a diplome that is not a 7-character code, a
// promo that is not one or two consecutive years, a count that is negative or not an integer, an
// employment count above nb_sortants, salary quartiles out of order. Long-layout rows of one
// diplome and millésime are merged; rows that disagree on the diplome's label or counts are all
// rejected.
func (l *loader) inserSup(text string, fr *FileReport) error {
	t, col, err := openFolded(text, insersupSpecs())
	if err != nil {
		return err
	}
	long := col[sHorizon] >= 0
	switch {
	case long && col[sEmploi] < 0:
		return fmt.Errorf("%w %q (a file with %s)", ErrMissingColumn, "nb_sortants_en_emploi_sal_fr", t.col(col[sHorizon]))
	case !long && col[sEmploi6] < 0:
		return fmt.Errorf("%w %q", ErrMissingColumn, "nb_sortants_en_emploi_sal_fr_6")
	}
	d := newDedup[supKey, InserSupRow](t.lines())
	first := map[supKey]int{}
	t.rowsFiltered(fr, func(line int, f []string) (outcome, string) {
		k, r, o, why := parseInserSup(t, col, long, f)
		if o == rowKept {
			d.add(k, r, line)
			if _, ok := first[k]; !ok {
				first[k] = line
			}
		}
		return o, why
	})
	type part struct {
		h    int
		line int
		row  InserSupRow
	}
	type mKey struct {
		code      string
		millesime widget.Millesime
	}
	groups := map[mKey][]part{}
	d.finish(fr, supKey.describe, func(k supKey, r InserSupRow) {
		mk := mKey{k.code, k.millesime}
		groups[mk] = append(groups[mk], part{k.h, first[k], r})
	})
	s := l.snap
	if s.insersup == nil {
		s.insersup = map[string][]InserSupRow{}
	}
	for mk, parts := range groups {
		slices.SortFunc(parts, func(a, b part) int { return a.h - b.h })
		merged := parts[0].row
		agree := true
		for _, p := range parts[1:] {
			r := p.row
			if r.Libelle != merged.Libelle || r.TypeDiplome != merged.TypeDiplome ||
				r.NbSortants != merged.NbSortants || r.NbPoursuivants != merged.NbPoursuivants {
				agree = false
				break
			}
			for _, n := range []struct{ dst, src *widget.N }{
				{&merged.NbEnEmploi6Mois, &r.NbEnEmploi6Mois}, {&merged.NbEnEmploi12Mois, &r.NbEnEmploi12Mois},
				{&merged.NbEnEmploi18Mois, &r.NbEnEmploi18Mois}, {&merged.NbEnEmploi24Mois, &r.NbEnEmploi24Mois},
			} {
				if n.src.Valid {
					*n.dst = *n.src
				}
			}
			if p.h == 12 {
				merged.Salaire12Mois = r.Salaire12Mois
			}
		}
		if !agree {
			lines := make([]string, len(parts))
			for i, p := range parts {
				lines[i] = strconv.Itoa(p.line)
			}
			reason := fmt.Sprintf("rows of (SISE:%s, %s) on lines %s disagree on label or counts: key dropped",
				mk.code, mk.millesime, strings.Join(lines, ", "))
			for _, p := range parts {
				fr.reject(p.line, reason)
			}
			fr.Kept -= len(parts)
			continue
		}
		merged.Code = widget.Code{Kind: widget.KindSISE, Value: strings.Clone(mk.code)}
		merged.Millesime = widget.Millesime(strings.Clone(string(mk.millesime)))
		merged.Libelle, merged.TypeDiplome = strings.Clone(merged.Libelle), strings.Clone(merged.TypeDiplome)
		s.insersup[merged.Code.Value] = append(s.insersup[merged.Code.Value], merged)
	}
	sortRejets(fr.Rejets)
	return nil
}

// parseInserSup filters and validates one row of the InserSup export.
func parseInserSup(t *headerTable, col []int, long bool, f []string) (k supKey, r InserSupRow, o outcome, reason string) {
	for _, c := range []int{sGenre, sNationalite, sObtention, sRegime} {
		if col[c] >= 0 && foldHeader(f[col[c]]) != "ensemble" {
			return k, r, rowFiltered, ""
		}
	}
	if col[sSource] >= 0 && foldHeader(f[col[sSource]]) != "insersup" {
		return k, r, rowFiltered, ""
	}
	if col[sUoLib] >= 0 {
		if regionKey(f[col[sUoLib]]) != "NATIONAL" {
			return k, r, rowFiltered, ""
		}
	} else if col[sEtab] >= 0 {
		if e := foldHeader(f[col[sEtab]]); e != "" && e != "all" {
			return k, r, rowFiltered, ""
		}
	}
	code := strings.ToUpper(cell(f, col[sDiplome]))
	if strings.EqualFold(code, "all") {
		return k, r, rowFiltered, ""
	}
	if len(code) != 7 || !isAlnumUpper(code) {
		return k, r, rowRejected, fmt.Sprintf("bad %s %s (SISE code, 7 characters)", t.col(col[sDiplome]), quote(cell(f, col[sDiplome])))
	}
	k.code = code
	m, single, ok := promoMillesime(f[col[sPromo]])
	switch {
	case !ok:
		return k, r, rowRejected, fmt.Sprintf("bad %s %s (one or two consecutive years)", t.col(col[sPromo]), quote(cell(f, col[sPromo])))
	case single:
		return k, r, rowFiltered, ""
	}
	k.millesime = m
	if long {
		h, ok := horizon(f[col[sHorizon]])
		switch {
		case !ok:
			return k, r, rowRejected, fmt.Sprintf("bad %s %s (\"6 mois après le diplôme\")", t.col(col[sHorizon]), quote(cell(f, col[sHorizon])))
		case h != 6 && h != 12 && h != 18 && h != 24:
			return k, r, rowFiltered, ""
		}
		k.h = h
	}
	r.Libelle, r.TypeDiplome = cell(f, col[sLibelle]), cell(f, col[sType])
	type colN struct {
		c int
		n *widget.N
	}
	counts := []colN{{sSortants, &r.NbSortants}, {sPoursuivants, &r.NbPoursuivants}}
	emploi := []*widget.N{&r.NbEnEmploi6Mois, &r.NbEnEmploi12Mois, &r.NbEnEmploi18Mois, &r.NbEnEmploi24Mois}
	if long {
		counts = append(counts, colN{sEmploi, emploi[slices.Index([]int{6, 12, 18, 24}, k.h)]})
	} else {
		for i, n := range emploi {
			counts = append(counts, colN{sEmploi6 + i, n})
		}
	}
	for _, c := range counts {
		if col[c.c] < 0 {
			continue
		}
		n, why := parseNumber(t.col(col[c.c]), f[col[c.c]], true)
		if why != "" {
			return k, r, rowRejected, why
		}
		*c.n = n
	}
	for _, c := range counts[2:] {
		if c.n.Valid && r.NbSortants.Valid && c.n.V > r.NbSortants.V {
			return k, r, rowRejected, fmt.Sprintf("%s %d > %s %d", t.col(col[c.c]), c.n.V, t.col(col[sSortants]), r.NbSortants.V)
		}
	}
	sal := sSalQ1
	if long {
		sal = sLongQ1
	}
	if !long || k.h == 12 {
		qs := []*widget.N{&r.Salaire12Mois.Q1, &r.Salaire12Mois.Mediane, &r.Salaire12Mois.Q3}
		for i, q := range qs {
			if col[sal+i] < 0 {
				continue
			}
			n, why := parseNumber(t.col(col[sal+i]), f[col[sal+i]], false)
			if why != "" {
				return k, r, rowRejected, why
			}
			*q = n
		}
		for i := 0; i+1 < len(qs); i++ {
			for j := i + 1; j < len(qs); j++ {
				if qs[i].Valid && qs[j].Valid && qs[i].V > qs[j].V {
					return k, r, rowRejected, fmt.Sprintf("salary quartiles out of order: %s %d > %s %d",
						t.col(col[sal+i]), qs[i].V, t.col(col[sal+j]), qs[j].V)
				}
			}
		}
	}
	return k, r, rowKept, ""
}

// promoMillesime reads an InserSup promo cell: one or two years, written "2021", "2020_2021",
// "2020, 2021" or as a JSON list. Two consecutive years give the millésime 2020_2021; one year
// gives single (InserSup also publishes single promotions, which are not a millésime).
func promoMillesime(s string) (m widget.Millesime, single, ok bool) {
	var years []string
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if len(tok) != 4 {
			return "", false, false
		}
		years = append(years, tok)
	}
	slices.Sort(years)
	years = slices.Compact(years)
	switch len(years) {
	case 1:
		a, _ := strconv.Atoi(years[0])
		return "", true, a >= 1990 && a <= 2100
	case 2:
		m, err := widget.ParseMillesime(years[0] + "_" + years[1])
		return m, false, err == nil
	}
	return "", false, false
}

// horizon reads the number of months of a long-layout row: the first number in the cell
// ("6 mois après le diplôme" → 6).
func horizon(s string) (int, bool) {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return 0, false
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i > 3 {
		return 0, false
	}
	h, _ := strconv.Atoi(s[i:j])
	return h, true
}
