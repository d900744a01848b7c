package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// legacyCase is one request to a predecessor route and what its answer must hold: the status,
// the content type, and exact JSON values at dotted paths ("pro.taux_en_formation"; "null" for a
// JSON null, "absent" for a missing key).
type legacyCase struct {
	path   string
	status int
	want   map[string]string
	svg    bool // an image with role="img" (checkSVG)
}

// jsonAt returns the JSON text at a dotted path of body, or "absent".
func jsonAt(t *testing.T, body []byte, path string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("not JSON: %v: %.300s", err, body)
	}
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return "absent"
		}
		if v, ok = m[k]; !ok {
			return "absent"
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func runLegacy(t *testing.T, s *Server, tests []legacyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, s, tt.path)
			body := rec.Body.Bytes()
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %.400s", rec.Code, tt.status, body)
			}
			ct := rec.Header().Get("Content-Type")
			if tt.svg {
				if !strings.HasPrefix(ct, "image/svg+xml") {
					t.Fatalf("content type %s", ct)
				}
				checkSVG(t, body)
				return
			}
			if !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("content type %s: %.200s", ct, body)
			}
			for path, want := range tt.want {
				if got := jsonAt(t, body, path); got != want {
					t.Errorf("%s = %s, want %s", path, got, want)
				}
			}
		})
	}
}

const (
	r11  = "/api/inserjeunes/regionales/11/certifications/"
	fr   = "/api/inserjeunes/certifications/"
	form = "/api/inserjeunes/formations/"
)

