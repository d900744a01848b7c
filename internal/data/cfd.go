package data

import (
	"slices"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// CodesCFD returns the codes of a voie that have regional rows and map to cfd (SPEC §4 rule 7):
// for apprentissage the CFD itself when it has rows; for the voie scolaire its MEFSTAT11 codes
// (through BCN N_MEF), sorted. nil when none.
func (s *Snapshot) CodesCFD(cfd string, voie widget.Voie) []widget.Code {
	switch voie {
	case widget.VoieApprentissage:
		if len(s.index[codeKey{voie: voie, code: cfd}]) > 0 {
			return []widget.Code{{Kind: widget.KindCFD, Value: cfd}}
		}
	case widget.VoieScolaire:
		return slices.Clone(s.mefsByCFD[cfd])
	}
	return nil
}

// Codes returns every certification code that has regional rows (CFD for apprentissage,
// MEFSTAT11 for the voie scolaire), sorted by voie then code.
func (s *Snapshot) Codes() []widget.Code {
	out := make([]widget.Code, 0, len(s.index))
	for ck := range s.index {
		out = append(out, codeOf(ck))
	}
	slices.SortFunc(out, func(a, b widget.Code) int {
		if a.Kind != b.Kind {
			return strings.Compare(string(a.Kind), string(b.Kind))
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}
