// Package widgettest is an in-memory widget.Source for the tests of the packages that read
// views (templates, the predecessor's adapter): no data file, no internal package.
package widgettest

import (
	"github.com/ijwidgets/ijwidgets/widget"
)

// Source is an in-memory widget.Source. Rows are keyed "scope|region|code".
type Source struct {
	Certs   map[string]widget.Certification
	Regions map[string]widget.Region
	Rows    map[string][]widget.Cohorte
	Ms      []widget.Millesime
	IsDemo  bool
}

// Certification implements widget.Source.
func (f Source) Certification(c widget.Code) (widget.Certification, bool) {
	x, ok := f.Certs[c.Value]
	return x, ok
}

// Region implements widget.Source.
func (f Source) Region(code string) (widget.Region, bool) { r, ok := f.Regions[code]; return r, ok }

// Cohortes implements widget.Source.
func (f Source) Cohortes(s widget.Scope, region string, c widget.Code) []widget.Cohorte {
	return f.Rows[string(s)+"|"+region+"|"+c.Value]
}

// Millesimes implements widget.Source.
func (f Source) Millesimes(widget.Scope) []widget.Millesime { return f.Ms }

// CodesCFD implements widget.Source.
func (f Source) CodesCFD(cfd string, voie widget.Voie) []widget.Code {
	var out []widget.Code
	for _, c := range f.Certs {
		if c.CFD == cfd && c.Code.Voie() == voie {
			out = append(out, c.Code)
		}
	}
	return out
}

// Demo implements widget.Source.
func (f Source) Demo() bool { return f.IsDemo }

// Cohorte is one millésime of counts, normalized (SPEC §4 rule 4).
func Cohorte(m widget.Millesime, cohort, emploi, poursuite widget.N) widget.Cohorte {
	c := widget.Counts{NbAnneeTerm: cohort, NbEnEmploi6Mois: emploi, NbPoursuiteEtudes: poursuite}
	return widget.Cohorte{Millesime: m, Counts: c.Normalize(widget.Horizons{})}
}

// Query is a URL query as a map (widget.Query).
type Query map[string][]string

// Get implements widget.Query.
func (q Query) Get(k string) string {
	if v := q[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has implements widget.Query.
func (q Query) Has(k string) bool { _, ok := q[k]; return ok }

// Fixture is a small dataset: 32032002 (BTS, apprentissage) in Île-de-France with figures for
// two millésimes and a share missing in Guadeloupe, and 23220022349 (Bac pro, voie scolaire) of
// 19 learners in 2019_2020.
func Fixture() Source {
	return Source{
		Certs: map[string]widget.Certification{
			"32032002":    {Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"}, CFD: "32032002", Libelle: "COMMUNICATION (BTS)", TypeDiplome: "BTS"},
			"23220022349": {Code: widget.Code{Kind: widget.KindMEFSTAT11, Value: "23220022349"}, CFD: "40022349", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
		},
		Regions: map[string]widget.Region{"11": {Code: "11", Nom: "Île-de-France"}, "01": {Code: "01", Nom: "Guadeloupe"}},
		Rows: map[string][]widget.Cohorte{
			"region|11|32032002": {
				Cohorte("2021_2022", widget.Some(639), widget.Some(149), widget.Some(363)),
				Cohorte("2022_2023", widget.Some(1064), widget.Some(216), widget.Some(646)),
			},
			"region|11|23220022349": {Cohorte("2019_2020", widget.Some(19), widget.Some(6), widget.Some(10))},
			"region|01|32032002":    {Cohorte("2022_2023", widget.Some(29), widget.N{}, widget.Some(20))},
		},
		Ms: []widget.Millesime{"2019_2020", "2020_2021", "2021_2022", "2022_2023"},
	}
}
