package data

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Niveau is a diploma level of the coverage: its name and the BCN LIBELLE_COURT values it groups.
type Niveau struct {
	Nom    string
	Courts []string
}

// Niveaux are the diploma levels of the coverage measure (issue 12 item 7), each with the BCN
// LIBELLE_COURT values it groups (agricultural diplomas with their level).
var Niveaux = []Niveau{
	{"CAP", []string{"CAP", "CAPA"}},
	{"Bac pro", []string{"BAC PRO", "BAC PRO AG"}},
	{"BTS", []string{"BTS", "BTSA"}},
	{"MC", []string{"MC", "MC3", "MC4", "MC5", "MC AG"}},
}

// The scopes a catalogue line gets figures at.
const (
	ScopeEtablissement = "etablissement"
	ScopeRegion        = "region"
	ScopeFrance        = "france"
	ScopeAucun         = "aucun"
)

// Regles are the rules of a resolution in the order the coverage prints them.
var Regles = []widget.Regle{widget.RegleCode, widget.RegleAnneeTerminale, widget.RegleAutreDuree, widget.RegleFamille, widget.RegleAncienne, widget.RegleNouvelle}

// CoverageRow is, for one level and voie, the open codes and those with France figures for the
// millésime, by the rule that found them.
type CoverageRow struct {
	Niveau   string
	Voie     widget.Voie
	Codes    int                  // open codes
	ParRegle map[widget.Regle]int // codes with France figures, by rule
}

// Couverts is the number of codes with France figures, whatever the rule.
func (r CoverageRow) Couverts() int {
	n := 0
	for _, v := range r.ParRegle {
		n += v
	}
	return n
}

// Coverage is what the coverage command prints.
type Coverage struct {
	Millesime widget.Millesime
	OpenOn    string        // the reference date (yyyy-mm-dd): a code is open when not closed by then
	Issue     []CoverageRow // issue 12's measure: the published keys (final years, CFDs of apprentissage)
	Rows      []CoverageRow // every open code, every year of the dispositif
	Catalogue *CatalogueCoverage
}

// CatalogueCoverage is the share of a partner catalogue's lines that get figures, by scope.
type CatalogueCoverage struct {
	Format   string
	File     string
	Lines    int
	Rejected int
	ParScope map[string]int       // ScopeEtablissement … ScopeAucun
	ParRegle map[widget.Regle]int // lines with figures, by rule
	Raisons  []Count              // reasons for ScopeAucun, most frequent first
}

// IssueNiveaux are the diploma types of issue 12's measure ("open CAP / Bac pro / BTS / MC
// codes"): the BCN LIBELLE_COURT values CAP, BAC PRO, BTS, MC4 and MC5, without the agricultural
// ones (InserJeunes publishes those under other codes) nor the older MC and MC3.
var IssueNiveaux = []Niveau{
	{"CAP", []string{"CAP"}},
	{"Bac pro", []string{"BAC PRO"}},
	{"BTS", []string{"BTS"}},
	{"MC", []string{"MC4", "MC5"}},
}

// Coverage measures, for millésime m (the newest when "") and the codes open on openOn
// (yyyymmdd: not closed by then in the BCN), the codes that get France figures and by which rule
// (Resolve), by level and voie, over two universes:
//   - Issue, issue 12's measure: the keys InserJeunes publishes, the final-year MEFSTAT11 codes
//     of N_MEF (DUREE_DISPOSITIF = ANNEE_DISPOSITIF) for the voie scolaire and the CFDs of
//     V_FORMATION_DIPLOME for apprentissage, of the types of IssueNiveaux;
//   - Rows, every open code: the CFDs of apprentissage and the MEFSTAT11 codes of every year of
//     the dispositif, of the types of Niveaux.
func (s *Snapshot) Coverage(m widget.Millesime, openOn string) *Coverage {
	if m == "" && len(s.millesimes) > 0 {
		m = s.millesimes[len(s.millesimes)-1]
	}
	cov := &Coverage{Millesime: m, OpenOn: openOn[:4] + "-" + openOn[4:6] + "-" + openOn[6:]}
	cov.Issue = s.coverageRows(m, openOn, IssueNiveaux, true)
	cov.Rows = s.coverageRows(m, openOn, Niveaux, false)
	return cov
}

