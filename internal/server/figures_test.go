package server

import (
	"strings"
	"testing"
)

// Issue 10 item 6, through the routes on the real files: every audience reads the new states in
// its words, in HTML and SVG, and the JSON names them.
func TestRealFiguresItem6(t *testing.T) {
	s := fullDataServer(t)
	tests := []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		// A national cohort of 20 (15 published, 5 in unpublished regions): not "too few".
		{"/widgets/certifications/01023306.json?millesime=2021_2022", 200,
			[]string{`"state":"publication_insuffisante"`, `"nb_annee_term":15,"nb_annee_term_exclus":5,"audience"`}, []string{"taux_"}},
		{"/widgets/certifications/01023306?millesime=2021_2022&audience=college", 200,
			[]string{"On connaît la situation de seulement 15 apprentis sur 20 : c&#39;est trop peu pour donner des chiffres."}, []string{"trop peu d&#39;apprentis"}},
		{"/widgets/certifications/01023306?millesime=2021_2022&audience=lycee", 200,
			[]string{"Sur 20 apprentis en dernière année, la situation n&#39;est publiée que pour 15 (moins de 20) : trop peu pour donner des chiffres fiables."}, nil},
		{"/widgets/certifications/01023306?millesime=2021_2022&audience=accompagnateur", 200,
			[]string{"Effectif de 20 apprentis en dernière année, dont la situation n&#39;est publiée que pour 15"}, []string{`<p class="ijw-effectif">`}},
		{"/widgets/certifications/01023306.svg?millesime=2021_2022&audience=superieur", 200,
			[]string{"la situation n&#39;est publiée que pour 15 (moins de 20) : trop peu pour donner des chiffres fiables. Source : InserJeunes (DEPP, DARES).</desc>", ">Sur 20 apprentis en dernière année, la</text>"}, nil},
		// A masked national cohort shows all its learners (18, of which 13 in published regions).
		{"/widgets/certifications/01022001.json?millesime=2022_2023", 200, []string{`"state":"effectif_insuffisant"`, `"nb_annee_term":18,"audience"`}, nil},
		{"/widgets/certifications/01022001?millesime=2022_2023&audience=college", 200, []string{"Il y a trop peu d&#39;apprentis (18)"}, nil},
		// Both voies: the scolaire block of 40025216's CFD family judged whole as well.
		{"/widgets/certifications/01023302.json?millesime=2020_2021&vue=filieres&audience=lycee", 200,
			[]string{`"scolaire":{"state":"publication_insuffisante","message":"Sur 20 élèves en dernière année, la situation n'est publiée que pour 18 (moins de 20) : trop peu pour donner des chiffres fiables.","millesime":"2020_2021"`}, nil},
		// An establishment row with blank shares: its own state, never a list with the asked year.
		{"/widgets/etablissements/0640176U.json?millesime=2023_2024", 404,
			[]string{`"state":"non_publie"`, `"apprentissage":{"state":"non_publie","message":"Les chiffres de cet établissement ne sont pas publiés pour les promotions 2023 et 2024.","millesime":"2023_2024","millesimes_disponibles":[]}`},
			nil},
		{"/widgets/etablissements/0640176U?millesime=2023_2024&audience=college", 200,
			[]string{"Les chiffres de cet établissement ne sont pas publiés pour les jeunes sortis en 2023 et 2024."}, []string{"2023-2024"}},
		{"/widgets/etablissements/0640176U?millesime=2023_2024&audience=accompagnateur", 200,
			[]string{"InserJeunes recense cet établissement pour les promotions 2023 et 2024, mais n&#39;en publie pas les parts"}, []string{"2023-2024"}},
		{"/widgets/etablissements/0640176U.svg?millesime=2023_2024&onerror=image&audience=lycee", 200,
			[]string{"Les chiffres de cet établissement ne sont pas publiés pour les"}, []string{"2023-2024"}},
		// An establishment in both files: both voies, each at its file's newest millésime.
		{"/widgets/etablissements/0640176U.json", 200,
			[]string{`"millesime":"2023_2024"`, `"scolaire":{"state":"ok","millesime":"2022_2023","millesimes_disponibles":["2022_2023"],"taux_en_emploi_6_mois":21,"taux_en_formation":67,"taux_autres_6_mois":12`,
				`"apprentissage":{"state":"non_publie"`}, nil},
		{"/widgets/etablissements/0640176U?audience=accompagnateur", 200,
			[]string{"promotions 2022 et 2023 en voie scolaire, 2023 et 2024 en apprentissage", "21\u202f%"}, []string{"millésime"}},
		{"/widgets/etablissements/0451335G.json", 200,
			[]string{`"scolaire":{"state":"ok","millesime":"2022_2023","millesimes_disponibles":["2022_2023"],"taux_en_emploi_6_mois":29,"taux_en_formation":50,"taux_autres_6_mois":21`,
				`"apprentissage":{"state":"ok","millesime":"2023_2024","millesimes_disponibles":["2023_2024"],"taux_en_emploi_6_mois":26,"taux_en_formation":59,"taux_autres_6_mois":15`}, nil},
		// The definitions of each period.
		{"/widgets/certifications/32032002?millesime=2019_2020&audience=lycee", 200,
			[]string{"En emploi salarié du secteur privé en France", "Ni en emploi salarié privé ni en formation : recherche d&#39;emploi, emploi public, service civique"}, nil},
		{"/widgets/certifications/32032002?millesime=2022_2023&audience=lycee", 200,
			[]string{"En emploi salarié (privé ou public, service civique compris) en France"}, []string{"service civique…", "emploi public"}},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path)
		body := rec.Body.String()
		if rec.Code != tt.status {
			t.Errorf("%s: %d, want %d: %.300s", tt.path, rec.Code, tt.status, body)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s: %.2000s", tt.path, w, body)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(body, w) {
				t.Errorf("%s contains %s", tt.path, w)
			}
		}
	}
}
