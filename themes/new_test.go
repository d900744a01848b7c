package themes

import (
	"slices"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	loaded, _, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	dsfr, _ := loaded.Get(Default)
	alt := dsfr
	alt.Name, alt.Label = "alt", "Autre"
	bad := dsfr
	bad.Name, bad.Light.Text = "bad", "red"

	r, err := New(alt, dsfr)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Names(); !slices.Equal(got, []string{"dsfr", "alt"}) {
		t.Errorf("names %v, want [dsfr alt]", got)
	}
	if got, ok := r.Get("alt"); !ok || got.Label != "Autre" {
		t.Errorf("Get(alt) = %+v, %v", got, ok)
	}
	for name, list := range map[string][]Theme{
		"no default": {alt},
		"twice":      {dsfr, dsfr},
		"invalid":    {dsfr, bad},
		"empty":      nil,
	} {
		if _, err := New(list...); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name == "invalid" && !strings.Contains(err.Error(), `light.text: "red" is not a #rrggbb colour`) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
