package widget

import (
	"encoding/json"
	"errors"
	"testing"
)

var legacyOpts = Options{Themes: []string{"dsfr", "lba"}}

func TestParseLegacyMillesime(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2022_2023", "2022_2023"},
		{"2022-2023", "2022_2023"},
		{"2023_2022", "2022_2023"}, // the predecessor sorted the two years
		{"2023-2022", "2022_2023"},
		{"cumul 2022-2023", "2022_2023"},
		{" 2022_2023 ", "2022_2023"},
		{"2023", "2022_2023"}, // a national single-year millésime: the cumul ending that year
		{"2020", "2019_2020"},
		{"", ""},
		{"2021_2023", ""},
		{"2023_2023", ""},
		{"20222023", ""},
		{"202", ""},
		{"abcd", ""},
		{"2022_2023_2024", ""},
		{"0000", ""},
	}
	for _, tt := range tests {
		got, err := ParseLegacyMillesime(tt.in)
		if string(got) != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
		var ie *InputError
		if (tt.want == "") != errors.As(err, &ie) || (err != nil && ie.Param != "millesime") {
			t.Errorf("%q: error %v", tt.in, err)
		}
	}
}

func TestParseLegacyRoute(t *testing.T) {
	tests := []struct {
		name  string
		rt    LegacyRoute
		q     queryOf
		param string // the rejected parameter, "" when valid
		check func(LegacyRequest) bool
	}{
		{"no suffix is JSON", LegacyRoute{ScopeRegion, "11", "32032002"}, queryOf{}, "", func(r LegacyRequest) bool {
			return r.Format == FormatJSON && r.Region == "11" && r.Code == Code{KindCFD, "32032002"} && r.ImageOnError == ImageOnErrorFalse && !r.Filieres
		}},
		{".json", LegacyRoute{ScopeCertification, "", "32032002.json"}, queryOf{}, "", func(r LegacyRequest) bool { return r.Format == FormatJSON }},
		{".svg vertical by default", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{}, "", func(r LegacyRequest) bool {
			return r.Format == FormatSVG && r.Layout == LayoutVertical && r.Theme == "dsfr"
		}},
		{"direction and theme", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"direction": {"horizontal"}, "theme": {"lba"}}, "", func(r LegacyRequest) bool {
			return r.Layout == LayoutHorizontal && r.Theme == "lba"
		}},
		{"codes with |", LegacyRoute{ScopeRegion, "11", "32032002|23830025216.svg"}, queryOf{}, "", func(r LegacyRequest) bool {
			return len(r.Codes) == 2 && r.Codes[1] == Code{KindMEFSTAT11, "23830025216"} && r.Filieres && r.Format == FormatSVG
		}},
		{"vue=filieres", LegacyRoute{ScopeRegion, "11", "32032002"}, queryOf{"vue": {"filieres"}}, "", func(r LegacyRequest) bool { return r.Filieres }},
		{"millesime forms", LegacyRoute{ScopeCertification, "", "32032002"}, queryOf{"millesime": {"2023-2022"}}, "", func(r LegacyRequest) bool { return r.Millesime == "2022_2023" }},
		{"imageOnError empty", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"imageOnError": {"empty"}}, "", func(r LegacyRequest) bool { return r.ImageOnError == ImageOnErrorEmpty }},
		{"imageOnError true", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"imageOnError": {"true"}}, "", func(r LegacyRequest) bool { return r.ImageOnError == ImageOnErrorTrue }},
		{"imageOnError blank is false", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"imageOnError": {""}}, "", func(r LegacyRequest) bool { return r.ImageOnError == ImageOnErrorFalse }},
		{"formation", LegacyRoute{ScopeFormation, "", "0751234j-23220034307.svg"}, queryOf{}, "", func(r LegacyRequest) bool {
			return r.Scope == ScopeFormation && r.UAI == "0751234J" && r.Code == Code{KindMEFSTAT11, "23220034307"} && r.Format == FormatSVG
		}},
		{"formation SISE", LegacyRoute{ScopeFormation, "", "0751234J-SISE:2500200"}, queryOf{}, "", func(r LegacyRequest) bool { return r.Code == Code{KindSISE, "2500200"} }},
		{"unknown parameters ignored", LegacyRoute{ScopeCertification, "", "32032002"}, queryOf{"apiKey": {"x"}, "layout": {"diagonal"}}, "", func(r LegacyRequest) bool { return r.Layout == LayoutAuto }},
		{"bad direction", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"direction": {"diagonal"}}, "direction", nil},
		{"blank direction", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"direction": {""}}, "direction", nil},
		{"bad theme", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"theme": {"onisep"}}, "theme", nil},
		{"bad imageOnError", LegacyRoute{ScopeCertification, "", "32032002.svg"}, queryOf{"imageOnError": {"1"}}, "imageOnError", nil},
		{"bad vue", LegacyRoute{ScopeCertification, "", "32032002"}, queryOf{"vue": {"cfd"}}, "vue", nil},
		{"bad millesime", LegacyRoute{ScopeCertification, "", "32032002"}, queryOf{"millesime": {"2019_2023"}}, "millesime", nil},
		{"bad code", LegacyRoute{ScopeCertification, "", "INCONNU"}, queryOf{}, "code", nil},
		{"other suffix", LegacyRoute{ScopeCertification, "", "32032002.csv"}, queryOf{}, "code", nil},
		{"bad region", LegacyRoute{ScopeRegion, "75000", "32032002"}, queryOf{}, "region", nil},
		{"formation without dash", LegacyRoute{ScopeFormation, "", "0751234J23220034307"}, queryOf{}, "uai", nil},
		{"formation bad uai", LegacyRoute{ScopeFormation, "", "075123-23220034307"}, queryOf{}, "uai", nil},
		{"formation both voies", LegacyRoute{ScopeFormation, "", "0751234J-23220034307|40025216"}, queryOf{}, "code", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseLegacyRoute(tt.rt, tt.q, legacyOpts)
			var ie *InputError
			if tt.param != "" {
				if !errors.As(err, &ie) || ie.Param != tt.param {
					t.Fatalf("error %v, want on %s", err, tt.param)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(r) {
				t.Errorf("%+v", r)
			}
		})
	}
}