// TestLegacyRoutes: the predecessor's routes answer from the real data with its field names, and
// the figures of SPEC §11.
func TestLegacyRoutes(t *testing.T) {
	s := newServer(t, true)
	idf := `{"code":"11","nom":"Île-de-France"}`
	regional := map[string]string{
		"code_certification": `"32032002"`, "code_formation_diplome": `"32032002"`, "libelle": `"COMMUNICATION (BTS)"`,
		"millesime": `"2022_2023"`, "filiere": `"apprentissage"`, "diplome": `{"code":"5","libelle":"BTS"}`,
		"nb_annee_term": "1064", "nb_en_emploi_6_mois": "216", "nb_poursuite_etudes": "646",
		"taux_en_emploi_6_mois": "20", "taux_en_formation": "61", "taux_autres_6_mois": "19",
		"region": idf, "donnee_source": `{"code_certification":"32032002","type":"self"}`,
		"_meta.titre": `"Certification 32032002"`, "state": "absent", "pictogrammes": "absent",
	}
	notFound := func(msg string) map[string]string {
		return map[string]string{"statusCode": "404", "error": `"Not Found"`, "message": `"` + msg + `"`, "data": "absent"}
	}
	bad := func(param string) map[string]string {
		return map[string]string{"error": `"parametre_invalide"`, "param": `"` + param + `"`}
	}
	filieres := map[string]string{
		"pro.filiere": `"pro"`, "pro.codes_certifications": `["23830025216"]`, "pro.code_formation_diplome": `"40025216"`,
		"pro.nb_annee_term": "205", "pro.taux_en_emploi_6_mois": "30", "pro.taux_en_formation": "44", "pro.taux_autres_6_mois": "26",
		"pro.region": idf, "pro.millesime": `"2022_2023"`,
		"apprentissage.codes_certifications": `["40025216"]`, "apprentissage.nb_annee_term": "181",
		"apprentissage.taux_en_emploi_6_mois": "50", "apprentissage.taux_en_formation": "25", "apprentissage.taux_autres_6_mois": "25",
	}
	runLegacy(t, s, []legacyCase{
		{r11 + "32032002?millesime=2022_2023", 200, regional, false},
		{r11 + "32032002.json?millesime=2022_2023", 200, regional, false},
		{r11 + "32032002?millesime=2023-2022", 200, map[string]string{"millesime": `"2022_2023"`, "taux_en_emploi_6_mois": "20"}, false},
		{r11 + "32032002?millesime=2022", 200, map[string]string{"millesime": `"2021_2022"`, "taux_en_emploi_6_mois": "23", "taux_en_formation": "57", "taux_autres_6_mois": "20"}, false},
		{r11 + "CFD:32032002", 200, map[string]string{"code_certification": `"32032002"`, "millesime": `"2022_2023"`, "taux_en_formation": "61"}, false},
		{r11 + "36X32318?millesime=2022_2023", 200, map[string]string{"taux_en_emploi_6_mois": "2", "taux_en_formation": "98", "taux_autres_6_mois": "0"}, false},
		{r11 + "23220034307?millesime=2021_2022", 200, map[string]string{"filiere": `"pro"`, "code_formation_diplome": `"50034307"`,
			"diplome": `{"code":"3","libelle":"CAP"}`, "taux_en_emploi_6_mois": "5", "taux_en_formation": "58", "taux_autres_6_mois": "37"}, false},
		{r11 + "23220022349?millesime=2019_2020", 200, map[string]string{"nb_annee_term": "19", "taux_en_emploi_6_mois": "null",
			"taux_en_formation": "null", "taux_autres_6_mois": "null", "nb_en_emploi_6_mois": "absent", "nb_poursuite_etudes": "absent",
			"_meta.messages": `["Les taux ne sont publiés que pour un groupe d'au moins 20 personnes en dernière année."]`}, false},
		{r11 + "32221034301?millesime=2019_2020", 200, map[string]string{"nb_annee_term": "20", "taux_en_emploi_6_mois": "30", "taux_en_formation": "40", "taux_autres_6_mois": "30"}, false},
		{fr + "32032002?millesime=2022_2023", 200, map[string]string{"nb_annee_term": "2757", "nb_en_emploi_6_mois": "644", "nb_poursuite_etudes": "1627",
			"taux_en_emploi_6_mois": "23", "taux_en_formation": "59", "taux_autres_6_mois": "18", "region": "absent", "filiere": `"apprentissage"`}, false},
		{fr + "32032002.json?millesime=2023", 200, map[string]string{"millesime": `"2022_2023"`, "taux_en_emploi_6_mois": "23"}, false},
		{r11 + "40025216?vue=filieres", 200, filieres, false},
		{r11 + "40025216,23830025216", 200, filieres, false},
		{r11 + "40025216%7C23830025216.json", 200, filieres, false},
		{fr + "40025216?vue=filieres&millesime=2022_2023", 200, map[string]string{"pro.filiere": `"pro"`, "apprentissage.filiere": `"apprentissage"`,
			"pro.region": "absent", "apprentissage.region": "absent"}, false},

		{r11 + "32032002?millesime=2018_2019", 404, map[string]string{"statusCode": "404", "message": `"Pas de données pour le millésime"`,
			"data": `{"millesime":"2018_2019","millesimesDisponible":["2022_2023","2021_2022","2020_2021","2019_2020"]}`}, false},
		{r11 + "99999998", 404, notFound("Formation inconnue"), false},
		{fr + "99999998.json", 404, notFound("Certification inconnue"), false},
		{fr + "99999998,99999997", 404, notFound("Certifications inconnues"), false},
		// Only ../shared/data: no per-formation export, whatever the UAI.
		{form + "0751234J-23220034307", 404, notFound("Données non disponibles"), false},
		{form + "9999999X-23220034307.json", 404, notFound("Données non disponibles"), false},
		{form + "0010001W-23220034307?millesime=2022_2023", 404, notFound("Données non disponibles"), false},
		{form + "0751234J-32032002.json?millesime=2021_2022", 404, notFound("Données non disponibles"), false},

		{r11 + "32032002.svg?direction=diagonal", 400, bad("direction"), false},
		{r11 + "32032002.svg?theme=bleu", 400, bad("theme"), false},
		{r11 + "32032002.svg?imageOnError=oui", 400, bad("imageOnError"), false},
		{r11 + "32032002?vue=cfd", 400, bad("vue"), false},
		{r11 + "32032002?millesime=2019_2023", 400, bad("millesime"), false},
		{"/api/inserjeunes/regionales/10/certifications/32032002", 400, bad("region"), false},
		// A postal code resolves to its département's region, as the predecessor did (issue 14).
		{"/api/inserjeunes/regionales/75000/certifications/32032002", 200, map[string]string{"region": `{"code":"11","nom":"Île-de-France"}`, "taux_en_emploi_6_mois": "20"}, false},
		{"/api/inserjeunes/regionales/00100/certifications/32032002", 400, bad("region"), false},
		{fr + "3203200", 400, bad("code"), false},
		{form + "0751234J23220034307", 400, bad("uai"), false},

		{r11 + "32032002.svg?millesime=2022_2023", 200, nil, true},
		{r11 + "32032002.svg?theme=lba&direction=horizontal", 200, nil, true},
		{fr + "32032002.svg?theme=dsfr&direction=vertical", 200, nil, true},
		{r11 + "40025216.svg?vue=filieres&direction=horizontal", 200, nil, true},
		{r11 + "32032002.svg?imageOnError=empty", 200, nil, true}, // data: the widget, imageOnError unused
	})
}

// TestLegacyImageOnError: each value of imageOnError on each kind of missing figure.
func TestLegacyImageOnError(t *testing.T) {
	s := newServer(t, true)
	for _, tt := range []struct {
		path, message string
	}{
		{r11 + "23220022349.svg?millesime=2019_2020", "Données non disponibles"}, // cohort of 19: no share to draw
		{r11 + "32032002.svg?millesime=2018_2019", "Pas de données pour le millésime"},
		{r11 + "99999998.svg", "Formation inconnue"},
		{fr + "99999998.svg", "Certification inconnue"},
		{form + "0751234J-23220034307.svg", "Données non disponibles"},
	} {
		for _, ioe := range []string{"", "&imageOnError=false", "&imageOnError=", "&imageOnError=true", "&imageOnError=empty"} {
			p := tt.path + "?" + strings.TrimPrefix(ioe, "&")
			if strings.Contains(tt.path, "?") {
				p = tt.path + ioe
			}
			t.Run(p, func(t *testing.T) {
				rec := get(t, s, p)
				body := rec.Body.Bytes()
				switch {
				case strings.HasSuffix(ioe, "true"):
					if rec.Code != http.StatusOK {
						t.Fatalf("%d %.200s", rec.Code, body)
					}
					checkSVG(t, body)
				case strings.HasSuffix(ioe, "empty"):
					if rec.Code != http.StatusOK || string(body) != emptySVG || !strings.HasPrefix(rec.Header().Get("Content-Type"), "image/svg+xml") {
						t.Fatalf("%d %s %s", rec.Code, rec.Header().Get("Content-Type"), body)
					}
				default:
					if rec.Code != http.StatusNotFound || jsonAt(t, body, "message") != `"`+tt.message+`"` {
						t.Fatalf("%d %s", rec.Code, body)
					}
				}
			})
		}
	}
}

