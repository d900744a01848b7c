package widget

// N is an optional count read from the data: Valid is false when the source cell was empty or
// "nd" (SPEC §3: missing is never 0).
type N struct {
	V     int
	Valid bool
}

// Some returns a present count.
func Some(v int) N { return N{V: v, Valid: true} }

// Add sums two optional counts; the sum is missing when either side is (a national figure built
// on a partial sum would understate it).
func (n N) Add(m N) N {
	if !n.Valid || !m.Valid {
		return N{}
	}
	return N{V: n.V + m.V, Valid: true}
}

// Counts are the published counts of one cohort (one row of the regional file, or a sum of rows).
// All values are numbers of learners.
type Counts struct {
	NbAnneeTerm       N // learners in the final year: the cohort and the denominator of every share
	NbEnEmploi6Mois   N
	NbEnEmploi12Mois  N
	NbEnEmploi18Mois  N
	NbEnEmploi24Mois  N
	NbPoursuiteEtudes N
	NbSortant         N
}

// Horizons says which employment horizons beyond 12 months a millésime measures (SPEC §4 rule 8:
// every millésime measures 6 and 12 months; 18 and 24 months exist for some millésimes only, the
// 2019_2020 and 2020_2021 cohorts of the regional file).
type Horizons struct {
	Mois18, Mois24 bool
}

// With returns h plus the horizons c has a count for: folded over the rows of one millésime,
// it gives the horizons that millésime measures.
func (h Horizons) With(c Counts) Horizons {
	return Horizons{Mois18: h.Mois18 || c.NbEnEmploi18Mois.Valid, Mois24: h.Mois24 || c.NbEnEmploi24Mois.Valid}
}

// Normalize applies SPEC §4 rule 4 at every horizon alike (rule 8): an empty employment count
// while every learner of the cohort goes on studying means nobody could be employed, so
// employment is 0 at 6, 12 and, where the millésime measures them (h), 18 and 24 months. An
// horizon the millésime does not measure stays missing: a 0 there would invent a measure.
// (Issue 10: the 18- and 24-month counts were left missing, which blanked those shares of 55
// national keys whose sum took in one such row.)
func (c Counts) Normalize(h Horizons) Counts {
	allStudy := c.NbAnneeTerm.Valid && c.NbPoursuiteEtudes.Valid && c.NbPoursuiteEtudes.V == c.NbAnneeTerm.V
	if !allStudy {
		return c
	}
	for _, n := range []struct {
		count    *N
		measured bool
	}{
		{&c.NbEnEmploi6Mois, true}, {&c.NbEnEmploi12Mois, true},
		{&c.NbEnEmploi18Mois, h.Mois18}, {&c.NbEnEmploi24Mois, h.Mois24},
	} {
		if n.measured && !n.count.Valid {
			*n.count = Some(0)
		}
	}
	return c
}

// Add sums two normalized Counts field by field (SPEC §4 rule 6: national = sum of regional
// counts). A field missing on either side is missing in the sum.
func (c Counts) Add(d Counts) Counts {
	return Counts{
		NbAnneeTerm:       c.NbAnneeTerm.Add(d.NbAnneeTerm),
		NbEnEmploi6Mois:   c.NbEnEmploi6Mois.Add(d.NbEnEmploi6Mois),
		NbEnEmploi12Mois:  c.NbEnEmploi12Mois.Add(d.NbEnEmploi12Mois),
		NbEnEmploi18Mois:  c.NbEnEmploi18Mois.Add(d.NbEnEmploi18Mois),
		NbEnEmploi24Mois:  c.NbEnEmploi24Mois.Add(d.NbEnEmploi24Mois),
		NbPoursuiteEtudes: c.NbPoursuiteEtudes.Add(d.NbPoursuiteEtudes),
		NbSortant:         c.NbSortant.Add(d.NbSortant),
	}
}

// SeuilEffectif is the smallest cohort whose shares and counts are shown (SPEC §4 rule 3: a cohort
// under 20 is masked; at exactly 20 everything is shown).
const SeuilEffectif = 20

// Share returns round_half_to_even(100 × n / d) computed exactly on integers (SPEC §4 rule 1).
// It panics when d <= 0 or n < 0: callers check the cohort first.
func Share(n, d int) int {
	if d <= 0 || n < 0 {
		panic("widget.Share: needs n >= 0 and d > 0")
	}
	q, r := (100*n)/d, (100*n)%d
	switch {
	case 2*r > d:
		q++
	case 2*r == d && q%2 == 1:
		q++
	}
	return q
}

// Taux are the displayed shares of one cohort, in % of nb_annee_term (integers 0–100). A missing
// share is not Valid: it is never shown as 0 (SPEC §4 rule 5).
type Taux struct {
	EnEmploi6Mois  N // taux_en_emploi_6_mois
	EnFormation    N // taux_en_formation
	Autres6Mois    N // taux_autres_6_mois = max(0, 100 − emploi − formation)
	EnEmploi12Mois N
	EnEmploi18Mois N
	EnEmploi24Mois N
}

// ComputeTaux applies SPEC §4 rules 1, 2, 3, 5 and 8 to normalized counts. It returns no share at
// all when the cohort is missing, 0 or under SeuilEffectif.
func ComputeTaux(c Counts) Taux {
	d := c.NbAnneeTerm
	if !d.Valid || d.V < SeuilEffectif {
		return Taux{}
	}
	share := func(n N) N {
		if !n.Valid || n.V < 0 || n.V > d.V {
			return N{}
		}
		return Some(Share(n.V, d.V))
	}
	t := Taux{
		EnEmploi6Mois:  share(c.NbEnEmploi6Mois),
		EnFormation:    share(c.NbPoursuiteEtudes),
		EnEmploi12Mois: share(c.NbEnEmploi12Mois),
		EnEmploi18Mois: share(c.NbEnEmploi18Mois),
		EnEmploi24Mois: share(c.NbEnEmploi24Mois),
	}
	if t.EnEmploi6Mois.Valid && t.EnFormation.Valid {
		t.Autres6Mois = Some(max(0, 100-t.EnEmploi6Mois.V-t.EnFormation.V))
	}
	return t
}

