package data

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/ijwidgets/ijwidgets/internal/data/labels"
	"github.com/ijwidgets/ijwidgets/widget"
)

var (
	_ widget.Resolver        = (*Snapshot)(nil)
	_ widget.FiliereResolver = (*Snapshot)(nil)
	_ widget.PartnerSource   = (*Snapshot)(nil)
)

// Link is a continuum link between a diploma and the one that replaced it (issue 12 item 3):
// Ancien → Nouveau, both CFDs, with the crosswalks that give it.
type Link struct {
	Ancien, Nouveau string
	Sources         []string // SourceBCN, SourceCertifInfo, SourceKit, sorted
}

// LinkRefus is a link the continuum does not follow: one side has several successors (a split)
// or several predecessors (a merge) over every source taken together.
type LinkRefus struct {
	Link
	Fusion   bool // the new diploma has several predecessors
	Scission bool // the old diploma has several successors
}

// resolver holds the look-ups of the resolution rules, built once at the end of a load.
type resolver struct {
	mefsOfCFD map[string][]string // CFD → every MEFSTAT11 of N_MEF (open or closed), sorted
	pred      map[string]Link     // new CFD → its 1↔1 predecessor link
	succ      map[string]Link     // old CFD → its 1↔1 successor link
	refused   []LinkRefus         // by Ancien, Nouveau
	accepted  int

	familles map[string]*familleInfo // common 2nde MEFSTAT11 → its family

	rncp       map[string]idTargets // RNCP digits → CFDs
	onisep     map[string]idTargets // FOR id → CFDs
	certifinfo map[string]idTargets // Certif Info id → CFDs

	depts map[string]string // département → INSEE region
	acads map[string]string // département → académie code

	corpus *searchCorpus // what the editors' search reads of the crosswalks (issue 13); nil without them
}

type familleInfo struct {
	libelle     string
	specialites []string // MEFSTAT11 of the specialties, sorted
}

// idTargets are the CFDs one partner identifier leads to, with the sources that say so.
type idTargets struct {
	cfds    []string
	sources []string
}

func (t *idTargets) add(cfd, source string) {
	if !slices.Contains(t.cfds, cfd) {
		t.cfds = append(t.cfds, cfd)
	}
	if !slices.Contains(t.sources, source) {
		t.sources = append(t.sources, source)
	}
}

// finishCrosswalks builds the resolver from the BCN and the crosswalk files found.
func (l *loader) finishCrosswalks() {
	s := l.snap
	r := &resolver{mefsOfCFD: map[string][]string{}}
	for mef, info := range s.mefInfo {
		r.mefsOfCFD[info.cfd] = append(r.mefsOfCFD[info.cfd], mef)
	}
	for _, list := range r.mefsOfCFD {
		slices.Sort(list)
	}
	s.res = r
	x := s.xw
	if x == nil {
		return
	}
	r.depts, r.acads = x.depts, x.acads
	r.buildIDs(x)
	r.buildLinks(x)
	r.buildFamilles(s, x)
	r.buildCorpus(x)
	s.xw = nil // what the resolver needs is copied: the raw rows can go
}

func (r *resolver) buildIDs(x *crosswalks) {
	if x.ciRows == nil && x.kitRows == nil && x.onisep == nil {
		return
	}
	r.rncp, r.onisep, r.certifinfo = map[string]idTargets{}, map[string]idTargets{}, map[string]idTargets{}
	add := func(m map[string]idTargets, k, cfd, src string) {
		t := m[k]
		t.add(cfd, src)
		m[k] = t
	}
	for _, c := range x.ciRows {
		add(r.certifinfo, c.id, c.cfd, SourceCertifInfo)
		if c.rncp != "" {
			add(r.rncp, c.rncp, c.cfd, SourceCertifInfo)
		}
		if c.onisep != "" {
			add(r.onisep, c.onisep, c.cfd, SourceCertifInfo)
		}
	}
	for _, k := range x.kitRows {
		add(r.rncp, k.rncp, k.cfd, SourceKit)
	}
	// An Onisep formation that Certif Info does not name reaches its diplomas through its RNCP.
	for id, rncp := range x.onisep {
		if _, ok := r.onisep[id]; ok || rncp == "" {
			continue
		}
		if t, ok := r.rncp[rncp]; ok {
			for _, cfd := range t.cfds {
				add(r.onisep, id, cfd, SourceOnisep)
			}
		}
	}
	for _, m := range []map[string]idTargets{r.rncp, r.onisep, r.certifinfo} {
		for k, t := range m {
			slices.Sort(t.cfds)
			slices.Sort(t.sources)
			m[k] = t
		}
	}
}

