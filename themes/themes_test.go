package themes

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestContrastFormula(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#58b77d", "#ffffff", 2.47}, // SPEC's DSFR emploi mark fails 3:1 on white (see dsfr.json)
		{"#18753c", "#ffffff", 5.76},
		{"#767676", "#ffffff", 4.54},
	}
	for _, tt := range tests {
		if got := Contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestShippedThemes: the five themes of SPEC §7 load, and every theme × scheme passes WCAG AA.
func TestShippedThemes(t *testing.T) {
	r, refused, err := Load("")
	if err != nil || len(refused) > 0 {
		t.Fatal(err, refused)
	}
	if got := strings.Join(r.Names(), ","); got != "dsfr,contrast,lba,neutral,onisep" {
		t.Errorf("themes %s", got)
	}
	for _, n := range r.Names() {
		th, _ := r.Get(n)
		for _, scheme := range []string{"light", "dark"} {
			for _, c := range th.Palette(scheme).pairs(scheme) {
				if r := Contrast(c.fgHex, c.bgHex); r < c.min {
					t.Errorf("%s %s on %s: %.2f:1 < %g:1", n, c.fg, c.bg, r, c.min)
				}
			}
		}
	}
}

func TestExtraThemesDir(t *testing.T) {
	dir := t.TempDir()
	neutral, err := files.ReadFile("neutral.json")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("acme.json", strings.Replace(string(neutral), `"name": "neutral"`, `"name": "acme"`, 1))
	// text #777777 on #ffffff is 4.48:1; a mark of #aaaaaa is 2.32:1 on white.
	write("pale.json", strings.Replace(strings.Replace(string(neutral), `"name": "neutral"`, `"name": "pale"`, 1), `"mark": "#1a7f37"`, `"mark": "#aaaaaa"`, 1))
	write("typo.json", strings.Replace(string(neutral), `"radius_px"`, `"radius"`, 1))
	write("colour.json", strings.Replace(strings.Replace(string(neutral), `"name": "neutral"`, `"name": "colour"`, 1), `"#1f2328"`, `"red; background:url(x)"`, 1))
	r, refused, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Get("acme"); !ok {
		t.Error("acme (a copy of neutral) must load")
	}
	msgs := map[string]string{}
	for _, e := range refused {
		for _, f := range []string{"pale.json", "typo.json", "colour.json"} {
			if strings.Contains(e.Error(), f) {
				msgs[f] = e.Error()
			}
		}
	}
	want := map[string]string{
		"pale.json":   "light.emploi.mark on light.background: contrast 2.32:1, needs 3:1",
		"typo.json":   `unknown field "radius"`,
		"colour.json": `light.text: "red; background:url(x)" is not a #rrggbb colour`,
	}
	for f, w := range want {
		if !strings.Contains(msgs[f], w) {
			t.Errorf("%s: refused with %q, want %q", f, msgs[f], w)
		}
	}
	for _, n := range []string{"pale", "colour"} {
		if _, ok := r.Get(n); ok {
			t.Errorf("%s must be refused", n)
		}
	}
	if len(r.Names()) != 6 {
		t.Errorf("valid themes kept: %v", r.Names())
	}
	if _, _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing themes dir is an error")
	}
}

// TestVersionFollowsThemes: the version (part of every widget ETag) changes with any theme value.
func TestVersionFollowsThemes(t *testing.T) {
	r, _, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	dsfr, _ := r.Get(Default)
	alt := dsfr
	alt.Light.Accent = "#000080"
	a, _ := New(dsfr)
	again, _ := New(dsfr) // the same themes, built again: the same version (it compared a.Version() with itself)
	b, _ := New(alt)
	if a.Version() == b.Version() || a.Version() != again.Version() {
		t.Errorf("versions %s %s %s", a.Version(), again.Version(), b.Version())
	}
}