// legacy builds a legacy request on src (or fs) and returns its JSON as a map.
func legacy(t *testing.T, s Source, rt LegacyRoute, q queryOf) (View, int, map[string]any) {
	t.Helper()
	r, err := ParseLegacyRoute(rt, q, legacyOpts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(r.Request, s)
	if err != nil {
		t.Fatal(err)
	}
	body := v.LegacyJSON()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return v, body.Status(), m
}

func TestLegacyJSON(t *testing.T) {
	v, status, m := legacy(t, src, LegacyRoute{ScopeRegion, "11", "32032002"}, queryOf{"millesime": {"2022_2023"}})
	want := map[string]any{
		"code_certification": "32032002", "code_formation_diplome": "32032002", "libelle": "COMMUNICATION (BTS)",
		"millesime": "2022_2023", "filiere": "apprentissage", "diplome": map[string]any{"code": "5", "libelle": "BTS"},
		"nb_annee_term": 1064.0, "nb_en_emploi_6_mois": 216.0, "nb_poursuite_etudes": 646.0,
		"taux_en_emploi_6_mois": 20.0, "taux_en_formation": 61.0, "taux_autres_6_mois": 19.0,
		"region":        map[string]any{"code": "11", "nom": "Île-de-France"},
		"donnee_source": map[string]any{"code_certification": "32032002", "type": "self"},
	}
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for k, w := range want {
		if g, _ := json.Marshal(m[k]); string(g) != string(must(json.Marshal(w))) {
			t.Errorf("%s = %s, want %v", k, g, w)
		}
	}
	meta, _ := m["_meta"].(map[string]any)
	if meta["titre"] != "Certification 32032002" || meta["details"] == "" || meta["messages"] != nil {
		t.Errorf("_meta %v", meta)
	}
	if v.LegacySVGError() != nil {
		t.Errorf("SVG error %v", v.LegacySVGError())
	}
	for _, k := range []string{"state", "pictogrammes", "audience", "taux_autres_12_mois", "uai"} {
		if _, ok := m[k]; ok {
			t.Errorf("unexpected %s", k)
		}
	}
}

func TestLegacyJSONSmallCohort(t *testing.T) {
	v, status, m := legacy(t, src, LegacyRoute{ScopeRegion, "11", "23220022349"}, queryOf{"millesime": {"2019_2020"}})
	if status != 200 || m["nb_annee_term"] != 19.0 || m["filiere"] != "pro" {
		t.Fatalf("%d %v", status, m)
	}
	for _, k := range []string{"taux_en_emploi_6_mois", "taux_en_formation", "taux_autres_6_mois"} {
		if x, ok := m[k]; !ok || x != nil {
			t.Errorf("%s = %v, want null", k, x)
		}
	}
	for _, k := range []string{"nb_en_emploi_6_mois", "nb_poursuite_etudes", "nb_sortant"} {
		if _, ok := m[k]; ok {
			t.Errorf("%s shown under 20", k)
		}
	}
	if msgs := m["_meta"].(map[string]any)["messages"].([]any); len(msgs) != 1 || msgs[0] != RegleEffectif {
		t.Errorf("messages %v", msgs)
	}
	if e := v.LegacySVGError(); e == nil || e.StatusCode != 404 || e.Message != LegacyDonneesNonDisponibles {
		t.Errorf("SVG error %+v", e)
	}
}

func TestLegacyErrors(t *testing.T) {
	tests := []struct {
		name      string
		rt        LegacyRoute
		millesime string
		message   string
		data      string // the JSON of data, "" when absent
	}{
		{"region: no row for the millésime", LegacyRoute{ScopeRegion, "11", "32032002"}, "2019_2020", LegacyPasDeDonneesMillesime,
			`{"millesime":"2019_2020","millesimesDisponible":["2022_2023","2021_2022"]}`},
		{"region: default millésime missing", LegacyRoute{ScopeRegion, "11", "23220022349"}, "", LegacyPasDeDonneesMillesime,
			`{"millesime":"2022_2023","millesimesDisponible":["2019_2020"]}`},
		{"region: no row in the region", LegacyRoute{ScopeRegion, "01", "23220022349"}, "", LegacyPasDeDonnees, ""},
		{"region: unknown code", LegacyRoute{ScopeRegion, "11", "99999999"}, "", LegacyFormationInconnue, ""},
		{"France: unknown code", LegacyRoute{ScopeCertification, "", "99999999"}, "", LegacyCertificationInconnue, ""},
		{"France: known code without row", LegacyRoute{ScopeCertification, "", "32032002"}, "", LegacyCertificationInconnue, ""},
		{"both voies without data", LegacyRoute{ScopeRegion, "01", "23220022349|99999999"}, "", LegacyPasDeDonnees, ""},
		{"France both voies without data", LegacyRoute{ScopeCertification, "", "99999999|99999998"}, "", LegacyCertificationsInconnues, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := queryOf{}
			if tt.millesime != "" {
				q["millesime"] = []string{tt.millesime}
			}
			v, status, m := legacy(t, src, tt.rt, q)
			if status != 404 || m["statusCode"] != 404.0 || m["error"] != "Not Found" || m["message"] != tt.message {
				t.Fatalf("%d %v", status, m)
			}
			if got := string(must(json.Marshal(m["data"]))); (tt.data == "" && m["data"] != nil) || (tt.data != "" && got != tt.data) {
				t.Errorf("data %s, want %s", got, tt.data)
			}
			if e := v.LegacySVGError(); e == nil || e.Message != tt.message {
				t.Errorf("SVG error %+v", e)
			}
		})
	}
}