// buildLinks gathers the old → new links of every source, then keeps the 1↔1 ones: over all the
// sources together, the old diploma has one successor and the new one predecessor. The others
// are merges or splits, never followed (issue 12 item 3).
func (r *resolver) buildLinks(x *crosswalks) {
	sources := map[[2]string][]string{}
	add := func(a, n, src string) {
		if a == n {
			return // a renewed RNCP fiche of the same diploma
		}
		k := [2]string{a, n}
		if !slices.Contains(sources[k], src) {
			sources[k] = append(sources[k], src)
		}
	}
	for _, k := range x.bcnLinks {
		add(k.ancien, k.nouveau, k.source)
	}
	for _, c := range x.ciRows {
		if c.ancien != "" {
			add(c.ancien, c.cfd, SourceCertifInfo)
		}
	}
	// The Kit links RNCP fiches: a fiche replaced by one fiche, each naming one diploma, links
	// those two diplomas.
	one := func(list string) string {
		if list == "" || strings.Contains(list, "|") {
			return ""
		}
		if t := r.rncp[list]; len(t.cfds) == 1 {
			return t.cfds[0]
		}
		return ""
	}
	for _, k := range x.kitRows {
		if len(r.rncp[k.rncp].cfds) != 1 {
			continue // the row's own fiche names several diplomas: no single old or new one
		}
		if n := one(k.nouvelles); n != "" {
			add(k.cfd, n, SourceKit)
		}
		if a := one(k.anciens); a != "" {
			add(a, k.cfd, SourceKit)
		}
	}
	nSucc, nPred := map[string]int{}, map[string]int{}
	for k := range sources {
		nSucc[k[0]]++
		nPred[k[1]]++
	}
	r.pred, r.succ = map[string]Link{}, map[string]Link{}
	for k, src := range sources {
		slices.Sort(src)
		lk := Link{Ancien: k[0], Nouveau: k[1], Sources: src}
		if nSucc[k[0]] == 1 && nPred[k[1]] == 1 {
			r.succ[k[0]] = lk
			r.pred[k[1]] = lk
			r.accepted++
			continue
		}
		r.refused = append(r.refused, LinkRefus{Link: lk, Fusion: nPred[k[1]] > 1, Scission: nSucc[k[0]] > 1})
	}
	slices.SortFunc(r.refused, func(a, b LinkRefus) int {
		return cmp.Or(strings.Compare(a.Ancien, b.Ancien), strings.Compare(a.Nouveau, b.Nouveau))
	})
}

// buildFamilles groups the specialties by common 2nde; the family's label is the BCN's
// LIBELLE_EDITION (through the 2nde's MEF and N_LIEN_MEF_FAMILLE_METIER) when those files are
// present, else the label of the familles file.
func (r *resolver) buildFamilles(s *Snapshot, x *crosswalks) {
	if len(x.familles) == 0 {
		return
	}
	r.familles = map[string]*familleInfo{}
	for _, f := range x.familles {
		fi := r.familles[f.mefCommun]
		if fi == nil {
			fi = &familleInfo{libelle: f.famille}
			if lib := x.famLabels[x.mefFam[s.mefInfo[f.mefCommun].mef]]; lib != "" {
				fi.libelle = lib
			}
			r.familles[f.mefCommun] = fi
		}
		if !slices.Contains(fi.specialites, f.mefSpec) {
			fi.specialites = append(fi.specialites, f.mefSpec)
		}
	}
	for _, fi := range r.familles {
		slices.Sort(fi.specialites)
	}
}

