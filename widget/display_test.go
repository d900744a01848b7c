package widget

import (
	"slices"
	"strings"
	"testing"
)

// TestRows: the rows every surface draws, per audience (32032002 in Île-de-France, 2022_2023:
// 216 / 646 of 1 064).
func TestRows(t *testing.T) {
	type row struct{ label, phrase, figure, count string }
	tests := []struct {
		audience Audience
		want     []row
	}{
		// Issue 13: labels in sentence case (a screen reader reads "TRAVAILLENT" letter by
		// letter or shouting); the surfaces set them in upper case.
		{AudienceLycee, []row{{"En emploi", "", "20\u202f%", "216 apprentis"}, {"En formation", "", "61\u202f%", "646 apprentis"}, {"Autres situations", "", "19\u202f%", ""}}},
		{AudienceCollege, []row{{"Travaillent", "2 apprentis sur 10 ont un travail", "20\u202f%", ""}, {"Se forment", "6 apprentis sur 10 continuent à se former", "61\u202f%", ""}, {"Font autre chose", "2 apprentis sur 10 font autre chose", "19\u202f%", ""}}},
		{AudienceSuperieur, []row{{"En emploi 6 mois après", "", "20\u202f%", ""}, {"En formation", "", "61\u202f%", ""}, {"Autres situations", "", "19\u202f%", ""}}},
		{AudienceAccompagnateur, []row{{"En emploi", "", "20\u202f%", "216 sur 1\u202f064 apprentis"}, {"En formation", "", "61\u202f%", "646 sur 1\u202f064 apprentis"}, {"Autres situations", "", "19\u202f%", ""}}},
	}
	for _, tt := range tests {
		req, err := ParseRequest(ScopeRegion, "11", "32032002", queryOf{"audience": {string(tt.audience)}}, Options{Themes: []string{"dsfr"}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := Build(req, src)
		if err != nil {
			t.Fatal(err)
		}
		var got []row
		for _, r := range v.Blocs[0].Rows {
			got = append(got, row{r.Label, r.Phrase, r.Figure, r.Count})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.audience, got, tt.want)
		}
		if !v.HasFigures() || v.MessageOnly || len(v.Blocs[0].Table) != 4 {
			t.Errorf("%s: figures %v, message only %v, table %d rows", tt.audience, v.HasFigures(), v.MessageOnly, len(v.Blocs[0].Table))
		}
	}
}

// TestDisplayDecisions: the decisions a surface reads instead of making them.
func TestDisplayDecisions(t *testing.T) {
	tests := []struct {
		name, region, code string
		q                  queryOf
		state              State
		messageOnly        bool
		figures            bool
		surface            Surface
		outcome            Outcome
	}{
		{"ok", "11", "32032002", queryOf{}, StateOK, false, true, SurfaceHTML, OutcomeFound},
		{"masked: cohort only", "11", "23220022349", queryOf{"millesime": {"2019_2020"}}, StateMasque, false, false, SurfaceHTML, OutcomeFound},
		{"no data", "11", "23220022349", queryOf{}, StateSansDonnee, true, false, SurfaceHTML, OutcomeNoData},
		{"unknown", "11", "99999999", queryOf{}, StateInconnu, true, false, SurfaceHTML, OutcomeUnknown},
		{"unknown, both voies", "11", "99999999", queryOf{"vue": {"filieres"}}, StateInconnu, true, false, SurfaceHTML, OutcomeUnknown},
		{"no data .svg", "11", "23220022349.svg", queryOf{}, StateSansDonnee, true, false, SurfaceSVG, OutcomeNoData},
		{"no data .svg onerror=empty", "11", "23220022349.svg", queryOf{"onerror": {"empty"}}, StateSansDonnee, true, false, SurfaceEmptySVG, OutcomeNoData},
		{"no data .svg onerror=status", "11", "23220022349.svg", queryOf{"onerror": {"status"}}, StateSansDonnee, true, false, SurfaceJSON, OutcomeNoData},
		{"ok .svg onerror=status", "11", "32032002.svg", queryOf{"onerror": {"status"}}, StateOK, false, true, SurfaceSVG, OutcomeFound},
	}
	for _, tt := range tests {
		req, err := ParseRequest(ScopeRegion, tt.region, tt.code, tt.q, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		v, err := Build(req, src)
		if err != nil {
			t.Fatal(err)
		}
		if v.State != tt.state || v.MessageOnly != tt.messageOnly || v.HasFigures() != tt.figures || v.Surface() != tt.surface || v.Outcome() != tt.outcome {
			t.Errorf("%s: state %s, message only %v, figures %v, surface %s, outcome %s", tt.name, v.State, v.MessageOnly, v.HasFigures(), v.Surface(), v.Outcome())
		}
		if tt.messageOnly && v.Message == "" {
			t.Errorf("%s: no message", tt.name)
		}
	}
}

// TestRoutes: every widget URL shape is written and read back by the route table.
func TestRoutes(t *testing.T) {
	tests := []struct {
		req  Request
		path string
	}{
		{Request{Scope: ScopeCertification, Codes: []Code{{KindCFD, "32032002"}}}, "/widgets/certifications/32032002"},
		{Request{Scope: ScopeRegion, Region: "11", Codes: []Code{{KindCFD, "40031212"}, {KindMEFSTAT11, "23830031212"}}}, "/widgets/regions/11/certifications/40031212,23830031212"},
		{Request{Scope: ScopeEtablissement, UAI: "0010001W"}, "/widgets/etablissements/0010001W"},
		{Request{Scope: ScopeFormation, UAI: "0751234J", Codes: []Code{{KindMEFSTAT11, "23220034307"}}}, "/widgets/formations/0751234J/23220034307"},
	}
	for _, tt := range tests {
		if got := Path(tt.req); got != tt.path {
			t.Errorf("Path = %s, want %s", got, tt.path)
		}
		rt, ok := ParsePath(tt.path + ".svg")
		if !ok || rt.Scope != tt.req.Scope || rt.Region != tt.req.Region {
			t.Errorf("ParsePath(%s) = %+v, %v", tt.path, rt, ok)
		}
	}
	for _, bad := range []string{"/widgets/certifications", "/widgets/regions/11/certifications/", "/widgets/autre/x", "/widgets/etablissements/a/b"} {
		if rt, ok := ParsePath(bad); ok {
			t.Errorf("ParsePath(%s) = %+v", bad, rt)
		}
	}
}

// BenchmarkBuild: the view model of one regional widget (the fixture's 32032002 in Île-de-France).
func BenchmarkBuild(b *testing.B) {
	req, err := ParseRequest(ScopeRegion, "11", "32032002", queryOf{}, testOpts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(req, src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMasqueSingular: a cohort of one is "1 apprenti", never "1 apprentis" (seen on 50034406).
func TestMasqueSingular(t *testing.T) {
	b := Bloc{Filiere: VoieApprentissage, Counts: Counts{NbAnneeTerm: N{V: 1, Valid: true}}}
	for a, want := range map[Audience]string{
		AudienceAccompagnateur: "Effectif de 1 apprenti en dernière année",
		AudienceLycee:          "Le groupe est trop petit (1 apprenti, moins de 20)",
	} {
		if got := stateMessage(a, StateMasque, b, "", nil, ScopeCertification); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q", a, got)
		}
	}
}