func TestLegacyFilieres(t *testing.T) {
	fs := fakeSource{
		certs: map[string]Certification{
			"40025216":    {Code: Code{KindCFD, "40025216"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
			"23830025216": {Code: Code{KindMEFSTAT11, "23830025216"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
			"23830025217": {Code: Code{KindMEFSTAT11, "23830025217"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
		},
		regions: src.regions,
		cohortes: map[string][]Cohorte{
			"region|11|40025216":    {cohorte("2021_2022", Some(12), Some(5), Some(4))},
			"region|11|23830025216": {cohorte("2021_2022", Some(50), Some(10), Some(20)), cohorte("2022_2023", Some(100), Some(23), Some(57))},
			"region|11|23830025217": {cohorte("2021_2022", Some(30), Some(3), Some(3))},
		},
		ms: src.ms,
	}
	_, status, m := legacy(t, fs, LegacyRoute{ScopeRegion, "11", "40025216"}, queryOf{"vue": {"filieres"}})
	if status != 200 || m["apprentissage"] != nil {
		t.Fatalf("%d %v", status, m)
	}
	pro := m["pro"].(map[string]any)
	want := `{"code_formation_diplome":"40025216","codes_certifications":["23830025216"],"codes_formation_diplome":["40025216"],` +
		`"diplome":{"code":"4","libelle":"BAC PRO"},"filiere":"pro","libelle":"X (BAC PRO)","millesime":"2022_2023",` +
		`"nb_annee_term":100,"nb_en_emploi_6_mois":23,"nb_poursuite_etudes":57,"region":{"code":"11","nom":"Île-de-France"},` +
		`"taux_autres_6_mois":20,"taux_en_emploi_6_mois":23,"taux_en_formation":57}`
	if got := string(must(json.Marshal(pro))); got != want {
		t.Errorf("pro\n got %s\nwant %s", got, want)
	}

	// Two codes, the millésime before: both voies, the apprentissage one under 20.
	v, status, m := legacy(t, fs, LegacyRoute{ScopeRegion, "11", "40025216,23830025216"}, queryOf{"millesime": {"2021_2022"}})
	if status != 200 {
		t.Fatalf("%d %v", status, m)
	}
	pro, app := m["pro"].(map[string]any), m["apprentissage"].(map[string]any)
	if pro["nb_annee_term"] != 80.0 || pro["taux_en_emploi_6_mois"] != 16.0 || pro["taux_en_formation"] != 29.0 || pro["taux_autres_6_mois"] != 55.0 ||
		string(must(json.Marshal(pro["codes_certifications"]))) != `["23830025216","23830025217"]` {
		t.Errorf("pro %v", pro)
	}
	if app["nb_annee_term"] != 12.0 || app["taux_en_emploi_6_mois"] != nil || app["filiere"] != "apprentissage" || app["nb_en_emploi_6_mois"] != nil {
		t.Errorf("apprentissage %v", app)
	}
	if v.LegacySVGError() != nil {
		t.Errorf("SVG error %v", v.LegacySVGError())
	}
}

func TestLegacyExportMissing(t *testing.T) {
	for _, tt := range []struct {
		scope Scope
		want  bool
	}{{ScopeFormation, true}, {ScopeRegion, false}, {ScopeCertification, false}} {
		if got := LegacyExportMissing(src, Request{Scope: tt.scope, Code: Code{KindCFD, "32032002"}}); got != tt.want {
			t.Errorf("%s: %v", tt.scope, got)
		}
	}
	if e := LegacyNoData(); e.StatusCode != 404 || e.Message != LegacyDonneesNonDisponibles || e.Data != nil {
		t.Errorf("%+v", e)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