// hasRows reports whether the code has regional rows in any millésime: figures of its own.
func (s *Snapshot) hasRows(c widget.Code) bool {
	return len(s.index[codeKey{voie: c.Voie(), code: c.Value}]) > 0
}

func mefCode(v string) widget.Code { return widget.Code{Kind: widget.KindMEFSTAT11, Value: v} }
func cfdCode(v string) widget.Code { return widget.Code{Kind: widget.KindCFD, Value: v} }

// Resolve finds the code whose figures are shown for c (issue 12): c's own when it has regional
// rows in any millésime; else, for a common 2nde, its family's specialties that have figures;
// else, for a 1st or 2nd year, its final year (same CFD, dispositif and duration in N_MEF); else,
// for a final year without figures, the same diploma's final year in another duration (autreDuree);
// else one continuum step from that code to its 1↔1 predecessor (preferred) or successor that has
// figures — for a MEFSTAT11, the other diploma's MEFSTAT11 of the same dispositif and year. A
// SISE code resolves to itself. Affiche is zero when nothing is found.
func (s *Snapshot) Resolve(c widget.Code) widget.Resolution {
	res := widget.Resolution{Demande: c}
	if c.Kind == widget.KindSISE || s.hasRows(c) {
		if s.hasRows(c) || len(s.insersup[c.Value]) > 0 {
			res.Affiche = c
		}
		return res
	}
	r := s.res
	if r == nil {
		return res
	}
	cur := c
	if c.Kind == widget.KindMEFSTAT11 {
		if fi := r.familles[c.Value]; fi != nil {
			if f := s.famille(fi); len(f.Specialites) > 0 {
				res.Famille = f
				return res
			}
		}
		if fin, ok := s.finalYear(c.Value); ok {
			cur = mefCode(fin)
			res.Etapes = append(res.Etapes, widget.Etape{Regle: widget.RegleAnneeTerminale, De: c, Vers: cur,
				Libelle: s.displayLabel(s.mef[fin])})
			if s.hasRows(cur) {
				res.Affiche = cur
				return res
			}
		}
		if step, ok := s.autreDuree(cur); ok {
			res.Etapes = append(res.Etapes, step)
			res.Affiche = step.Vers
			return res
		}
	}
	if step, ok := s.continuum(cur); ok {
		res.Etapes = append(res.Etapes, step)
		res.Affiche = step.Vers
	}
	return res
}

// famille resolves each specialty of a family (its own figures or one continuum step) and keeps
// those with figures, sorted by display label.
func (s *Snapshot) famille(fi *familleInfo) *widget.Famille {
	f := &widget.Famille{Libelle: fi.libelle}
	for _, m := range fi.specialites {
		code := mefCode(m)
		sp := widget.Resolution{Demande: code}
		if s.hasRows(code) {
			sp.Affiche = code
		} else if step, ok := s.continuum(code); ok {
			sp.Affiche, sp.Etapes = step.Vers, []widget.Etape{step}
		} else {
			continue
		}
		f.Specialites = append(f.Specialites, widget.Specialite{Libelle: s.displayLabel(s.mef[m]), Resolution: sp})
	}
	slices.SortFunc(f.Specialites, func(a, b widget.Specialite) int {
		return cmp.Or(strings.Compare(a.Libelle, b.Libelle), strings.Compare(a.Resolution.Demande.Value, b.Resolution.Demande.Value))
	})
	return f
}