// TestLegacyFormations: the formations route with per-formation exports (the hand-written files
// of internal/data/testdata beside the real ones).
func TestLegacyFormations(t *testing.T) {
	s := fullDataServer(t)
	lycee := map[string]string{
		"uai": `"0751234J"`, "libelle_etablissement": `"Lycée de l'Île"`, "code_certification": `"23220034307"`,
		"code_formation_diplome": `"50034307"`, "filiere": `"pro"`, "millesime": `"2022_2023"`,
		"taux_en_emploi_6_mois": "5", "taux_en_formation": "58", "taux_autres_6_mois": "37",
		"nb_annee_term": "absent", "region": `{"code":"11","nom":"Île-de-France"}`,
		"_meta.titre": `"Certification 23220034307, établissement 0751234J"`,
	}
	runLegacy(t, s, []legacyCase{
		{form + "0751234J-23220034307", 200, lycee, false},
		{form + "0751234j-23220034307.json?millesime=2022_2023", 200, lycee, false},
		{form + "0751234J-23220034307?millesime=2021_2022", 200, map[string]string{"taux_en_emploi_6_mois": "6", "taux_en_formation": "56", "taux_autres_6_mois": "37"}, false},
		{form + "0751234J-32032002", 200, map[string]string{"filiere": `"apprentissage"`, "libelle_etablissement": `"Centre d'Apprentissage de l'Élysée"`,
			"taux_en_emploi_6_mois": "20", "taux_en_formation": "61", "taux_autres_6_mois": "19"}, false},
		{form + "0751234J-23220034307?millesime=2019_2020", 404, map[string]string{"message": `"Pas de données pour le millésime"`,
			"data": `{"millesime":"2019_2020","millesimesDisponible":["2022_2023","2021_2022"]}`}, false},
		{form + "9999999X-23220034307", 404, map[string]string{"message": `"Etablissement inconnu"`}, false},
		{form + "0751234J-40025216", 404, map[string]string{"message": `"Formation inconnue"`}, false},
		{form + "0010001W-23220034307", 404, map[string]string{"message": `"Formation inconnue"`}, false},
		{form + "0751234J-99999998", 404, map[string]string{"message": `"Formation inconnue"`}, false},
		{form + "0751234J-23220034307.svg", 200, nil, true},
		{form + "0751234J-23220034307.svg?theme=lba&direction=horizontal", 200, nil, true},
		{form + "9999999X-23220034307.svg?imageOnError=true", 200, nil, true},
	})
}

// FuzzLegacyRoutes: whatever the path segments and query of the predecessor's routes, the server
// never answers 5xx and never writes a markup-like fuzzed value back.
func FuzzLegacyRoutes(f *testing.F) {
	f.Add("11", "32032002.svg", "2022_2023", "lba", "horizontal", "true", "filieres")
	f.Add("75000", "32032002|23830025216", "2023", "dsfr", "vertical", "empty", "")
	f.Add("01", "0751234J-23220034307.json", "2023-2022", "", "", "false", "cfd")
	f.Add("", "SISE:2500200", "cumul 2020-2021", "x", "diagonal", "1", "<b>")
	s := newServer(f, false)
	f.Fuzz(func(t *testing.T, region, last, millesime, theme, direction, imageOnError, vue string) {
		in := []string{region, last, millesime, theme, direction, imageOnError, vue}
		paths := func(v ...string) []string {
			q := url.Values{"millesime": {v[2]}, "theme": {v[3]}, "direction": {v[4]}, "imageOnError": {v[5]}, "vue": {v[6]}}.Encode()
			seg := url.PathEscape(v[1])
			return []string{
				fr + seg + "?" + q,
				"/api/inserjeunes/regionales/" + url.PathEscape(v[0]) + "/certifications/" + seg + "?" + q,
				form + seg + "?" + q,
			}
		}
		for i, p := range paths(in...) {
			if !validURI(p) {
				continue
			}
			rec := get(t, s, p)
			if rec.Code >= 500 {
				t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
			}
			if v, bad := reflectedInput(t, s, in, paths, i, rec.Body.String()); bad {
				t.Fatalf("%s reflects %q", p, v)
			}
		}
	})
}