// coverageRows counts the open codes of the levels, final years only when finalOnly.
func (s *Snapshot) coverageRows(m widget.Millesime, openOn string, niveaux []Niveau, finalOnly bool) []CoverageRow {
	niveauOf := func(court string) string {
		for _, n := range niveaux {
			if slices.Contains(n.Courts, court) {
				return n.Nom
			}
		}
		return ""
	}
	rows := map[[2]string]*CoverageRow{}
	count := func(niv string, c widget.Code) {
		k := [2]string{niv, string(c.Voie())}
		r := rows[k]
		if r == nil {
			r = &CoverageRow{Niveau: niv, Voie: c.Voie(), ParRegle: map[widget.Regle]int{}}
			rows[k] = r
		}
		r.Codes++
		if res := s.Resolve(c); s.figures(res, widget.ScopeCertification, "", m) {
			r.ParRegle[res.Regle()]++
		}
	}
	open := func(ferme string) bool { return ferme == "" || ferme > openOn }
	for cfd, f := range s.formations {
		if niv := niveauOf(f.niveau); niv != "" && open(f.ferme) && isCFD(cfd) {
			count(niv, cfdCode(cfd))
		}
	}
	for mef, info := range s.mefInfo {
		f, ok := s.formations[info.cfd]
		if finalOnly && (info.duree == 0 || info.annee != info.duree) {
			continue
		}
		if niv := niveauOf(f.niveau); ok && niv != "" && open(info.ferme) && isMEFSTAT11(mef) {
			count(niv, mefCode(mef))
		}
	}
	var out []CoverageRow
	for _, n := range niveaux {
		for _, v := range []widget.Voie{widget.VoieScolaire, widget.VoieApprentissage} {
			if r := rows[[2]string{n.Nom, string(v)}]; r != nil {
				out = append(out, *r)
			}
		}
	}
	return out
}

// figures reports whether the resolution leads to rows of millésime m in the scope (for a family:
// rows of at least one specialty).
func (s *Snapshot) figures(res widget.Resolution, scope widget.Scope, region string, m widget.Millesime) bool {
	if res.Famille != nil {
		for _, sp := range res.Famille.Specialites {
			if s.figures(sp.Resolution, scope, region, m) {
				return true
			}
		}
		return false
	}
	if res.Affiche.Value == "" {
		return false
	}
	for _, e := range s.index[codeKey{voie: res.Affiche.Voie(), code: res.Affiche.Value}] {
		if e.millesime == m && (scope == widget.ScopeCertification || e.region == region) {
			return true
		}
	}
	return false
}

// CatalogueCoverage measures, for each line of a partner catalogue, the scope it gets figures at
// for millésime m (the newest when ""): the establishment's own (a per-formation export row of the
// UAI and code), else the region of the UAI (RegionUAI), else France, else none with its reason.
// An Affelnet apprentissage line reads the figures of its MEFSTAT11's CFD.
func (s *Snapshot) CatalogueCoverage(c *Catalogue, m widget.Millesime) *CatalogueCoverage {
	if m == "" && len(s.millesimes) > 0 {
		m = s.millesimes[len(s.millesimes)-1]
	}
	out := &CatalogueCoverage{Format: c.Format, File: c.Report.Path, Lines: len(c.Lines), Rejected: len(c.Report.Rejets),
		ParScope: map[string]int{}, ParRegle: map[widget.Regle]int{}}
	reasons := map[string]int{}
	for _, l := range c.Lines {
		code := l.Code
		if l.Voie == widget.VoieApprentissage && code.Kind == widget.KindMEFSTAT11 {
			cfd, ok := s.mef[code.Value]
			if !ok {
				out.ParScope[ScopeAucun]++
				reasons["MEFSTAT11 unknown to BCN N_MEF"]++
				continue
			}
			code = cfdCode(cfd)
		}
		if rows, st := s.Formation(l.UAI, code); st == FormationTrouvee && slices.ContainsFunc(rows, func(r FormationRow) bool { return r.Millesime == m }) {
			out.ParScope[ScopeEtablissement]++
			out.ParRegle[widget.RegleCode]++
			continue
		}
		res := s.Resolve(code)
		scope := ScopeAucun
		if reg, ok := s.RegionUAI(l.UAI); ok && s.figures(res, widget.ScopeRegion, reg.Code, m) {
			scope = ScopeRegion
		} else if s.figures(res, widget.ScopeCertification, "", m) {
			scope = ScopeFrance
		}
		out.ParScope[scope]++
		if scope == ScopeAucun {
			reasons[s.noFigures(code, res)]++
			continue
		}
		out.ParRegle[res.Regle()]++
	}
	for k, n := range reasons {
		out.Raisons = append(out.Raisons, Count{Key: k, N: n})
	}
	slices.SortFunc(out.Raisons, func(a, b Count) int { return cmp.Or(b.N-a.N, strings.Compare(a.Key, b.Key)) })
	return out
}

