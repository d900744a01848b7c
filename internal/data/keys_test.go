package data

import (
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// TestKeysReal: the data API's keys are every regional row, once, in the lists' order, and the
// département file answers postal codes' regions and UAIs' académies (issue 14).
func TestKeysReal(t *testing.T) {
	snap, _, err := Load(realdata.RealDir(t))
	if err != nil {
		t.Fatal(err)
	}
	reg := snap.Keys(widget.ScopeRegion)
	if len(reg) != snap.Rows() {
		t.Errorf("%d regional keys, %d rows", len(reg), snap.Rows())
	}
	for i := 1; i < len(reg); i++ {
		if compareKey(reg[i-1], reg[i]) >= 0 {
			t.Fatalf("keys %d and %d out of order: %+v %+v", i-1, i, reg[i-1], reg[i])
		}
	}
	fr := snap.Keys(widget.ScopeCertification)
	seen := map[string]bool{}
	for _, k := range fr {
		id := k.Code.String() + "|" + string(k.Millesime)
		if seen[id] || k.Region != "" {
			t.Fatalf("France key %+v twice or with a region", k)
		}
		seen[id] = true
	}
	if len(fr) == 0 || len(fr) >= len(reg) || len(snap.Keys(widget.ScopeEtablissement)) < 6000 {
		t.Errorf("%d France keys, %d establishment keys", len(fr), len(snap.Keys(widget.ScopeEtablissement)))
	}
	for dep, want := range map[string]string{"075": "11", "013": "93", "02A": "94", "974": "04", "001": "84"} {
		if r, ok := snap.RegionDepartement(dep); !ok || r.Code != want {
			t.Errorf("RegionDepartement(%s) = %v %v, want %s", dep, r, ok, want)
		}
	}
	if _, ok := snap.RegionDepartement("999"); ok {
		t.Error("999 has a region")
	}
	for uai, want := range map[string]string{"0751234J": "01", "0010001W": "10", "6200001A": "27"} {
		if a, ok := snap.AcademieUAI(uai); !ok || a != want {
			t.Errorf("AcademieUAI(%s) = %q %v, want %s", uai, a, ok, want)
		}
	}
}
