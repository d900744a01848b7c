package widget

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// Issue 10 item 6: the figures wrong on real data (the exact real rows are in the internal/data
// and internal/server tests; these pin the rules on hand-made cohorts).

var allAudiences = Audiences

func buildWith(t *testing.T, s Source, route Route, q queryOf) View {
	t.Helper()
	req, err := ParseRoute(route, q, Options{Themes: []string{"dsfr"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(req, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A national cohort is judged whole (the learners of unpublished regions included, Exclus):
// masked under 20, "publication insuffisante" when the whole is 20 or more but the published part
// under 20, figures over the published part otherwise (saying what is left out).
func TestBuildWholeCohort(t *testing.T) {
	cfd := "32032002"
	fs := fakeSource{
		certs: map[string]Certification{cfd: {Code: Code{KindCFD, cfd}, CFD: cfd, Libelle: "COMMUNICATION (BTS)", TypeDiplome: "BTS"}},
		ms:    []Millesime{"2019_2020", "2020_2021", "2021_2022", "2022_2023"},
		cohortes: map[string][]Cohorte{"certification||" + cfd: {
			{Millesime: "2019_2020", Counts: counts(Some(13), Some(4), Some(6)), Exclus: 5},  // whole 18
			{Millesime: "2020_2021", Counts: counts(Some(15), Some(5), Some(6)), Exclus: 5},  // whole 20, published 15
			{Millesime: "2021_2022", Counts: counts(Some(25), Some(5), Some(10)), Exclus: 3}, // published 25
			{Millesime: "2022_2023", Counts: counts(Some(0), Some(0), Some(0)), Exclus: 22},  // nothing published
		}},
	}
	tests := []struct {
		millesime string
		state     State
		json      string // the figures of the JSON, from "nb_annee_term" to before "audience"
		messages  map[Audience]string
		effectif  string
	}{
		{"2019_2020", StateMasque, `"nb_annee_term":18`, map[Audience]string{
			AudienceCollege:        "Il y a trop peu d'apprentis (18) pour donner des chiffres.",
			AudienceLycee:          "Le groupe est trop petit (18 apprentis, moins de 20) pour donner des chiffres fiables.",
			AudienceAccompagnateur: "Effectif de 18 apprentis en dernière année : sous le seuil de 20, les taux et les effectifs par situation ne sont pas publiés (fiabilité et secret statistique).",
		}, ""},
		{"2020_2021", StatePublicationInsuffisante, `"nb_annee_term":15,"nb_annee_term_exclus":5`, map[Audience]string{
			AudienceCollege:        "On connaît la situation de seulement 15 apprentis sur 20 : c'est trop peu pour donner des chiffres.",
			AudienceLycee:          "Sur 20 apprentis en dernière année, la situation n'est publiée que pour 15 (moins de 20) : trop peu pour donner des chiffres fiables.",
			AudienceSuperieur:      "Sur 20 apprentis en dernière année, la situation n'est publiée que pour 15 (moins de 20) : trop peu pour donner des chiffres fiables.",
			AudienceAccompagnateur: "Effectif de 20 apprentis en dernière année, dont la situation n'est publiée que pour 15 (les autres relèvent de groupes trop petits pour être publiés) : sous le seuil de 20, les taux et les effectifs par situation ne sont pas calculés.",
		}, ""},
		{"2021_2022", StateOK, `"nb_annee_term":25,"nb_annee_term_exclus":3,"nb_en_emploi_6_mois":5,"nb_poursuite_etudes":10,"taux_en_emploi_6_mois":20,"taux_en_formation":40,"taux_autres_6_mois":40,"pictogrammes":{"emploi":2,"formation":4,"autres":4}`,
			map[Audience]string{AudienceLycee: ""}, "Sur 25 apprentis en dernière année (sans 3 apprentis de groupes trop petits pour être publiés)"},
		{"2022_2023", StatePublicationInsuffisante, `"nb_annee_term":0,"nb_annee_term_exclus":22`, map[Audience]string{
			AudienceCollege:        "On ne connaît la situation d'aucun des 22 apprentis : pas de chiffres.",
			AudienceLycee:          "Sur 22 apprentis en dernière année, la situation n'est publiée pour aucun : pas de chiffres.",
			AudienceAccompagnateur: "Effectif de 22 apprentis en dernière année, dont la situation n'est publiée pour aucun (groupes trop petits pour être publiés) : les taux et les effectifs par situation ne sont pas calculés.",
		}, ""},
	}
	for _, tt := range tests {
		for a, msg := range tt.messages {
			t.Run(tt.millesime+"/"+string(a), func(t *testing.T) {
				v := buildWith(t, fs, Route{Scope: ScopeCertification, Last: cfd + ".json"}, queryOf{"millesime": {tt.millesime}, "audience": {string(a)}})
				if v.State != tt.state || v.Message != msg {
					t.Errorf("state %s message %q\nwant %s %q", v.State, v.Message, tt.state, msg)
				}
				if !v.State.Found() {
					t.Errorf("state %s is not found", v.State)
				}
				b, _ := json.Marshal(v.JSON())
				got := string(b)
				if i, j := strings.Index(got, `"nb_annee_term"`), strings.Index(got, `,"audience"`); i < 0 || got[i:j] != tt.json {
					t.Errorf("JSON %s\nwant figures %s", got, tt.json)
				}
				if v.Blocs[0].Effectif != tt.effectif && tt.effectif != "" {
					t.Errorf("effectif %q, want %q", v.Blocs[0].Effectif, tt.effectif)
				}
			})
		}
	}
}

// fakeParts adds establishment rows to fakeSource.
type fakeParts struct {
	fakeSource
	rows []PartsCohorte
	ms   map[Voie][]Millesime
}

func (f fakeParts) EtablissementParts(uai string) (Etablissement, *Region, []PartsCohorte, Lookup) {
	return Etablissement{UAI: uai, Nom: "Lycée X"}, nil, f.rows, Trouve
}
func (f fakeParts) FormationParts(uai string, c Code) (Etablissement, *Region, []PartsCohorte, Lookup) {
	return f.EtablissementParts(uai)
}
func (f fakeParts) MillesimesParts(_ Scope, v Voie) []Millesime { return f.ms[v] }

func parts(v Voie, m Millesime, e, f, a N) PartsCohorte {
	return PartsCohorte{Voie: v, Millesime: m, Taux: Taux{EnEmploi6Mois: e, EnFormation: f, Autres6Mois: a}}
}

// A row whose shares are all blank is its own state, never "no data for that millésime"
// listing it among those available; only millésimes with published shares are offered.
func TestBuildPartsNonPublie(t *testing.T) {
	none := N{}
	fs := fakeParts{
		rows: []PartsCohorte{
			parts(VoieApprentissage, "2021_2022", Some(26), Some(59), Some(15)),
			parts(VoieApprentissage, "2022_2023", none, none, none),
			parts(VoieApprentissage, "2023_2024", none, none, none),
		},
		ms: map[Voie][]Millesime{VoieApprentissage: {"2021_2022", "2022_2023", "2023_2024"}},
	}
	want := map[Audience]string{
		// Issue 13: one spelling of a millésime (Promotions), the collège's without "promotions".
		AudienceCollege:        "Les chiffres de cet établissement ne sont pas publiés pour les jeunes sortis en 2023 et 2024. Chiffres publiés : jeunes sortis en 2021 et 2022.",
		AudienceLycee:          "Les chiffres de cet établissement ne sont pas publiés pour les promotions 2023 et 2024. Chiffres publiés : promotions 2021 et 2022.",
		AudienceSuperieur:      "Les chiffres de cet établissement ne sont pas publiés pour les promotions 2023 et 2024. Chiffres publiés : promotions 2021 et 2022.",
		AudienceAccompagnateur: "InserJeunes recense cet établissement pour les promotions 2023 et 2024, mais n'en publie pas les parts (emploi, formation, autres situations) : aucun chiffre à afficher. Chiffres publiés : promotions 2021 et 2022.",
	}
	for _, a := range allAudiences {
		v := buildWith(t, fs, Route{Scope: ScopeEtablissement, Last: "0640176U.json"}, queryOf{"audience": {string(a)}})
		if v.State != StateNonPublie || v.Message != want[a] || v.Blocs[0].Message != want[a] {
			t.Errorf("%s: state %s message %q, want %q", a, v.State, v.Message, want[a])
		}
		if v.State.Found() || !slices.Equal(v.Blocs[0].Disponibles, []Millesime{"2021_2022"}) {
			t.Errorf("%s: found %v, disponibles %v", a, v.State.Found(), v.Blocs[0].Disponibles)
		}
	}
	// A millésime without any row is still "no data", offering only published millésimes.
	v := buildWith(t, fs, Route{Scope: ScopeEtablissement, Last: "0640176U.json"}, queryOf{"millesime": {"2019_2020"}})
	if v.State != StateSansDonnee || v.Message != "Pas de données pour les promotions 2019 et 2020 dans cet établissement. Données disponibles : promotions 2021 et 2022." {
		t.Errorf("2019_2020: %s %q", v.State, v.Message)
	}
	// The per-formation scope says so of the formation.
	v = buildWith(t, fs, Route{Scope: ScopeFormation, UAI: "0640176U", Last: "32032002.json"}, queryOf{"millesime": {"2022_2023"}})
	if v.State != StateNonPublie || v.Message != "Les chiffres de cette formation dans cet établissement ne sont pas publiés pour les promotions 2022 et 2023. Chiffres publiés : promotions 2021 et 2022." {
		t.Errorf("formation: %s %q", v.State, v.Message)
	}
	b, _ := json.Marshal(v.JSON())
	if !strings.Contains(string(b), `"state":"non_publie"`) || !strings.Contains(string(b), `"millesimes_disponibles":["2021_2022"]`) {
		t.Errorf("JSON %s", b)
	}
}

// An establishment with both voies shows both, each at the newest millésime of its own file by
// default, whatever the order of its rows (SPEC §3, §5).
func TestBuildPartsBothVoies(t *testing.T) {
	none := N{}
	rows := []PartsCohorte{
		parts(VoieApprentissage, "2019_2020", none, none, none),
		parts(VoieScolaire, "2022_2023", Some(21), Some(67), Some(12)),
		parts(VoieApprentissage, "2022_2023", Some(23), Some(66), Some(11)),
		parts(VoieApprentissage, "2023_2024", Some(29), Some(59), Some(12)),
	}
	ms := map[Voie][]Millesime{VoieApprentissage: {"2018_2019", "2019_2020", "2022_2023", "2023_2024"}, VoieScolaire: {"2022_2023"}}
	var first []byte
	perm := slices.Clone(rows)
	for i := 0; i < 4; i++ {
		// rotate, then reverse: the voies first seen and the millésimes first seen change
		perm = append(perm[1:], perm[0])
		if i == 2 {
			slices.Reverse(perm)
		}
		v := buildWith(t, fakeParts{rows: perm, ms: ms}, Route{Scope: ScopeEtablissement, Last: "0640176U.json"}, queryOf{"audience": {"accompagnateur"}})
		b, _ := json.Marshal(v.JSON())
		if first == nil {
			first = b
			if len(v.Blocs) != 2 || v.Blocs[0].Filiere != VoieScolaire || v.Blocs[0].State != StateOK || v.Blocs[0].Millesime != "2022_2023" ||
				v.Blocs[1].State != StateOK || v.Blocs[1].Millesime != "2023_2024" || v.Blocs[1].Taux.EnEmploi6Mois != Some(29) {
				t.Fatalf("blocs %+v", v.Blocs)
			}
			if v.Millesime != "2023_2024" || v.Texts.Promotions != "promotions 2022 et 2023 en voie scolaire, 2023 et 2024 en apprentissage" {
				t.Errorf("millésime %s, promotions %q", v.Millesime, v.Texts.Promotions)
			}
			if !strings.Contains(v.Blocs[0].Resume, "promotions 2022 et 2023 : 21") || !strings.Contains(v.Blocs[1].Resume, "promotions 2023 et 2024 : 29") {
				t.Errorf("resumes %q / %q", v.Blocs[0].Resume, v.Blocs[1].Resume)
			}
			for _, w := range []string{`"scolaire":{"state":"ok","millesime":"2022_2023"`, `"apprentissage":{"state":"ok","millesime":"2023_2024","millesimes_disponibles":["2022_2023","2023_2024"]`} {
				if !strings.Contains(string(b), w) {
					t.Errorf("JSON %s lacks %s", b, w)
				}
			}
		} else if string(b) != string(first) {
			t.Errorf("row order %d changes the widget:\n%s\n%s", i, b, first)
		}
	}
	// An asked millésime applies to both voies.
	v := buildWith(t, fakeParts{rows: rows, ms: ms}, Route{Scope: ScopeEtablissement, Last: "0640176U.json"}, queryOf{"millesime": {"2023_2024"}})
	if v.Blocs[0].State != StateSansDonnee || v.Blocs[0].Millesime != "2023_2024" || v.Blocs[1].State != StateOK || v.Texts.Promotions != "promotions 2023 et 2024" {
		t.Errorf("asked 2023_2024: %s %s, %s %q", v.Blocs[0].State, v.Blocs[0].Millesime, v.Blocs[1].State, v.Texts.Promotions)
	}
}

// The definitions follow the InserJeunes methodology of each period (SPEC §5): up to cohorts
// ending in 2021 only private salaried jobs are "emploi", public jobs and civic service are
// "autres"; after 2021 public jobs and civic service are "emploi", never "autres".
func TestDefinitionsPerPeriod(t *testing.T) {
	type defs struct{ emploi, autres string }
	prive := map[Audience]defs{
		// Issue 13: no "salarié" for a pupil (the time is in the headline, Texts.Chapeau).
		AudienceCollege: {"Ils travaillent pour une entreprise privée en France.",
			"Ils cherchent un travail, travaillent pour l'État ou à leur compte, ou font autre chose."},
		AudienceLycee: {"En emploi salarié du secteur privé en France, 6 mois après la fin de la formation.",
			"Ni en emploi salarié privé ni en formation : recherche d'emploi, emploi public, service civique, emploi non salarié, à l'étranger…"},
		AudienceAccompagnateur: {"Part des apprentis de dernière année en emploi salarié du secteur privé en France, 6 mois après la sortie de formation. L'emploi public, le service civique, les emplois non salariés ou à l'étranger ne sont pas comptés.",
			"Ni en emploi salarié privé ni en formation : recherche d'emploi, inactivité, emploi public, service civique, emploi non salarié ou à l'étranger…"},
	}
	public := map[Audience]defs{
		AudienceCollege: {"Ils travaillent pour un employeur (une entreprise ou l'État) en France, ou font un service civique.",
			"Ils cherchent un travail, travaillent à leur compte ou à l'étranger, ou font autre chose."},
		AudienceLycee: {"En emploi salarié (privé ou public, service civique compris) en France, 6 mois après la fin de la formation.",
			"Ni en emploi salarié ni en formation : recherche d'emploi, emploi non salarié, à l'étranger…"},
		AudienceAccompagnateur: {"Part des apprentis de dernière année en emploi salarié (privé ou public, service civique compris) en France, 6 mois après la sortie de formation. Les emplois non salariés ou à l'étranger ne sont pas comptés.",
			"Ni en emploi salarié ni en formation : recherche d'emploi, inactivité, emploi non salarié ou à l'étranger…"},
	}
	prive[AudienceSuperieur], public[AudienceSuperieur] = prive[AudienceLycee], public[AudienceLycee]
	for _, m := range []Millesime{"2018_2019", "2019_2020", "2020_2021", "2021_2022", "2022_2023", "2023_2024"} {
		want := public
		if m <= "2020_2021" {
			want = prive
		}
		for _, a := range allAudiences {
			e, f, au := definitions(a, m, VoieApprentissage)
			if e != want[a].emploi || au != want[a].autres {
				t.Errorf("%s %s:\n emploi %q\n autres %q\nwant\n emploi %q\n autres %q", m, a, e, au, want[a].emploi, want[a].autres)
			}
			if f == "" || (m > "2020_2021" && strings.Contains(au, "service civique")) || (m > "2020_2021" && strings.Contains(au, "public")) {
				t.Errorf("%s %s: formation %q, autres %q", m, a, f, au)
			}
		}
	}
}