// noFigures says why a code gets no figures, in a few words.
func (s *Snapshot) noFigures(c widget.Code, res widget.Resolution) string {
	cfd := c.Value
	if c.Kind == widget.KindMEFSTAT11 {
		var ok bool
		if cfd, ok = s.mef[c.Value]; !ok {
			return "MEFSTAT11 unknown to BCN N_MEF"
		}
		if info := s.mefInfo[c.Value]; info.annee > 0 && info.annee < info.duree && len(res.Etapes) == 0 && s.res.familles[c.Value] == nil {
			return "no final year of the same diploma and duration in N_MEF"
		}
	}
	f, known := s.formations[cfd]
	if !known {
		return "CFD unknown to BCN V_FORMATION_DIPLOME"
	}
	if res.Found() {
		return "figures for older millésimes only"
	}
	if s.res != nil {
		for _, r := range s.res.refused {
			if r.Ancien == cfd || r.Nouveau == cfd {
				return "renamed through a merge or a split (not followed)"
			}
		}
	}
	if s.res != nil && s.res.familles[c.Value] != nil {
		return "common 2nde whose specialties have no figures"
	}
	typ := f.niveau
	if typ == "" {
		typ = "?"
	}
	return "no figures for the diploma (" + typ + ") nor a 1↔1 predecessor or successor"
}

// WriteText prints the coverage: issue 12's measure (the published keys), then every open code;
// for each, one line per level and voie (open codes, with own figures, with figures, shares, and
// the count by rule) and the total; then the catalogue's scopes and reasons.
func (c *Coverage) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "France figures for %s of the codes open on %s (BCN), by level and voie.\n\n", c.Millesime, c.OpenOn)
	fmt.Fprintln(ew, "Issue 12's measure: the keys InserJeunes publishes, final-year MEFSTAT11 (N_MEF DUREE_DISPOSITIF =")
	fmt.Fprintln(ew, "ANNEE_DISPOSITIF) for the voie scolaire and CFDs for apprentissage, of CAP, BAC PRO, BTS, MC4, MC5:")
	writeRows(ew, c.Issue)
	fmt.Fprintln(ew, "\nEvery open code (MEFSTAT11 of every year of the dispositif; CAPA, BAC PRO AG, BTSA, MC, MC3, MC AG included):")
	writeRows(ew, c.Rows)
	if ew.err == nil {
		ew.err = c.WriteCatalogue(w)
	}
	return ew.err
}

func writeRows(ew *errWriter, rows []CoverageRow) {
	fmt.Fprintf(ew, "%-8s %-13s %6s %6s %7s %7s", "level", "voie", "codes", "own", "own %", "figures")
	fmt.Fprintf(ew, " %7s", "%")
	for _, r := range Regles {
		fmt.Fprintf(ew, " %15s", r)
	}
	fmt.Fprintln(ew)
	var tot CoverageRow
	tot.ParRegle = map[widget.Regle]int{}
	line := func(r CoverageRow) {
		fmt.Fprintf(ew, "%-8s %-13s %6d %6d %7s %7d %7s", r.Niveau, r.Voie, r.Codes, r.ParRegle[widget.RegleCode],
			pct(r.ParRegle[widget.RegleCode], r.Codes), r.Couverts(), pct(r.Couverts(), r.Codes))
		for _, g := range Regles {
			fmt.Fprintf(ew, " %15d", r.ParRegle[g])
		}
		fmt.Fprintln(ew)
	}
	for _, r := range rows {
		line(r)
		tot.Codes += r.Codes
		for k, v := range r.ParRegle {
			tot.ParRegle[k] += v
		}
	}
	tot.Niveau, tot.Voie = "total", "both"
	line(tot)
}

// WriteCatalogue prints the catalogue part of the coverage (nothing without one).
func (c *Coverage) WriteCatalogue(w io.Writer) error {
	ew := &errWriter{w: w}
	if k := c.Catalogue; k != nil {
		fmt.Fprintf(ew, "\ncatalogue %s (%s): %d lines (%d rejected), figures for %s:\n", k.File, k.Format, k.Lines, k.Rejected, c.Millesime)
		with := k.Lines - k.ParScope[ScopeAucun]
		fmt.Fprintf(ew, "  with figures   %6d %7s\n", with, pct(with, k.Lines))
		for _, sc := range []string{ScopeEtablissement, ScopeRegion, ScopeFrance, ScopeAucun} {
			fmt.Fprintf(ew, "  %-14s %6d %7s\n", sc, k.ParScope[sc], pct(k.ParScope[sc], k.Lines))
		}
		fmt.Fprintln(ew, "  lines with figures by rule:")
		for _, g := range Regles {
			fmt.Fprintf(ew, "    %-15s %6d\n", g, k.ParRegle[g])
		}
		if len(k.Raisons) > 0 {
			fmt.Fprintln(ew, "  reasons for none:")
			for _, r := range k.Raisons {
				fmt.Fprintf(ew, "    %6d  %s\n", r.N, r.Key)
			}
		}
	}
	return ew.err
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(d))
}