// Pictogrammes is the number of person figures (out of 10) drawn for each category. Emploi,
// Formation and Autres count whole figures; when two equal shares tie for the last figure
// (SPEC §6: equal shares read and look equal), that figure is shared: Partage names the two
// categories in display order, the figure is drawn half in each colour, and the three counts
// total 9. Otherwise Partage is zero and they total 10.
type Pictogrammes struct {
	Emploi    int
	Formation int
	Autres    int
	Partage   [2]string // "emploi", "formation" or "autres"; zero when no figure is shared
}

// Shared reports whether the category (key "emploi", "formation" or "autres") has half of the
// shared figure.
func (p Pictogrammes) Shared(key string) bool {
	return key != "" && (p.Partage[0] == key || p.Partage[1] == key)
}

// Whole is the number of whole figures of a category (key as in Shared).
func (p Pictogrammes) Whole(key string) int {
	switch key {
	case "emploi":
		return p.Emploi
	case "formation":
		return p.Formation
	case "autres":
		return p.Autres
	}
	return 0
}

// NbPictogrammes is the number of person figures of a widget (SPEC §6).
const NbPictogrammes = 10

// pictoKeys are the categories in display order.
var pictoKeys = [3]string{"emploi", "formation", "autres"}

// ComputePictogrammes apportions NbPictogrammes figures by largest remainder on the displayed
// integer shares (SPEC §6): each share gets ⌊p/10⌋, the figures left go to the largest remainders
// p mod 10, ties broken in display order emploi, formation, autres — except that two equal
// shares never get different counts (issue 13): when the last figure falls to a tie between two
// equal shares, it is shared between them (Partage). ok is false unless all three shares exist.
// Examples: 20/61/19 → 2/6/2; 58/34/8 → 6/3/1; 25/50/25 → 2½/5/2½.
func ComputePictogrammes(t Taux) (p Pictogrammes, ok bool) {
	if !t.EnEmploi6Mois.Valid || !t.EnFormation.Valid || !t.Autres6Mois.Valid {
		return Pictogrammes{}, false
	}
	orig := [3]int{t.EnEmploi6Mois.V, t.EnFormation.V, t.Autres6Mois.V}
	shares := orig
	var got [3]int
	left := NbPictogrammes
	for i, s := range shares {
		got[i] = s / 10
		left -= got[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i, s := range shares {
			// A share already rounded up (remainder taken) is skipped by zeroing it below.
			if s%10 > 0 && (best < 0 || s%10 > shares[best]%10) {
				best = i
			}
		}
		if best < 0 {
			break // only possible if the shares sum under 100; never give a figure to a 0 share
		}
		if left == 1 {
			// An equal share later in display order would lose the tie: share the figure. (Its
			// remainder is untaken: the loop takes remainders in display order within a tie.)
			for j := best + 1; j < len(shares); j++ {
				if orig[j] == orig[best] {
					p.Partage = [2]string{pictoKeys[best], pictoKeys[j]}
				}
			}
			if p.Partage[0] != "" {
				break
			}
		}
		got[best]++
		shares[best] -= shares[best] % 10
	}
	p.Emploi, p.Formation, p.Autres = got[0], got[1], got[2]
	return p, true
}

// complete reports whether the counts give both displayed outcomes (after Normalize).
func (c Counts) complete() bool {
	return c.NbAnneeTerm.Valid && c.NbEnEmploi6Mois.Valid && c.NbPoursuiteEtudes.Valid
}

// SumRegions builds a national cohort from the regional ones of one key and millésime (SPEC §4
// rule 6: national = sum of the regional counts). The regional file leaves the outcome counts of
// very small groups (mostly 1 to 4 learners) empty; propagating those gaps would blank 43 % of
// the national figures of 2022_2023. So the sum runs over the regions whose counts are published,
// and the learners of the others are returned as exclus (shown to the reader, never hidden; the
// small-cohort rule judges sum + exclus, issue 10 item 6). When no region publishes its counts,
// every field is summed and the gaps stay missing.
func SumRegions(regional []Counts) (sum Counts, exclus int) {
	first := true
	for _, c := range regional {
		if !c.complete() {
			continue
		}
		if first {
			sum, first = c, false
		} else {
			sum = sum.Add(c)
		}
	}
	if first { // no complete region
		for i, c := range regional {
			if i == 0 {
				sum = c
			} else {
				sum = sum.Add(c)
			}
		}
		return sum, 0
	}
	for _, c := range regional {
		if !c.complete() && c.NbAnneeTerm.Valid {
			exclus += c.NbAnneeTerm.V
		}
	}
	return sum, exclus
}

// SumCohortes adds up the cohorts of several codes of one voie and millésime (SPEC §4 rule 7: a
// diploma's MEFSTAT11 codes in the both-voies view) the way SumRegions adds regions: a code
// whose outcome counts are unpublished (a tiny group) is left out and its learners counted in
// Exclus, so one unpublished learner never blanks the figures of hundreds.
func SumCohortes(m Millesime, list []Cohorte) Cohorte {
	counts := make([]Counts, len(list))
	for i, c := range list {
		counts[i] = c.Counts
	}
	sum, exclus := SumRegions(counts)
	out := Cohorte{Millesime: m, Counts: sum, Exclus: exclus}
	for _, c := range list {
		out.Exclus += c.Exclus // learners already left out inside a code's national sum
	}
	return out
}
