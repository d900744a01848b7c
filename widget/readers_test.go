package widget

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"testing"
)

// Issue 13: the "no data" state offers the millésimes that exist and France's figures, as links
// built from the route table with the widget's settings.
func TestSuitesSansDonnee(t *testing.T) {
	req, err := ParseRequest(ScopeRegion, "11", "32032002", queryOf{"millesime": {"2020_2021"}, "audience": {"college"}}, Options{Themes: []string{"dsfr"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(req, src)
	if err != nil {
		t.Fatal(err)
	}
	want := []Lien{
		{"Voir les chiffres des jeunes sortis en 2022 et 2023", "/widgets/regions/11/certifications/32032002?audience=college&millesime=2022_2023&theme=dsfr"},
		{"Voir les chiffres des jeunes sortis en 2021 et 2022", "/widgets/regions/11/certifications/32032002?audience=college&millesime=2021_2022&theme=dsfr"},
	} // France has no rows here: its link, to no data, is left out
	if v.State != StateSansDonnee || !reflect.DeepEqual(v.Suites, want) || len(v.Texts.Donnees) != 0 {
		t.Errorf("state %s, suites %q, données %q", v.State, v.Suites, v.Texts.Donnees)
	}
	if v.Message != "Pas de chiffres pour les jeunes sortis en 2020 et 2021 de cette formation ici. Il y a des chiffres pour les jeunes sortis en 2021 et 2022 ; jeunes sortis en 2022 et 2023." {
		t.Errorf("message %q", v.Message)
	}
	if v.MessageCourt != "Pas de chiffres pour les jeunes sortis en 2020 et 2021 de cette formation ici." || v.SuitesIntro != "À voir aussi :" {
		t.Errorf("short message %q, intro %q", v.MessageCourt, v.SuitesIntro)
	}
	// France: only the millésimes.
	fr := req
	fr.Scope, fr.Region = ScopeCertification, ""
	if v, _ = Build(fr, src); len(v.Suites) != 0 {
		t.Errorf("France without rows: suites %q", v.Suites)
	}
	// A next step leads to figures: France at its default millésime when that has figures (the
	// link without a millésime), else at its newest millésime with figures (issue 13: France
	// for the same empty millésime was a dead end).
	for _, c := range []struct {
		name   string
		france []Cohorte
		want   string
	}{
		{"default", []Cohorte{cohorte("2022_2023", Some(40), Some(20), Some(10))}, "/widgets/certifications/32032002?audience=college&theme=dsfr"},
		{"older", []Cohorte{cohorte("2021_2022", Some(40), Some(20), Some(10))}, "/widgets/certifications/32032002?audience=college&millesime=2021_2022&theme=dsfr"},
		{"masked only", []Cohorte{cohorte("2022_2023", Some(12), Some(6), Some(3))}, ""},
	} {
		s := src
		s.cohortes = maps.Clone(src.cohortes)
		s.cohortes["certification||32032002"] = c.france
		v, err := Build(req, s)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, l := range v.Suites {
			if l.Libelle == "Voir les chiffres de la France entière" {
				got = l.Href
			}
		}
		if got != c.want || len(v.Suites) != len(want)+min(len(c.want), 1) {
			t.Errorf("%s: France link %q, want %q (suites %q)", c.name, got, c.want, v.Suites)
		}
	}
}

// Issue 13: 25 / 50 / 25 gives 2 + ½ / 5 / 2 + ½ figures, the same sentence for both 25 %, and
// the JSON names the shared figure.
func TestEqualSharesView(t *testing.T) {
	s := src
	s.cohortes = map[string][]Cohorte{"region|11|32032002": {cohorte("2022_2023", Some(20), Some(5), Some(10))}}
	req, err := ParseRequest(ScopeRegion, "11", "32032002.json", queryOf{"audience": {"college"}}, Options{Themes: []string{"dsfr"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(req, s)
	if err != nil {
		t.Fatal(err)
	}
	b := v.Blocs[0]
	if b.Rows[0].Phrase != "2 à 3 apprentis sur 10 ont un travail" || b.Rows[2].Phrase != "2 à 3 apprentis sur 10 font autre chose" ||
		b.Rows[1].Phrase != "5 apprentis sur 10 continuent à se former" {
		t.Errorf("phrases %q / %q / %q", b.Rows[0].Phrase, b.Rows[1].Phrase, b.Rows[2].Phrase)
	}
	if b.PictosLabel != "Sur 10 apprentis : 2 et demi en emploi, 5 en formation, 2 et demi dans une autre situation." {
		t.Errorf("pictograms label %q", b.PictosLabel)
	}
	j, _ := json.Marshal(v.JSON())
	if !strings.Contains(string(j), `"pictogrammes":{"emploi":2,"formation":5,"autres":2,"partage":["emploi","autres"]}`) {
		t.Errorf("JSON %s", j)
	}
}

func TestDateLecteur(t *testing.T) {
	for in, want := range map[string]string{"2025-01-22": "22 janvier 2025", "2024-08-01": "1er août 2024", "": "", "2024-13-01": ""} {
		if got := DateLecteur(in); got != want {
			t.Errorf("DateLecteur(%q) = %q, want %q", in, got, want)
		}
	}
}

// Issue 13: the dataset's date, from the request, in the footer; none for demonstration data.
func TestPublicationDate(t *testing.T) {
	opts := Options{Themes: []string{"dsfr"}, Publication: Publication{InserJeunes: "2025-01-22", Etablissements: "2024-12-23"}}
	req, err := ParseRequest(ScopeRegion, "11", "32032002", queryOf{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := Build(req, src)
	if v.Texts.DatePublication != "2025-01-22" || v.Texts.SourceLine != "Source : InserJeunes (DEPP, DARES), promotions 2022 et 2023." ||
		v.Texts.DateLine != "Données publiées le 22 janvier 2025." {
		t.Errorf("date %q, footer %q %q", v.Texts.DatePublication, v.Texts.SourceLine, v.Texts.DateLine)
	}
	demo := src
	demo.demo = true
	if v, _ = Build(req, demo); v.Texts.DatePublication != "" || v.Texts.DateLine != "" {
		t.Errorf("demo: date %q %q", v.Texts.DatePublication, v.Texts.DateLine)
	}
}

// Issue 13: an establishment's widget says what its shares are of and that its numbers of
// learners are not published, in each audience's words.
func TestEtablissementBase(t *testing.T) {
	fs := fakeParts{
		rows: []PartsCohorte{parts(VoieScolaire, "2022_2023", Some(23), Some(54), Some(23))},
		ms:   map[Voie][]Millesime{VoieScolaire: {"2022_2023"}},
	}
	want := map[Audience]string{
		AudienceCollege:        "Sur 10 élèves arrivés à la fin de la formation. Leur nombre n'est pas publié pour un établissement.",
		AudienceLycee:          "Sur 10 élèves de dernière année. Le nombre d'élèves n'est pas publié pour un établissement.",
		AudienceAccompagnateur: "Parts des élèves de dernière année, diplômés ou non, publiées pour l'établissement : les effectifs ne sont pas publiés, aucun n'est recalculé.",
	}
	for a, w := range want {
		v := buildWith(t, fs, Route{Scope: ScopeEtablissement, Last: "0640176U"}, queryOf{"audience": {string(a)}})
		if v.State != StateOK || v.Blocs[0].Effectif != w {
			t.Errorf("%s: %s %q, want %q", a, v.State, v.Blocs[0].Effectif, w)
		}
		if !strings.Contains(v.Texts.Alt, "leur nombre n'est pas publié pour un établissement") {
			t.Errorf("%s: alt %q", a, v.Texts.Alt)
		}
	}
}
