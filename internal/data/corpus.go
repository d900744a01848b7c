package data

import (
	"slices"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Diploma is one diploma of the data as the editors' search sees it (issue 13): every code of it
// that has regional rows, and the words an editor may look it up by.
type Diploma struct {
	CFD     string        // its CFD
	Libelle string        // display label (accented, issue 12 item 6), "" when the BCN has none
	Type    string        // BCN level short label, e.g. "BTS"
	Codes   []widget.Code // its codes with regional rows: the CFD (apprentissage), then its MEFSTAT11 (scolaire), sorted
	// Anciens are the BCN labels of the diplomas it replaced, through every continuum link
	// (merges too: a former name is a search word, never a figure), nearest first.
	Anciens []string
	// Certif are its Certif Info labels and FormaCode labels (Libelle_Diplome, Libelle_FormaCode).
	Certif []string
	// ROME are the ROME codes (métiers) of its Certif Info rows, sorted.
	ROME []string
	// Identifiants are the partner identifiers that name it (RNCP:…, ONISEP:FOR.…, CERTIFINFO:…), sorted.
	Identifiants []string
}

// searchCorpus is what the crosswalks give the search, kept after the load (s.xw is dropped).
type searchCorpus struct {
	anciens map[string][]string // new CFD → old CFDs, every link of every source
	certif  map[string][]string // CFD → Certif Info labels and FormaCode labels
	rome    map[string][]string // CFD → ROME codes
	words   map[string][]string // ROME code → the labels of every Certif Info row naming it
	ids     map[string][]string // CFD → partner identifiers
}

// buildCorpus keeps what the search reads of the crosswalks.
func (r *resolver) buildCorpus(x *crosswalks) {
	c := &searchCorpus{anciens: map[string][]string{}, certif: map[string][]string{}, rome: map[string][]string{},
		words: map[string][]string{}, ids: map[string][]string{}}
	addUniq := func(m map[string][]string, k, v string) {
		if v != "" && !slices.Contains(m[k], v) {
			m[k] = append(m[k], v)
		}
	}
	for _, k := range x.bcnLinks {
		if k.ancien != k.nouveau {
			addUniq(c.anciens, k.nouveau, k.ancien)
		}
	}
	for _, row := range x.ciRows {
		if row.ancien != "" && row.ancien != row.cfd {
			addUniq(c.anciens, row.cfd, row.ancien)
		}
	}
	for _, t := range x.ciTexts {
		words := strings.TrimSpace(t.libelle + " " + t.forma)
		for _, code := range t.rome {
			addUniq(c.words, code, words)
			if t.cfd != "" {
				addUniq(c.rome, t.cfd, code)
			}
		}
		if t.cfd != "" {
			addUniq(c.certif, t.cfd, t.libelle)
			addUniq(c.certif, t.cfd, t.forma)
		}
	}
	for kind, m := range map[widget.PartnerKind]map[string]idTargets{widget.KindRNCP: r.rncp, widget.KindOnisep: r.onisep, widget.KindCertifInfo: r.certifinfo} {
		for id, t := range m {
			for _, cfd := range t.cfds {
				addUniq(c.ids, cfd, widget.PartnerID{Kind: kind, Value: id}.String())
			}
		}
	}
	for _, m := range []map[string][]string{c.rome, c.ids} {
		for _, v := range m {
			slices.Sort(v)
		}
	}
	r.corpus = c
}

// Diplomas lists the diplomas that have regional rows, by CFD, with what the editors' search
// reads of each (issue 13). A MEFSTAT11 whose CFD the BCN does not know is its own entry, keyed
// by that CFD, without label.
func (s *Snapshot) Diplomas() []Diploma {
	byCFD := map[string]*Diploma{}
	for ck := range s.index {
		c := codeOf(ck)
		cert, _ := s.Certification(c)
		if cert.CFD == "" {
			continue
		}
		d := byCFD[cert.CFD]
		if d == nil {
			d = &Diploma{CFD: cert.CFD, Libelle: cert.LibelleAffiche, Type: cert.TypeDiplome}
			byCFD[cert.CFD] = d
		}
		d.Codes = append(d.Codes, c)
	}
	var corpus *searchCorpus
	if s.res != nil {
		corpus = s.res.corpus
	}
	out := make([]Diploma, 0, len(byCFD))
	for _, d := range byCFD {
		slices.SortFunc(d.Codes, func(a, b widget.Code) int {
			return compareCode(a, b) // the CFD (apprentissage) first
		})
		if corpus != nil {
			d.Anciens = s.anciens(corpus, d.CFD)
			d.Certif = slices.Clone(corpus.certif[d.CFD])
			d.ROME = slices.Clone(corpus.rome[d.CFD])
			d.Identifiants = slices.Clone(corpus.ids[d.CFD])
		}
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Diploma) int { return strings.Compare(a.CFD, b.CFD) })
	return out
}

// maxAnciens bounds the walk through former names (the real chains have at most 4 steps).
const maxAnciens = 12

// anciens walks the continuum links back from cfd, breadth first: the nearest names first.
func (s *Snapshot) anciens(c *searchCorpus, cfd string) []string {
	seen := map[string]bool{cfd: true}
	queue := []string{cfd}
	var out []string
	for len(queue) > 0 && len(out) < maxAnciens {
		cur := queue[0]
		queue = queue[1:]
		for _, old := range c.anciens[cur] {
			if seen[old] {
				continue
			}
			seen[old] = true
			queue = append(queue, old)
			if f, ok := s.formations[old]; ok && f.libelle != "" {
				out = append(out, f.libelle)
			}
		}
	}
	return out
}

// ROMEWords returns, for each ROME code of Certif Info, the labels (Libelle_Diplome and
// Libelle_FormaCode) of every certification naming it, with a CFD or not: the data has ROME codes
// but no ROME labels, so these words are what names a métier (issue 13). nil without Certif Info.
func (s *Snapshot) ROMEWords() map[string][]string {
	if s.res == nil || s.res.corpus == nil {
		return nil
	}
	out := make(map[string][]string, len(s.res.corpus.words))
	for k, v := range s.res.corpus.words {
		out[k] = slices.Clone(v)
	}
	return out
}