// finalYear returns the final-year MEFSTAT11 of a 1st or 2nd year: the N_MEF code of the same
// CFD, the same duration and a year equal to it, of the same dispositif (the MEFSTAT11's first 3
// characters: 238 bac pro in 3 years, 322 BTS in 2…). When several qualify, the one with figures
// if exactly one has; ok is false when none (or several) does.
func (s *Snapshot) finalYear(mef string) (string, bool) {
	info, ok := s.mefInfo[mef]
	if !ok || info.duree == 0 || info.annee == 0 || info.annee >= info.duree {
		return "", false
	}
	var cands, withRows []string
	for _, m := range s.res.mefsOfCFD[info.cfd] {
		o := s.mefInfo[m]
		if o.duree == info.duree && o.annee == o.duree && m[:3] == mef[:3] {
			cands = append(cands, m)
			if s.hasRows(mefCode(m)) {
				withRows = append(withRows, m)
			}
		}
	}
	switch {
	case len(withRows) == 1:
		return withRows[0], true
	case len(cands) == 1:
		return cands[0], true
	}
	return "", false
}

// autreDuree finds, for a final-year MEFSTAT11 without figures, the final-year MEFSTAT11 of the
// same CFD in another duration of the voie scolaire that has figures (RegleAutreDuree: a CAP in 1
// or 3 years → the CAP in 2 years). When several durations have figures, the one with the largest
// France cohort (nb_annee_term summed over the regions) in the newest millésime any of them has,
// ties broken by the smaller code: one dispositif's figures, never a silent sum. ok is false for
// a code with figures, a non-final year, or no such code.
func (s *Snapshot) autreDuree(c widget.Code) (widget.Etape, bool) {
	info, ok := s.mefInfo[c.Value]
	if c.Kind != widget.KindMEFSTAT11 || !ok || s.res == nil || info.duree == 0 || info.annee != info.duree || s.hasRows(c) {
		return widget.Etape{}, false
	}
	var cands []string
	for _, m := range s.res.mefsOfCFD[info.cfd] {
		o := s.mefInfo[m]
		if o.duree > 0 && o.duree != info.duree && o.annee == o.duree && isMEFSTAT11(m) && s.hasRows(mefCode(m)) {
			cands = append(cands, m)
		}
	}
	if len(cands) == 0 {
		return widget.Etape{}, false
	}
	var newest widget.Millesime
	for _, m := range cands {
		for _, e := range s.index[codeKey{voie: widget.VoieScolaire, code: m}] {
			newest = max(newest, e.millesime)
		}
	}
	best, bestN := "", -1
	for _, m := range cands { // sorted: the first of equal cohorts wins
		n := 0
		for _, e := range s.index[codeKey{voie: widget.VoieScolaire, code: m}] {
			if e.millesime == newest && e.counts[0] > 0 {
				n += int(e.counts[0]) // counts[0] is NbAnneeTerm (countFields)
			}
		}
		if n > bestN {
			best, bestN = m, n
		}
	}
	return widget.Etape{Regle: widget.RegleAutreDuree, De: c, Vers: mefCode(best), Libelle: s.displayLabel(info.cfd),
		Duree: int(s.mefInfo[best].duree)}, true
}

// continuum takes one 1↔1 link from c's diploma to a code with figures: the predecessor's when
// it has figures, else the successor's. For a MEFSTAT11, the other diploma's MEFSTAT11 must share
// its first 4 characters (dispositif and year) and be the only one to have figures.
func (s *Snapshot) continuum(c widget.Code) (widget.Etape, bool) {
	cfd := c.Value
	if c.Kind == widget.KindMEFSTAT11 {
		cfd = s.mef[c.Value]
	}
	return s.link(cfd, c, func(other string) (widget.Code, bool) { return s.counterpart(c, other) })
}

