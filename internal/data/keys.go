package data

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
)

var _ dataapi.Catalog = (*Snapshot)(nil)

// listKeys caches the keys of the data API's lists, per scope (computed once: the snapshot
// never changes).
type listKeys struct {
	once sync.Once
	m    map[widget.Scope][]dataapi.Key
}

// kindRank orders code kinds in the lists: CFD, MEFSTAT11, SISE.
func kindRank(k widget.CodeKind) int {
	switch k {
	case widget.KindCFD:
		return 0
	case widget.KindMEFSTAT11:
		return 1
	}
	return 2
}

func compareCode(a, b widget.Code) int {
	return cmp.Or(cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)), strings.Compare(a.Value, b.Value))
}

func compareKey(a, b dataapi.Key) int {
	return cmp.Or(strings.Compare(a.Region, b.Region), compareCode(a.Code, b.Code), strings.Compare(string(a.Millesime), string(b.Millesime)))
}

// Keys returns every key the snapshot has a row for in the scope (dataapi.Catalog), in the
// lists' stable order: ScopeCertification by code (CFD, MEFSTAT11, SISE) then millésime, one
// key per millésime having a regional row (or an InserSup row); ScopeRegion by region, code,
// millésime, one key per regional row; ScopeEtablissement by UAI then millésime, one key per
// millésime of either voie (its Region from the row); ScopeFormation by UAI, code, millésime.
// The slice is shared and must not be modified.
func (s *Snapshot) Keys(scope widget.Scope) []dataapi.Key {
	s.keys.once.Do(func() { s.keys.m = s.buildKeys() })
	return s.keys.m[scope]
}

func (s *Snapshot) buildKeys() map[widget.Scope][]dataapi.Key {
	var fr, reg []dataapi.Key
	for ck, list := range s.index {
		c := codeOf(ck)
		for i, e := range list {
			reg = append(reg, dataapi.Key{Region: e.region, Code: c, Millesime: e.millesime})
			if i == 0 || list[i-1].millesime != e.millesime {
				fr = append(fr, dataapi.Key{Code: c, Millesime: e.millesime})
			}
		}
	}
	for code, rows := range s.insersup {
		c := widget.Code{Kind: widget.KindSISE, Value: code}
		for i, r := range rows {
			if i == 0 || rows[i-1].Millesime != r.Millesime {
				fr = append(fr, dataapi.Key{Code: c, Millesime: r.Millesime})
			}
		}
	}
	var etab, form []dataapi.Key
	for uai, rows := range s.etablissements {
		for _, r := range rows {
			etab = append(etab, dataapi.Key{UAI: uai, Region: r.Region.Code, Millesime: r.Millesime})
		}
	}
	for uai, rows := range s.formationsFines {
		for _, r := range rows {
			form = append(form, dataapi.Key{UAI: uai, Region: r.Region.Code, Code: r.Code, Millesime: r.Millesime})
		}
	}
	slices.SortFunc(fr, compareKey)
	slices.SortFunc(reg, compareKey)
	byUAI := func(a, b dataapi.Key) int { return cmp.Or(strings.Compare(a.UAI, b.UAI), compareKey(a, b)) }
	slices.SortFunc(etab, byUAI)
	etab = slices.CompactFunc(etab, func(a, b dataapi.Key) bool { return a.UAI == b.UAI && a.Millesime == b.Millesime })
	slices.SortFunc(form, byUAI)
	form = slices.Compact(form)
	return map[widget.Scope][]dataapi.Key{
		widget.ScopeCertification: fr, widget.ScopeRegion: reg,
		widget.ScopeEtablissement: etab, widget.ScopeFormation: form,
	}
}

// RegionDepartement returns the INSEE region of a département (3 characters, "075", "02A",
// "974") through the département file (dataapi.DepartementSource); ok is false without that
// file or for a département it does not list.
func (s *Snapshot) RegionDepartement(dep string) (widget.Region, bool) {
	if s.res == nil || s.res.depts == nil {
		return widget.Region{}, false
	}
	code, ok := s.res.depts[dep]
	if !ok {
		return widget.Region{}, false
	}
	reg, ok := s.regions[code]
	return reg, ok
}

// AcademieUAI returns the académie code (2 digits) of an establishment, through its département
// (DepartementUAI) and the département file (dataapi.AcademieSource); ok is false without it.
func (s *Snapshot) AcademieUAI(uai string) (string, bool) {
	d, ok := DepartementUAI(uai)
	if !ok || s.res == nil || s.res.acads == nil {
		return "", false
	}
	a, ok := s.res.acads[d]
	return a, ok
}
