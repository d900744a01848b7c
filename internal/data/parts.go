package data

import (
	"slices"
	"sync"

	"github.com/ijwidgets/ijwidgets/widget"
)

var _ widget.PartsSource = (*Snapshot)(nil)

// partsMillesimes caches, per scope and voie, the millésimes of the establishment and
// per-formation files (computed once: the snapshot never changes).
type partsMillesimes struct {
	once sync.Once
	m    map[widget.Scope]map[widget.Voie][]widget.Millesime
}

// supMillesimes caches the millésimes of the InserSup export and the employment horizons each
// measures (SPEC §4 rule 8).
type supMillesimes struct {
	once     sync.Once
	list     []widget.Millesime
	horizons map[widget.Millesime]widget.Horizons
}

func (s *Snapshot) partsIndex() map[widget.Scope]map[widget.Voie][]widget.Millesime {
	s.partsMs.once.Do(func() {
		m := map[widget.Scope]map[widget.Voie][]widget.Millesime{
			widget.ScopeEtablissement: {}, widget.ScopeFormation: {},
		}
		add := func(sc widget.Scope, v widget.Voie, ml widget.Millesime) {
			if !slices.Contains(m[sc][v], ml) {
				m[sc][v] = append(m[sc][v], ml)
			}
		}
		for _, rows := range s.etablissements {
			for _, r := range rows {
				add(widget.ScopeEtablissement, r.Voie, r.Millesime)
			}
		}
		for _, rows := range s.formationsFines {
			for _, r := range rows {
				add(widget.ScopeFormation, r.Voie, r.Millesime)
			}
		}
		for _, byVoie := range m {
			for _, ms := range byVoie {
				slices.Sort(ms)
			}
		}
		s.partsMs.m = m
	})
	return s.partsMs.m
}

// MillesimesParts returns the millésimes of the file serving a scope (etablissement or
// formation) and voie, oldest first (SPEC §5: the default is the newest of the dataset).
func (s *Snapshot) MillesimesParts(scope widget.Scope, voie widget.Voie) []widget.Millesime {
	return slices.Clone(s.partsIndex()[scope][voie])
}

// EtablissementParts answers widget.PartsSource from the establishment files.
func (s *Snapshot) EtablissementParts(uai string) (widget.Etablissement, *widget.Region, []widget.PartsCohorte, widget.Lookup) {
	rows, ok := s.Etablissement(uai)
	if !ok {
		return widget.Etablissement{UAI: normUAI(uai)}, nil, nil, widget.UAIInconnu
	}
	out := make([]widget.PartsCohorte, len(rows))
	for i, r := range rows {
		out[i] = widget.PartsCohorte{Voie: r.Voie, Millesime: r.Millesime, Taux: r.Parts.Taux()}
	}
	last := rows[len(rows)-1] // the newest name and region
	reg := last.Region
	return widget.Etablissement{UAI: last.UAI, Nom: last.Libelle}, &reg, out, widget.Trouve
}

// FormationParts answers widget.PartsSource from the per-formation exports.
func (s *Snapshot) FormationParts(uai string, c widget.Code) (widget.Etablissement, *widget.Region, []widget.PartsCohorte, widget.Lookup) {
	rows, st := s.Formation(uai, c)
	switch st {
	case FormationUAIInconnu:
		// The establishment may still be known from the establishment files: name it.
		if er, ok := s.Etablissement(uai); ok {
			last := er[len(er)-1]
			reg := last.Region
			return widget.Etablissement{UAI: last.UAI, Nom: last.Libelle}, &reg, nil, widget.NonDispensee
		}
		return widget.Etablissement{UAI: normUAI(uai)}, nil, nil, widget.UAIInconnu
	case FormationNonDispensee:
		all := s.formationsFines[normUAI(uai)]
		last := all[len(all)-1]
		reg := last.Region
		return widget.Etablissement{UAI: last.UAI, Nom: last.Libelle}, &reg, nil, widget.NonDispensee
	}
	out := make([]widget.PartsCohorte, len(rows))
	for i, r := range rows {
		out[i] = widget.PartsCohorte{Voie: r.Voie, Millesime: r.Millesime, Taux: r.Parts.Taux()}
	}
	last := rows[len(rows)-1]
	reg := last.Region
	return widget.Etablissement{UAI: last.UAI, Nom: last.Libelle}, &reg, out, widget.Trouve
}

var _ widget.SupSource = (*Snapshot)(nil)

// cohortesSup answers Cohortes for a SISE code from InserSup (national figures only).
func (s *Snapshot) cohortesSup(scope widget.Scope, c widget.Code) []widget.Cohorte {
	if scope != widget.ScopeCertification {
		return nil
	}
	var out []widget.Cohorte
	s.MillesimesInserSup() // computes s.supMs.horizons once
	for _, r := range s.InserSup(c) {
		q := r.Salaire12Mois
		out = append(out, widget.Cohorte{Millesime: r.Millesime, Counts: r.Counts().Normalize(s.supMs.horizons[r.Millesime]),
			Salaire12Mois: widget.Quartiles{Q1: q.Q1, Mediane: q.Mediane, Q3: q.Q3}})
	}
	return out
}

// MillesimesInserSup returns the millésimes of the InserSup export, oldest first (computed once,
// with the horizons each measures: every SISE request asks for them).
func (s *Snapshot) MillesimesInserSup() []widget.Millesime {
	s.supMs.once.Do(func() {
		s.supMs.horizons = map[widget.Millesime]widget.Horizons{}
		for _, rows := range s.insersup {
			for _, r := range rows {
				s.supMs.horizons[r.Millesime] = s.supMs.horizons[r.Millesime].With(r.Counts())
				if !slices.Contains(s.supMs.list, r.Millesime) {
					s.supMs.list = append(s.supMs.list, r.Millesime)
				}
			}
		}
		slices.Sort(s.supMs.list)
	})
	return slices.Clone(s.supMs.list)
}

// EtablissementUAIs returns the UAI of every establishment with rows, sorted.
func (s *Snapshot) EtablissementUAIs() []string {
	out := make([]string, 0, len(s.etablissements))
	for uai := range s.etablissements {
		out = append(out, uai)
	}
	slices.Sort(out)
	return out
}