// link takes one 1↔1 link from diploma cfd, the predecessor first, to the other diploma for which
// target finds a code; the step starts from code de.
func (s *Snapshot) link(cfd string, de widget.Code, target func(other string) (widget.Code, bool)) (widget.Etape, bool) {
	r := s.res
	if r == nil || r.pred == nil {
		return widget.Etape{}, false
	}
	for _, way := range []struct {
		m     map[string]Link
		regle widget.Regle
	}{{r.pred, widget.RegleAncienne}, {r.succ, widget.RegleNouvelle}} {
		lk, ok := way.m[cfd]
		if !ok {
			continue
		}
		other := lk.Ancien
		if way.regle == widget.RegleNouvelle {
			other = lk.Nouveau
		}
		vers, ok := target(other)
		if !ok {
			continue
		}
		step := widget.Etape{Regle: way.regle, De: de, Vers: vers, Source: strings.Join(lk.Sources, ", "),
			Libelle: s.displayLabel(other)}
		if f, ok := s.formations[lk.Ancien]; ok && len(f.ferme) == 8 {
			step.Annee, _ = strconv.Atoi(f.ferme[:4])
		}
		return step, true
	}
	return widget.Etape{}, false
}

// ResolveFiliere resolves one voie of diploma cfd in the both-voies view (widget.FiliereResolver):
// when none of its codes in that voie has figures (CodesCFD), one continuum step to the 1↔1
// predecessor (preferred) or successor whose codes in that voie have some; De and Vers are CFDs.
func (s *Snapshot) ResolveFiliere(cfd string, voie widget.Voie) (widget.Etape, bool) {
	if len(s.CodesCFD(cfd, voie)) > 0 {
		return widget.Etape{}, false
	}
	return s.link(cfd, cfdCode(cfd), func(other string) (widget.Code, bool) {
		return cfdCode(other), len(s.CodesCFD(other, voie)) > 0
	})
}

// counterpart is the code of diploma cfd in c's voie that has figures: the CFD itself for
// apprentissage, the one MEFSTAT11 of the same dispositif and year for the voie scolaire.
func (s *Snapshot) counterpart(c widget.Code, cfd string) (widget.Code, bool) {
	if c.Kind == widget.KindCFD {
		t := cfdCode(cfd)
		return t, s.hasRows(t)
	}
	var found []string
	for _, m := range s.res.mefsOfCFD[cfd] {
		if m[:4] == c.Value[:4] && s.hasRows(mefCode(m)) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return widget.Code{}, false
	}
	return mefCode(found[0]), true
}

// Identify resolves a partner identifier through the crosswalks (issue 12 item 4): RNCP through
// Certif Info and the Kit, an Onisep FOR id through Certif Info (else through its RNCP in Idéo),
// a Certif Info id through Certif Info. Candidates are the CFDs the BCN knows, sorted; none is an
// unknown identifier.
func (s *Snapshot) Identify(id widget.PartnerID) widget.Identification {
	out := widget.Identification{ID: id}
	r := s.res
	if r == nil {
		return out
	}
	var m map[string]idTargets
	switch id.Kind {
	case widget.KindRNCP:
		m = r.rncp
	case widget.KindOnisep:
		m = r.onisep
	case widget.KindCertifInfo:
		m = r.certifinfo
	}
	t, ok := m[id.Value]
	if !ok {
		return out
	}
	for _, cfd := range t.cfds {
		if _, known := s.formations[cfd]; !known {
			continue
		}
		out.Candidats = append(out.Candidats, widget.Candidat{CFD: cfd, Libelle: s.displayLabel(cfd), Codes: s.diplomaCodes(cfd)})
	}
	if len(out.Candidats) > 0 {
		out.Sources = slices.Clone(t.sources)
	}
	return out
}

// diplomaCodes are a diploma's codes for each voie: its CFD, then its MEFSTAT11 codes with
// figures, or when none has figures its open final-year MEFSTAT11 codes.
func (s *Snapshot) diplomaCodes(cfd string) []widget.Code {
	out := []widget.Code{cfdCode(cfd)}
	if codes := s.mefsByCFD[cfd]; len(codes) > 0 {
		return append(out, codes...)
	}
	if s.res != nil {
		for _, m := range s.res.mefsOfCFD[cfd] {
			if o := s.mefInfo[m]; o.duree > 0 && o.annee == o.duree && o.ferme == "" && isMEFSTAT11(m) {
				out = append(out, mefCode(m))
			}
		}
	}
	return out
}

