package widget

import (
	"encoding/json"
	"strings"
	"testing"
)

// fakeSource is an in-memory Source for tests.
type fakeSource struct {
	certs    map[string]Certification
	regions  map[string]Region
	cohortes map[string][]Cohorte // key: scope|region|code
	ms       []Millesime
	demo     bool
}

func (f fakeSource) Certification(c Code) (Certification, bool) {
	x, ok := f.certs[c.Value]
	return x, ok
}
func (f fakeSource) Region(code string) (Region, bool) { r, ok := f.regions[code]; return r, ok }
func (f fakeSource) Cohortes(s Scope, region string, c Code) []Cohorte {
	return f.cohortes[string(s)+"|"+region+"|"+c.Value]
}
func (f fakeSource) Millesimes(Scope) []Millesime { return f.ms }
func (f fakeSource) Demo() bool                   { return f.demo }

func cohorte(m Millesime, cohort, emploi, poursuite N) Cohorte {
	return Cohorte{Millesime: m, Counts: counts(cohort, emploi, poursuite)}
}

var src = fakeSource{
	certs: map[string]Certification{
		"32032002":    {Code: Code{KindCFD, "32032002"}, CFD: "32032002", Libelle: "COMMUNICATION (BTS)", TypeDiplome: "BTS"},
		"23220022349": {Code: Code{KindMEFSTAT11, "23220022349"}, CFD: "40022349", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
	},
	regions: map[string]Region{"11": {"11", "Île-de-France"}, "01": {"01", "Guadeloupe"}},
	cohortes: map[string][]Cohorte{
		"region|11|32032002": {
			cohorte("2021_2022", Some(639), Some(149), Some(363)),
			cohorte("2022_2023", Some(1064), Some(216), Some(646)),
		},
		"region|11|23220022349": {cohorte("2019_2020", Some(19), Some(6), Some(10))},
		"region|01|32032002":    {cohorte("2022_2023", Some(29), N{}, Some(20))},
	},
	ms: []Millesime{"2019_2020", "2020_2021", "2021_2022", "2022_2023"},
}

func build(t *testing.T, scope Scope, region, code, millesime string) View {
	t.Helper()
	q := map[string][]string{}
	if millesime != "" {
		q["millesime"] = []string{millesime}
	}
	req, err := ParseRequest(scope, region, code, queryOf(q), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(req, src)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type queryOf map[string][]string

func (q queryOf) Get(k string) string {
	if v := q[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}
func (q queryOf) Has(k string) bool { _, ok := q[k]; return ok }

func TestBuildStates(t *testing.T) {
	tests := []struct {
		name, region, code, millesime string
		state                         State
		wantJSON                      []string
	}{
		{"ok, default millésime", "11", "32032002", "", StateOK, []string{`"taux_en_emploi_6_mois":20`, `"taux_en_formation":61`, `"taux_autres_6_mois":19`,
			`"pictogrammes":{"emploi":2,"formation":6,"autres":2}`, `"nb_annee_term":1064`, `"millesime":"2022_2023"`, `"region":{"code":"11","nom":"Île-de-France"}`, `"filiere":"apprentissage"`}},
		{"ok, older millésime", "11", "32032002", "2021_2022", StateOK, []string{`"taux_en_emploi_6_mois":23`, `"taux_en_formation":57`, `"taux_autres_6_mois":20`}},
		{"masked", "11", "23220022349", "2019_2020", StateMasque, []string{`"nb_annee_term":19`, `"filiere":"scolaire"`}},
		{"no data for the default millésime", "11", "23220022349", "", StateSansDonnee, []string{`"millesimes_disponibles":["2019_2020"]`}},
		{"one share missing", "01", "32032002", "", StatePartiel, []string{`"taux_en_formation":69`, `"nb_annee_term":29`}},
		{"unknown", "11", "99999999", "", StateInconnu, []string{`"millesimes_disponibles":[]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := build(t, ScopeRegion, tt.region, tt.code, tt.millesime)
			if v.State != tt.state {
				t.Fatalf("state %s, want %s", v.State, tt.state)
			}
			b, _ := json.Marshal(v.JSON())
			for _, w := range tt.wantJSON {
				if !strings.Contains(string(b), w) {
					t.Errorf("JSON %s lacks %s", b, w)
				}
			}
			for _, bad := range []string{"null", "NaN", "Inf", "-1"} {
				if strings.Contains(string(b), bad) {
					t.Errorf("JSON contains %s: %s", bad, b)
				}
			}
			if tt.state == StateMasque && strings.Contains(string(b), "taux_") {
				t.Errorf("masked JSON shows a share: %s", b)
			}
			if tt.state == StatePartiel && (strings.Contains(string(b), "taux_en_emploi") || strings.Contains(string(b), "taux_autres")) {
				t.Errorf("partial JSON invents a share: %s", b)
			}
		})
	}
}

func TestBuildRegionNotINSEE(t *testing.T) {
	req, err := ParseRequest(ScopeRegion, "10", "32032002", queryOf{}, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(req, src); err == nil || err.(*InputError).Param != "region" {
		t.Fatalf("region 10 must be an input error, got %v", err)
	}
}

func TestTexts(t *testing.T) {
	v := build(t, ScopeRegion, "11", "32032002", "")
	want := Texts{
		Titre: "Que deviennent les apprentis après cette formation ?", Formation: "Communication (BTS)", Lieu: "Île-de-France",
		Effectif: "Sur 1\u202f064 apprentis en dernière année", Promotions: "promotions 2022 et 2023",
		Resume: "Communication (BTS), Île-de-France, promotions 2022 et 2023 : 20\u202f% en emploi 6 mois après la fin de la formation, 61\u202f% en formation, 19\u202f% dans une autre situation.",
		Source: "InserJeunes (DEPP, DARES)", SourceURL: SourceURL, EnSavoirPlus: "En savoir plus sur InserJeunes",
	}
	if v.Texts != want {
		t.Errorf("texts\n got %+v\nwant %+v", v.Texts, want)
	}
	if !strings.Contains(v.Categories[0].Definition, "privé ou public") {
		t.Errorf("2022_2023 counts public jobs too: %q", v.Categories[0].Definition)
	}
	old := build(t, ScopeRegion, "11", "23220022349", "2019_2020")
	if !strings.Contains(old.Categories[0].Definition, "secteur privé") || !strings.Contains(old.Texts.Message, "trop petit") {
		t.Errorf("2019_2020 wording: %q / %q", old.Categories[0].Definition, old.Texts.Message)
	}
}

func TestFormat(t *testing.T) {
	if got := FormatInt(1064); got != "1\u202f064" {
		t.Errorf("FormatInt(1064) = %q", got)
	}
	if got := FormatInt(2757000); got != "2\u202f757\u202f000" {
		t.Errorf("FormatInt = %q", got)
	}
	if got := SentenceCase("REGISSEUR DE SPECTACLE ET D'EVENEMENT, SPECIALISATION LUMIERE (CFPTS)"); got != "Regisseur de spectacle et d'evenement, specialisation lumiere (CFPTS)" {
		t.Errorf("SentenceCase = %q", got)
	}
}
