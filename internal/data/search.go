package data

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Match is a certification of the data that Search found.
type Match struct {
	Code    widget.Code // the code the data keys: a CFD (apprentissage) or a MEFSTAT11 (voie scolaire)
	Voie    widget.Voie // the voie of Code
	CFD     string      // its CFD (itself for a CFD)
	Libelle string      // BCN LIBELLE_LONG_200, "" when the BCN has none
	// LibelleAffiche is the display label (accented, issue 12 item 6), "" when the BCN has none.
	LibelleAffiche string
	TypeDiplome    string // BCN level short label, e.g. "BTS"
}

// MaxSearch is the most matches Search returns.
const MaxSearch = 50

// Search finds the certifications that have regional rows, by code or by BCN label, for the
// editors' preview. A query of letters and digits with at least one digit is a code: it matches
// the codes and CFDs that start with it (upper-cased). Any other query matches the labels that
// contain each of its words, ignoring case and accents ("communication bts"). Exact codes come
// first, then by diploma type, label, voie and code. A query of fewer than 2 characters matches
// nothing. A partner identifier (RNCP:34700, ONISEP:FOR.5614, CERTIFINFO:82567, issue 12 item
// 4) matches the codes with rows of every diploma it names. At most limit matches (1 to
// MaxSearch) are returned.
func (s *Snapshot) Search(query string, limit int) []Match {
	limit = min(max(limit, 1), MaxSearch)
	q := strings.TrimSpace(query)
	if len([]rune(q)) < 2 || len(q) > 200 {
		return nil
	}
	code := strings.ToUpper(q)
	if c, err := widget.ParseCode(code); err == nil {
		code = c.Value // accept "CFD:…" and "MEFSTAT11:…"
	}
	if p, ok := widget.ParsePartnerID(q); ok {
		return s.searchPartner(p, limit)
	}
	isCode := isAlnumUpper(code) && strings.ContainsAny(code, "0123456789")
	words := strings.Fields(fold(q))
	type ranked struct {
		m    Match
		rank int
	}
	var found []ranked
	for ck := range s.index {
		c := codeOf(ck)
		cert, _ := s.Certification(c)
		m := Match{Code: c, Voie: ck.voie, CFD: cert.CFD, Libelle: cert.Libelle, LibelleAffiche: cert.LibelleAffiche, TypeDiplome: cert.TypeDiplome}
		rank := -1
		switch {
		case isCode && c.Value == code:
			rank = 0
		case isCode && m.CFD == code:
			rank = 1
		case isCode && (strings.HasPrefix(c.Value, code) || strings.HasPrefix(m.CFD, code)):
			rank = 2
		case !isCode && containsAll(fold(m.Libelle+" "+m.TypeDiplome), words):
			rank = 3
		}
		if rank >= 0 {
			found = append(found, ranked{m, rank})
		}
	}
	slices.SortFunc(found, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.m.TypeDiplome, b.m.TypeDiplome),
			cmp.Compare(a.m.Libelle, b.m.Libelle), cmp.Compare(a.m.Voie, b.m.Voie), cmp.Compare(a.m.Code.Value, b.m.Code.Value))
	})
	out := make([]Match, 0, min(len(found), limit))
	for _, r := range found[:min(len(found), limit)] {
		out = append(out, r.m)
	}
	return out
}

// searchPartner lists the codes with rows of the diplomas a partner identifier names, in the
// order of the diplomas (by CFD) and of their codes (apprentissage first).
func (s *Snapshot) searchPartner(p widget.PartnerID, limit int) []Match {
	var out []Match
	for _, cand := range s.Identify(p).Candidats {
		for _, c := range cand.Codes {
			if !s.hasRows(c) || len(out) == limit {
				continue
			}
			cert, _ := s.Certification(c)
			out = append(out, Match{Code: c, Voie: c.Voie(), CFD: cert.CFD, Libelle: cert.Libelle, LibelleAffiche: cert.LibelleAffiche, TypeDiplome: cert.TypeDiplome})
		}
	}
	return out
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return len(words) > 0
}

// fold lower-cases s, removes the accents and turns every run of characters other than letters
// and digits into a space: "Métiers de l'accueil" → "metiers de l accueil" (foldKey).
func fold(s string) string { return strings.ToLower(foldKey(s, ' ')) }
