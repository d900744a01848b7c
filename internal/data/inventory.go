package data

import (
	"fmt"
	"maps"
	"path"
	"slices"
)

// Inventory counts what a snapshot serves, so that a reload can be compared with the snapshot in
// service before it replaces it (issue 10: a half-copied file must not replace good figures).
type Inventory struct {
	IndicatorRows  int // rows kept from the indicator files: regional, establishment, per-formation, InserSup
	Certifications int // (voie, code) keys having regional rows: the certifications with figures
	Labels         int // of Certifications, those the BCN gives a label
	Etablissements int // UAI having establishment rows
	// Groups counts indicator rows per part of the data a partial copy or a bad export loses
	// whole: regional rows per region and per millésime ("regional rows of region 32", "regional
	// rows of 2022_2023"), establishment rows per voie and millésime ("establishment rows of
	// apprentissage 2023_2024"). Small losses spread over the whole file pass the totals; a lost
	// region or millésime does not pass its group.
	Groups map[string]int
	// Identifiants are the partner identifiers (RNCP, Onisep, Certif Info) the crosswalks resolve to
	// at least one diploma, and Liens the 1↔1 continuum links (issue 12): a truncated crosswalk
	// rejects no figure, but lowers these.
	Identifiants int
	Liens        int
}

// Inventory returns the counts of s.
func (s *Snapshot) Inventory() Inventory {
	inv := Inventory{IndicatorRows: s.rows, Certifications: len(s.index), Etablissements: len(s.etablissements), Groups: map[string]int{}}
	for ck, list := range s.index {
		if cert, ok := s.Certification(codeOf(ck)); ok && cert.Libelle != "" {
			inv.Labels++
		}
		for _, e := range list {
			inv.Groups["regional rows of region "+e.region]++
			inv.Groups["regional rows of "+string(e.millesime)]++
		}
	}
	for _, rows := range s.etablissements {
		inv.IndicatorRows += len(rows)
		for _, r := range rows {
			inv.Groups["establishment rows of "+string(r.Voie)+" "+string(r.Millesime)]++
		}
	}
	for _, rows := range s.formationsFines {
		inv.IndicatorRows += len(rows)
	}
	for _, rows := range s.insersup {
		inv.IndicatorRows += len(rows)
	}
	if r := s.res; r != nil {
		inv.Identifiants = len(r.rncp) + len(r.onisep) + len(r.certifinfo)
		inv.Liens = r.accepted
	}
	return inv
}

// minGroup is the fewest rows a group of Inventory.Groups must have for its losses to count: in a
// smaller group one corrected row would be more than max_loss.
const minGroup = 100

// Losses compares next with prev and returns one sentence per count of next that lost more than
// maxLoss (a share, 0.02 for 2 %) of prev's, e.g. "indicator rows: 20161 instead of 40322 (-50.0 %)",
// totals first, then the groups of minGroup rows or more, sorted; nil when none did.
func (prev Inventory) Losses(next Inventory, maxLoss float64) []string {
	type count struct {
		what       string
		prev, next int
	}
	counts := []count{
		{"indicator rows", prev.IndicatorRows, next.IndicatorRows},
		{"certifications with figures", prev.Certifications, next.Certifications},
		{"labels of certifications with figures", prev.Labels, next.Labels},
		{"establishments", prev.Etablissements, next.Etablissements},
		{"partner identifiers", prev.Identifiants, next.Identifiants},
		{"continuum links", prev.Liens, next.Liens},
	}
	for _, g := range slices.Sorted(maps.Keys(prev.Groups)) {
		if n := prev.Groups[g]; n >= minGroup {
			counts = append(counts, count{g, n, next.Groups[g]})
		}
	}
	var out []string
	for _, c := range counts {
		if c.prev > 0 && float64(c.prev-c.next) > maxLoss*float64(c.prev) {
			out = append(out, fmt.Sprintf("%s: %d instead of %d (%+.1f %%)", c.what, c.next, c.prev,
				100*float64(c.next-c.prev)/float64(c.prev)))
		}
	}
	return out
}

// nomenclatureFiles are the files whose rejected rows do not change a figure: the real BCN
// extract has two rejected N_MEF rows (a MEFSTAT11 listed twice with two CFDs). The crosswalks
// (issue 12) are nomenclature-like: a rejected row can make a code "no data" or an identifier
// unknown, never show a wrong figure, and the real N_FORMATION_DIPLOME has 7 malformed links;
// their truncation shows in Inventory.Identifiants and Inventory.Liens instead.
var nomenclatureFiles = append([]string{FileRegions, FileNiveaux, FileFormations, FileMEF}, crosswalkFiles...)

// isNomenclature reports whether a file name is, or matches the pattern of, a nomenclature file.
func isNomenclature(name string) bool {
	for _, p := range nomenclatureFiles {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// Problems returns what makes a load unfit to serve without a word, one sentence each: indicator
// rows rejected (they change what widgets show: a truncated file), and certifications with
// figures but no BCN label beyond maxLoss of them (a truncated BCN file makes them "certification
// inconnue"). check-data fails on any; serve starts with them, loudly; a reload is refused.
func (r *Report) Problems(inv Inventory, maxLoss float64) []string {
	var out []string
	for _, f := range append(slices.Clone(r.Files), r.Optionnels...) {
		if n := len(f.Rejets); n > 0 && !isNomenclature(f.Name) {
			out = append(out, fmt.Sprintf("%s: %d indicator rows rejected (first: %s)", f.Name, n, f.Rejets[0]))
		}
	}
	if missing := inv.Certifications - inv.Labels; float64(missing) > maxLoss*float64(inv.Certifications) {
		out = append(out, fmt.Sprintf("BCN (%s, %s): %d of %d certifications with figures have no label (more than %.0f %%)",
			FileFormations, FileMEF, missing, inv.Certifications, 100*maxLoss))
	}
	return out
}
