package widget

import (
	"encoding/json"
	"reflect"
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
func (f fakeSource) CodesCFD(cfd string, voie Voie) []Code {
	var out []Code
	for _, c := range f.certs {
		if c.CFD == cfd && c.Code.Voie() == voie {
			out = append(out, c.Code)
		}
	}
	return out
}
func (f fakeSource) Demo() bool { return f.demo }

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
		Promotions: "promotions 2022 et 2023",
		// Issue 13: the cohort (promotions, size, graduates or not), the time and the source.
		Resume: "Communication (BTS), Île-de-France, promotions 2022 et 2023 : 20\u202f% en emploi 6 mois après la fin de la formation, 61\u202f% en formation, 19\u202f% dans une autre situation." +
			" Sur 1\u202f064 apprentis en dernière année, diplômés ou non. Source : InserJeunes (DEPP, DARES).",
		Source: "InserJeunes (DEPP, DARES)", SourceURL: SourceURL, EnSavoirPlus: "En savoir plus sur InserJeunes",
		SourceLine: "Source : InserJeunes (DEPP, DARES), promotions 2022 et 2023.",
		Title:      "Que deviennent les apprentis après cette formation ? Communication (BTS), Île-de-France",
		// Issue 13: the headline carries the time and who is counted.
		Chapeau:      "Situation des apprentis de dernière année 6 mois après la fin de la formation, diplômés ou non.",
		ColSituation: "Situation", ColPart: "Part", ColNombre: "Effectif",
		Donnees: []Lien{
			{"JSON", "/widgets/regions/11/certifications/32032002.json"},
			{"CSV", "/widgets/regions/11/certifications/32032002.csv"},
		},
		DonneesIntro: "Télécharger les données :",
	}
	want.Alt = want.Resume // the rule is the accompagnateur's (Regle "")
	if !reflect.DeepEqual(v.Texts, want) {
		t.Errorf("texts\n got %+v\nwant %+v", v.Texts, want)
	}
	if v.Blocs[0].Effectif != "Sur 1\u202f064 apprentis en dernière année" { // the headline says "diplômés ou non"
		t.Errorf("effectif %q", v.Blocs[0].Effectif)
	}
	if !strings.Contains(v.Blocs[0].Categories[0].Definition, "privé ou public") {
		t.Errorf("2022_2023 counts public jobs too: %q", v.Blocs[0].Categories[0].Definition)
	}
	old := build(t, ScopeRegion, "11", "23220022349", "2019_2020")
	// A Bac pro defaults to the collège audience (SPEC §6), in its words.
	if old.Audience != AudienceCollege || !strings.Contains(old.Blocs[0].Categories[0].Definition, "entreprise privée") || !strings.Contains(old.Message, "trop peu d'élèves (19)") {
		t.Errorf("2019_2020 wording: %q / %q", old.Blocs[0].Categories[0].Definition, old.Message)
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

func TestPhraseSurDix(t *testing.T) {
	tests := []struct {
		key   string
		n     int
		demi  bool
		share N
		voie  Voie
		want  string
	}{
		{"emploi", 2, false, Some(20), VoieApprentissage, "2 apprentis sur 10 ont un travail"},
		{"formation", 6, false, Some(61), VoieScolaire, "6 élèves sur 10 continuent à se former"},
		{"autres", 1, false, Some(8), VoieScolaire, "1 élève sur 10 fait autre chose"},
		{"emploi", 0, false, Some(2), VoieApprentissage, "Moins d'1 apprenti sur 10 a un travail"},
		{"autres", 0, false, Some(0), VoieApprentissage, "Aucun apprenti ne fait autre chose"},
		{"emploi", 0, false, Some(0), VoieScolaire, "Aucun élève n'a de travail"},
		{"formation", 0, false, N{}, VoieScolaire, ""}, // never drawn: phrases go with the three shares
		{"formation", 10, false, Some(98), VoieApprentissage, "Presque 10 apprentis sur 10 continuent à se former"},
		{"formation", 10, false, Some(100), VoieApprentissage, "10 apprentis sur 10 continuent à se former"},
		// Issue 13: half of a shared figure reads "n à n+1", the same for both equal shares.
		{"emploi", 2, true, Some(25), VoieApprentissage, "2 à 3 apprentis sur 10 ont un travail"},
		{"autres", 2, true, Some(25), VoieApprentissage, "2 à 3 apprentis sur 10 font autre chose"},
		{"formation", 0, true, Some(4), VoieScolaire, "Moins d'1 élève sur 10 continue à se former"},
	}
	for _, tt := range tests {
		if got := phraseSurDix(tt.key, tt.n, tt.demi, tt.share, tt.voie); got != tt.want {
			t.Errorf("phraseSurDix(%s, %d, %v) = %q, want %q", tt.key, tt.n, tt.share, got, tt.want)
		}
	}
}

func TestDefaultAudience(t *testing.T) {
	for typ, want := range map[string]Audience{"CAP": AudienceCollege, "BAC PRO": AudienceCollege, "MC4": AudienceCollege,
		"BTS": AudienceLycee, "BP": AudienceLycee, "MC5": AudienceLycee, "TH3-X": AudienceLycee} {
		if got := DefaultAudience(Certification{Code: Code{KindCFD, "00000000"}, TypeDiplome: typ}); got != want {
			t.Errorf("%s → %s, want %s", typ, got, want)
		}
	}
	if got := DefaultAudience(Certification{Code: Code{KindSISE, "2500200"}}); got != AudienceSuperieur {
		t.Errorf("SISE → %s", got)
	}
}

func TestBuildFilieres(t *testing.T) {
	fs := fakeSource{
		certs: map[string]Certification{
			"40025216":    {Code: Code{KindCFD, "40025216"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
			"23830025216": {Code: Code{KindMEFSTAT11, "23830025216"}, CFD: "40025216", Libelle: "X (BAC PRO)", TypeDiplome: "BAC PRO"},
		},
		regions: src.regions,
		cohortes: map[string][]Cohorte{
			"region|11|40025216":    {cohorte("2022_2023", Some(12), Some(5), Some(4))},
			"region|11|23830025216": {cohorte("2021_2022", Some(50), Some(10), Some(20)), cohorte("2022_2023", Some(100), Some(23), Some(57))},
		},
		ms: src.ms,
	}
	for _, q := range []struct{ code, vue string }{{"40025216", "filieres"}, {"40025216,23830025216", ""}, {"23830025216", "filieres"}} {
		query := queryOf{}
		if q.vue != "" {
			query["vue"] = []string{q.vue}
		}
		req, err := ParseRequest(ScopeRegion, "11", q.code, query, Options{Themes: []string{"dsfr"}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := Build(req, fs)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Blocs) != 2 || v.Blocs[0].Filiere != VoieScolaire || v.Blocs[1].Filiere != VoieApprentissage {
			t.Fatalf("%v: blocs %+v", q, v.Blocs)
		}
		sco, app := v.Blocs[0], v.Blocs[1]
		if sco.State != StateOK || sco.Taux.EnEmploi6Mois != Some(23) || sco.Taux.EnFormation != Some(57) || app.State != StateMasque || v.State != StateOK {
			t.Errorf("%v: scolaire %s %+v, apprentissage %s", q, sco.State, sco.Taux, app.State)
		}
		j := v.JSON()
		if j.Filieres == nil || *j.Filieres.Scolaire.TauxEnEmploi6Mois != 23 || j.Filieres.Apprentissage.State != StateMasque || j.TauxEnEmploi6Mois != nil {
			t.Errorf("%v: JSON %+v", q, j)
		}
		if strings.Join(func() []string {
			var s []string
			for _, m := range j.MillesimesDisponibles {
				s = append(s, string(m))
			}
			return s
		}(), ",") != "2021_2022,2022_2023" {
			t.Errorf("millesimes %v", j.MillesimesDisponibles)
		}
	}
}

func TestCompte(t *testing.T) {
	for n, want := range map[int]string{0: "0 apprenti", 1: "1 apprenti", 2: "2 apprentis", 1064: "1\u202f064 apprentis"} {
		if got := Compte(n, VoieApprentissage); got != want {
			t.Errorf("Compte(%d) = %q, want %q", n, got, want)
		}
	}
}
