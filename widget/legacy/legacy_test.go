package legacy

import (
	"encoding/json"
	"errors"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/widgettest"
	"testing"
)

var src = widgettest.Fixture()

var opts = widget.Options{Themes: []string{"dsfr", "lba"}}

func TestParseMillesime(t *testing.T) {
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
		got, err := ParseMillesime(tt.in)
		if string(got) != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
		var ie *widget.InputError
		if (tt.want == "") != errors.As(err, &ie) || (err != nil && ie.Param != "millesime") {
			t.Errorf("%q: error %v", tt.in, err)
		}
	}
}

func TestParseRoute(t *testing.T) {
	tests := []struct {
		name  string
		rt    Route
		q     widgettest.Query
		param string // the rejected parameter, "" when valid
		check func(Request) bool
	}{
		{"no suffix is JSON", Route{widget.ScopeRegion, "11", "32032002"}, widgettest.Query{}, "", func(r Request) bool {
			return r.Format == widget.FormatJSON && r.Region == "11" && r.Code == widget.Code{Kind: widget.KindCFD, Value: "32032002"} && r.ImageOnError == ImageOnErrorFalse && !r.Filieres
		}},
		{".json", Route{widget.ScopeCertification, "", "32032002.json"}, widgettest.Query{}, "", func(r Request) bool { return r.Format == widget.FormatJSON }},
		{".svg vertical by default", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{}, "", func(r Request) bool {
			return r.Format == widget.FormatSVG && r.Layout == widget.LayoutVertical && r.Theme == "dsfr"
		}},
		{"direction and theme", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"direction": {"horizontal"}, "theme": {"lba"}}, "", func(r Request) bool {
			return r.Layout == widget.LayoutHorizontal && r.Theme == "lba"
		}},
		{"codes with |", Route{widget.ScopeRegion, "11", "32032002|23830025216.svg"}, widgettest.Query{}, "", func(r Request) bool {
			return len(r.Codes) == 2 && r.Codes[1] == widget.Code{Kind: widget.KindMEFSTAT11, Value: "23830025216"} && r.Filieres && r.Format == widget.FormatSVG
		}},
		{"vue=filieres", Route{widget.ScopeRegion, "11", "32032002"}, widgettest.Query{"vue": {"filieres"}}, "", func(r Request) bool { return r.Filieres }},
		{"millesime forms", Route{widget.ScopeCertification, "", "32032002"}, widgettest.Query{"millesime": {"2023-2022"}}, "", func(r Request) bool { return r.Millesime == "2022_2023" }},
		{"imageOnError empty", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"imageOnError": {"empty"}}, "", func(r Request) bool { return r.ImageOnError == ImageOnErrorEmpty }},
		{"imageOnError true", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"imageOnError": {"true"}}, "", func(r Request) bool { return r.ImageOnError == ImageOnErrorTrue }},
		{"imageOnError blank is false", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"imageOnError": {""}}, "", func(r Request) bool { return r.ImageOnError == ImageOnErrorFalse }},
		{"formation", Route{widget.ScopeFormation, "", "0751234j-23220034307.svg"}, widgettest.Query{}, "", func(r Request) bool {
			return r.Scope == widget.ScopeFormation && r.UAI == "0751234J" && r.Code == widget.Code{Kind: widget.KindMEFSTAT11, Value: "23220034307"} && r.Format == widget.FormatSVG
		}},
		{"formation SISE", Route{widget.ScopeFormation, "", "0751234J-SISE:2500200"}, widgettest.Query{}, "", func(r Request) bool { return r.Code == widget.Code{Kind: widget.KindSISE, Value: "2500200"} }},
		{"unknown parameters ignored", Route{widget.ScopeCertification, "", "32032002"}, widgettest.Query{"apiKey": {"x"}, "layout": {"diagonal"}}, "", func(r Request) bool { return r.Layout == widget.LayoutAuto }},
		{"bad direction", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"direction": {"diagonal"}}, "direction", nil},
		{"blank direction", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"direction": {""}}, "direction", nil},
		{"bad theme", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"theme": {"onisep"}}, "theme", nil},
		{"bad imageOnError", Route{widget.ScopeCertification, "", "32032002.svg"}, widgettest.Query{"imageOnError": {"1"}}, "imageOnError", nil},
		{"bad vue", Route{widget.ScopeCertification, "", "32032002"}, widgettest.Query{"vue": {"cfd"}}, "vue", nil},
		{"bad millesime", Route{widget.ScopeCertification, "", "32032002"}, widgettest.Query{"millesime": {"2019_2023"}}, "millesime", nil},
		{"bad code", Route{widget.ScopeCertification, "", "INCONNU"}, widgettest.Query{}, "code", nil},
		{"other suffix", Route{widget.ScopeCertification, "", "32032002.csv"}, widgettest.Query{}, "code", nil},
		{"bad region", Route{widget.ScopeRegion, "75000", "32032002"}, widgettest.Query{}, "region", nil},
		{"formation without dash", Route{widget.ScopeFormation, "", "0751234J23220034307"}, widgettest.Query{}, "uai", nil},
		{"formation bad uai", Route{widget.ScopeFormation, "", "075123-23220034307"}, widgettest.Query{}, "uai", nil},
		{"formation both voies", Route{widget.ScopeFormation, "", "0751234J-23220034307|40025216"}, widgettest.Query{}, "code", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRoute(tt.rt, tt.q, opts)
			var ie *widget.InputError
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
func legacy(t *testing.T, s widget.Source, rt Route, q widgettest.Query) (widget.View, int, map[string]any) {
	t.Helper()
	r, err := ParseRoute(rt, q, opts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := widget.Build(r.Request, s)
	if err != nil {
		t.Fatal(err)
	}
	body := JSON(v)
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
	v, status, m := legacy(t, src, Route{widget.ScopeRegion, "11", "32032002"}, widgettest.Query{"millesime": {"2022_2023"}})
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
	if SVGError(v) != nil {
		t.Errorf("SVG error %v", SVGError(v))
	}
	for _, k := range []string{"state", "pictogrammes", "audience", "taux_autres_12_mois", "uai"} {
		if _, ok := m[k]; ok {
			t.Errorf("unexpected %s", k)
		}
	}
}

func TestLegacyJSONSmallCohort(t *testing.T) {
	v, status, m := legacy(t, src, Route{widget.ScopeRegion, "11", "23220022349"}, widgettest.Query{"millesime": {"2019_2020"}})
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
	if msgs := m["_meta"].(map[string]any)["messages"].([]any); len(msgs) != 1 || msgs[0] != widget.RegleEffectif {
		t.Errorf("messages %v", msgs)
	}
	if e := SVGError(v); e == nil || e.StatusCode != 404 || e.Message != DonneesNonDisponibles {
		t.Errorf("SVG error %+v", e)
	}
}

func TestLegacyErrors(t *testing.T) {
	tests := []struct {
		name      string
		rt        Route
		millesime string
		message   string
		data      string // the JSON of data, "" when absent
	}{
		{"region: no row for the millésime", Route{widget.ScopeRegion, "11", "32032002"}, "2019_2020", PasDeDonneesMillesime,
			`{"millesime":"2019_2020","millesimesDisponible":["2022_2023","2021_2022"]}`},
		{"region: default millésime missing", Route{widget.ScopeRegion, "11", "23220022349"}, "", PasDeDonneesMillesime,
			`{"millesime":"2022_2023","millesimesDisponible":["2019_2020"]}`},
		{"region: no row in the region", Route{widget.ScopeRegion, "01", "23220022349"}, "", PasDeDonnees, ""},
		{"region: unknown code", Route{widget.ScopeRegion, "11", "99999999"}, "", FormationInconnue, ""},
		{"France: unknown code", Route{widget.ScopeCertification, "", "99999999"}, "", CertificationInconnue, ""},
		{"France: known code without row", Route{widget.ScopeCertification, "", "32032002"}, "", CertificationInconnue, ""},
		{"both voies without data", Route{widget.ScopeRegion, "01", "23220022349|99999999"}, "", PasDeDonnees, ""},
		{"France both voies without data", Route{widget.ScopeCertification, "", "99999999|99999998"}, "", CertificationsInconnues, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := widgettest.Query{}
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
			if e := SVGError(v); e == nil || e.Message != tt.message {
				t.Errorf("SVG error %+v", e)
			}
		})
	}
}

func TestLegacyFilieres(t *testing.T) {
	fs := widgettest.Source{
		Certs: map[string]widget.Certification{
			"40025216":    {Code: widget.Code{Kind: widget.KindCFD, Value: "40025216"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
			"23830025216": {Code: widget.Code{Kind: widget.KindMEFSTAT11, Value: "23830025216"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
			"23830025217": {Code: widget.Code{Kind: widget.KindMEFSTAT11, Value: "23830025217"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
		},
		Regions: src.Regions,
		Rows: map[string][]widget.Cohorte{
			"region|11|40025216":    {widgettest.Cohorte("2021_2022", widget.Some(12), widget.Some(5), widget.Some(4))},
			"region|11|23830025216": {widgettest.Cohorte("2021_2022", widget.Some(50), widget.Some(10), widget.Some(20)), widgettest.Cohorte("2022_2023", widget.Some(100), widget.Some(23), widget.Some(57))},
			"region|11|23830025217": {widgettest.Cohorte("2021_2022", widget.Some(30), widget.Some(3), widget.Some(3))},
		},
		Ms: src.Ms,
	}
	_, status, m := legacy(t, fs, Route{widget.ScopeRegion, "11", "40025216"}, widgettest.Query{"vue": {"filieres"}})
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
	v, status, m := legacy(t, fs, Route{widget.ScopeRegion, "11", "40025216,23830025216"}, widgettest.Query{"millesime": {"2021_2022"}})
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
	if SVGError(v) != nil {
		t.Errorf("SVG error %v", SVGError(v))
	}
}

func TestLegacyExportMissing(t *testing.T) {
	for _, tt := range []struct {
		scope widget.Scope
		want  bool
	}{{widget.ScopeFormation, true}, {widget.ScopeRegion, false}, {widget.ScopeCertification, false}} {
		if got := ExportMissing(src, widget.Request{Scope: tt.scope, Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"}}); got != tt.want {
			t.Errorf("%s: %v", tt.scope, got)
		}
	}
	if e := NoData(); e.StatusCode != 404 || e.Message != DonneesNonDisponibles || e.Data != nil {
		t.Errorf("%+v", e)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