// DepartementUAI returns the département of an establishment: the UAI's first 3 characters,
// 620 and 720 being Corse-du-Sud (02A) and Haute-Corse (02B). ok is false for a UAI shorter than 3.
func DepartementUAI(uai string) (string, bool) {
	if len(uai) < 3 {
		return "", false
	}
	switch d := strings.ToUpper(uai[:3]); d {
	case "620":
		return "02A", true
	case "720":
		return "02B", true
	default:
		return d, true
	}
}

// RegionUAI returns the INSEE region of an establishment, through its département and the
// département file (FileDepartements); ok is false without that file or for a département it
// does not list (issue 12 item 5: the formation scope's regional fallback).
func (s *Snapshot) RegionUAI(uai string) (widget.Region, bool) {
	d, ok := DepartementUAI(uai)
	if !ok || s.res == nil || s.res.depts == nil {
		return widget.Region{}, false
	}
	code, ok := s.res.depts[d]
	if !ok {
		return widget.Region{}, false
	}
	reg, ok := s.regions[code]
	return reg, ok
}

// Links returns the continuum links the resolution may follow (1↔1 over every source), sorted by
// old then new CFD, and the links it refuses (merges and splits).
func (s *Snapshot) Links() (accepted []Link, refused []LinkRefus) {
	if s.res == nil {
		return nil, nil
	}
	for _, lk := range s.res.succ {
		accepted = append(accepted, lk)
	}
	slices.SortFunc(accepted, func(a, b Link) int {
		return cmp.Or(strings.Compare(a.Ancien, b.Ancien), strings.Compare(a.Nouveau, b.Nouveau))
	})
	return accepted, slices.Clone(s.res.refused)
}

// displayLabel is the display label of a CFD (issue 12 item 6): the generated one of
// internal/data/labels when its BCN label is the one the generator read, else the BCN label
// spelled with the word table; "" for a CFD the BCN does not know.
func (s *Snapshot) displayLabel(cfd string) string {
	f, ok := s.formations[cfd]
	if !ok || f.libelle == "" {
		return ""
	}
	return labels.Label(cfd, f.libelle)
}

// summarizeLinks resolves every code of the BCN once and lists in the report the continuum links
// some code's figures are read through (check-data's table, issue 12 item 3).
func (l *loader) summarizeLinks() {
	s, r := l.snap, l.rep
	if s.res == nil || s.res.pred == nil {
		return
	}
	r.LiensAcceptes, r.LiensRefuses = s.res.accepted, len(s.res.refused)
	used := map[[2]string]int{}
	note := func(res widget.Resolution) {
		for _, e := range res.Etapes {
			if e.Regle != widget.RegleAncienne && e.Regle != widget.RegleNouvelle {
				continue
			}
			from, to := s.cfdOf(e.De), s.cfdOf(e.Vers)
			if e.Regle == widget.RegleNouvelle {
				used[[2]string{from, to}]++
			} else {
				used[[2]string{to, from}]++
			}
		}
	}
	for cfd := range s.formations {
		note(s.Resolve(cfdCode(cfd)))
	}
	for mef := range s.mefInfo {
		note(s.Resolve(mefCode(mef)))
	}
	for k, n := range used {
		lk := s.res.succ[k[0]]
		r.LiensUtilises = append(r.LiensUtilises, LinkUse{Link: lk, LibelleAncien: s.formations[k[0]].libelle,
			LibelleNouveau: s.formations[k[1]].libelle, Codes: n})
	}
	slices.SortFunc(r.LiensUtilises, func(a, b LinkUse) int {
		return cmp.Or(strings.Compare(a.Ancien, b.Ancien), strings.Compare(a.Nouveau, b.Nouveau))
	})
}

func (s *Snapshot) cfdOf(c widget.Code) string {
	if c.Kind == widget.KindMEFSTAT11 {
		return s.mef[c.Value]
	}
	return c.Value
}
