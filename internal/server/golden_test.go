package server

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

type goldenCase struct{ name, path string }

// Real data: what only the real file has (its figures, a sum with learners left out, both voies
// with one masked); the other states run on the demonstration data below.
var realGolden = []goldenCase{
	{"ok-32032002-r11", "/widgets/regions/11/certifications/32032002%s?millesime=2022_2023"},
	{"ok-32032002-france", "/widgets/certifications/32032002%s?millesime=2022_2023"},
	{"ok-36X32318-long-label", "/widgets/regions/11/certifications/36X32318%s?millesime=2022_2023"},
	{"ok-exclus-23220023116-france", "/widgets/certifications/23220023116%s?millesime=2019_2020"}, // 3 learners of unpublished regions left out
	{"masque-23220022349-r11", "/widgets/regions/11/certifications/23220022349%s?millesime=2019_2020"},
	{"sans-donnee-36X32318-r11", "/widgets/regions/11/certifications/36X32318%s?millesime=2019_2020"},
	{"filieres-40025216-r11", "/widgets/regions/11/certifications/40025216%s?vue=filieres&millesime=2022_2023"},
	{"filieres-masque-40025216-r04", "/widgets/regions/04/certifications/40025216,23830025216%s?millesime=2022_2023"},
	// Issue 12 on the real data: a famille de métiers (8 specialties: the compact SVG list) and a
	// lycée's (UAI, code) pair shown with its region's figures.
	{"famille-23810020006-france", "/widgets/certifications/23810020006%s?millesime=2022_2023"},
	{"formation-region-0010001W-23830022703", "/widgets/formations/0010001W/23830022703%s?millesime=2022_2023"},
}

// Demonstration data (always available, issue 11 item 4: what can run without ../shared/data
// does): every state, both voies, an unknown code alone and in both voies, a long label.
var demoGolden = []goldenCase{
	{"demo-ok-32032002-r11", "/widgets/regions/11/certifications/32032002%s"},
	{"demo-ok-32032002-france-notitle", "/widgets/certifications/32032002%s?title=0"},
	{"demo-partiel-36X32318-r11", "/widgets/regions/11/certifications/36X32318%s"},
	{"demo-masque-36X32318-r84", "/widgets/regions/84/certifications/36X32318%s"},
	{"demo-sans-donnee-23830031212-r11", "/widgets/regions/11/certifications/23830031212%s"},
	{"demo-inconnu", "/widgets/regions/84/certifications/99999999%s"},
	{"demo-inconnu-filieres", "/widgets/regions/11/certifications/99999999%s?vue=filieres"},
	{"demo-filieres-23220034307-r11", "/widgets/regions/11/certifications/23220034307%s?vue=filieres"},
	{"demo-libelle-long-36X32318-r11", "/widgets/regions/11/certifications/36X32318%s?millesime=2021_2022"},
	// The states of issue 12 (internal/data/demo: made-up crosswalks in the real formats).
	{"demo-annee-terminale-23810099901-r11", "/widgets/regions/11/certifications/23810099901%s"},
	{"demo-famille-23810099900-r11", "/widgets/regions/11/certifications/23810099900%s"},
	{"demo-ancienne-50099911-r11", "/widgets/regions/11/certifications/50099911%s"},
	{"demo-autre-duree-23110034307-r11", "/widgets/regions/11/certifications/23110034307%s"},
	{"demo-annee-terminale-autre-duree-23310034307-r11", "/widgets/regions/11/certifications/23310034307%s"},
	{"demo-filieres-ancienne-50099911-r11", "/widgets/regions/11/certifications/50099911,23220099911%s"},
	{"demo-rncp-un-diplome-99901-r11", "/widgets/regions/11/certifications/RNCP:99901%s"},
	{"demo-rncp-plusieurs-99900-r11", "/widgets/regions/11/certifications/RNCP:99900%s"},
	{"demo-onisep-inconnu", "/widgets/certifications/ONISEP:FOR.12345%s"},
	{"demo-formation-region-0759999Z", "/widgets/formations/0759999Z/23830099901%s"},
}

var audiences = []string{"college", "lycee", "superieur", "accompagnateur"}

// variants are the representations of each case: HTML, SVG in both layouts, JSON.
var variants = []struct{ ext, query, file string }{
	{"", "", ".html"},
	{".svg", "", ".svg"},
	{".svg", "layout=horizontal", ".h.svg"},
	{".json", "", ".json"},
}

func withQuery(path, ext, extra string) string {
	path = strings.Replace(path, "%s", ext, 1)
	if extra == "" {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&" + extra
	}
	return path + "?" + extra
}

func runGolden(t *testing.T, real bool, cases []goldenCase) {
	s := newServer(t, real)
	for _, c := range cases {
		for _, a := range audiences {
			for _, vr := range variants {
				path := withQuery(withQuery(c.path, vr.ext, vr.query), "", "audience="+a)
				name := c.name + "." + a + vr.file
				t.Run(name, func(t *testing.T) {
					rec := get(t, s, path)
					if rec.Code >= 500 {
						t.Fatalf("%s: %d", path, rec.Code)
					}
					body := rec.Body.Bytes()
					text := strings.ReplaceAll(string(body), "Certif Info", "") // a source's name, not an Inf
					for _, bad := range []string{"NaN", "Inf", "%!", "null", "-1 %"} {
						if strings.Contains(text, bad) {
							t.Errorf("%s contains %q", path, bad)
						}
					}
					if vr.ext == ".svg" {
						checkSVG(t, body)
					}
					golden(t, "golden/"+name, assetVersions.ReplaceAll(body, []byte("$1?v=VERSION")))
				})
			}
		}
	}
}

// assetVersions are the versions of the static files a widget links: a one-line CSS change
// changes them, and would otherwise rewrite every HTML golden (issue 11 item 4). The files
// themselves have their goldens (TestGoldenStylesheets, static/widget.css).
var assetVersions = regexp.MustCompile(`(/static/[a-z0-9/._-]+)\?v=[0-9a-f]+`)

// TestGoldenStylesheets: the theme stylesheets the widget links, one golden each for the default
// theme, and every link of a widget answering 200 with text/css.
func TestGoldenStylesheets(t *testing.T) {
	s := newServer(t, false)
	for _, scheme := range []string{"light", "dark", "auto"} {
		body := get(t, s, "/widgets/regions/11/certifications/32032002?scheme="+scheme).Body.String()
		links := stylesheetLink.FindAllStringSubmatch(body, -1)
		if len(links) != 2 || !strings.HasPrefix(links[0][1], "/static/themes/dsfr-"+scheme+".css?v=") || !strings.HasPrefix(links[1][1], "/static/widget.css?v=") {
			t.Fatalf("%s: links %q", scheme, links)
		}
		for _, l := range links {
			rec := get(t, s, html.UnescapeString(l[1]))
			if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/css; charset=utf-8" {
				t.Errorf("%s: %d %s", l[1], rec.Code, rec.Header().Get("Content-Type"))
			}
		}
		golden(t, "golden/theme-dsfr-"+scheme+".css", get(t, s, html.UnescapeString(links[0][1])).Body.Bytes())
		if strings.Contains(body, "<style") || strings.Contains(body, "style=") {
			t.Errorf("%s: the widget inlines style (CSP style-src 'self')", scheme)
		}
	}
}

func TestGoldenReal(t *testing.T) { runGolden(t, true, realGolden) }
func TestGoldenDemo(t *testing.T) { runGolden(t, false, demoGolden) }

// TestAudienceWording: 32032002 in Île-de-France, 2022_2023, in each audience's own words.
// Issue 13: the collège and lycée headlines carry the time and say who is counted (graduates or
// not); the image's <desc> (and alt) is written for the audience, with the cohort, the time and
// the source; the footer and the JSON give the data's publication date.
func TestAudienceWording(t *testing.T) {
	s := newServer(t, true)
	want := map[string][]string{
		"college": {"2 apprentis sur 10 ont un travail", "6 apprentis sur 10 continuent à se former", "2 apprentis sur 10 font autre chose", "20\u202f%",
			`<p class="ijw-chapeau">Ce que font tous les apprentis, avec ou sans le diplôme, 6 mois après la fin de la formation :</p>`},
		"lycee": {"Que deviennent les apprentis après cette formation ?", "20\u202f%", "61\u202f%", "19\u202f%", "Définition",
			`<p class="ijw-chapeau">Situation des apprentis de dernière année 6 mois après la fin de la formation, diplômés ou non.</p>`},
		"superieur":      {"En emploi 6 mois après", "12 mois après : 23\u202f%", "61\u202f%"},
		"accompagnateur": {"216 sur 1\u202f064 apprentis", "646 sur 1\u202f064 apprentis", "au moins 20 personnes", "promotions 2022 et 2023"},
	}
	lycee := "Communication (BTS), Île-de-France, promotions 2022 et 2023 : 20\u202f% en emploi 6 mois après la fin de la formation, 61\u202f% en formation, 19\u202f% dans une autre situation." +
		" Sur 1\u202f064 apprentis en dernière année, diplômés ou non. Source : InserJeunes (DEPP, DARES)."
	desc := map[string]string{
		"college": "Communication (BTS), Île-de-France, jeunes sortis en 2022 et 2023 : 6 mois après la fin de la formation, 2 apprentis sur 10 ont un travail (20\u202f%)," +
			" 6 apprentis sur 10 continuent à se former (61\u202f%), 2 apprentis sur 10 font autre chose (19\u202f%). Calculé sur 1\u202f064 apprentis, avec ou sans le diplôme." +
			" Source : InserJeunes (ministères de l&#39;Éducation nationale et du Travail).",
		"lycee": lycee, "superieur": lycee, "accompagnateur": lycee,
	}
	for a, phrases := range want {
		body := get(t, s, "/widgets/regions/11/certifications/32032002?millesime=2022_2023&audience="+a).Body.String()
		for _, p := range append(phrases, "Données publiées le 22 janvier 2025.") {
			if !strings.Contains(body, p) {
				t.Errorf("%s lacks %q", a, p)
			}
		}
		svg := get(t, s, "/widgets/regions/11/certifications/32032002.svg?millesime=2022_2023&audience="+a).Body.String()
		if !strings.Contains(svg, `<desc id="ijw-d">`+desc[a]+`</desc>`) {
			t.Errorf("%s svg desc: %s\nwant %s", a, svg[strings.Index(svg, "<desc"):strings.Index(svg, "</desc>")], desc[a])
		}
		js := get(t, s, "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023&audience="+a).Body.String()
		if !strings.Contains(js, `"pictogrammes":{"emploi":2,"formation":6,"autres":2}`) || !strings.Contains(js, `"audience":"`+a+`"`) ||
			!strings.Contains(js, `"date_publication":"2025-01-22"`) {
			t.Errorf("%s json %s", a, js)
		}
	}
}

// TestFilieres: each voie shows its own shares; a voie under 20 is masked while the other shows
// figures; a missing voie is its own state, never a 500.
func TestFilieres(t *testing.T) {
	s := newServer(t, true)
	body := get(t, s, "/widgets/regions/11/certifications/40025216.json?vue=filieres&millesime=2022_2023").Body.String()
	for _, w := range []string{`"scolaire":{"state":"ok"`, `"nb_annee_term":205`, `"taux_en_emploi_6_mois":30,"taux_en_formation":44,"taux_autres_6_mois":26`,
		`"apprentissage":{"state":"ok"`, `"nb_annee_term":181`, `"taux_en_emploi_6_mois":50,"taux_en_formation":25,"taux_autres_6_mois":25`} {
		if !strings.Contains(body, w) {
			t.Errorf("lacks %s: %s", w, body)
		}
	}
	body = get(t, s, "/widgets/regions/04/certifications/40025216,23830025216.json?millesime=2022_2023").Body.String()
	if !strings.Contains(body, `"apprentissage":{"state":"effectif_insuffisant"`) || !strings.Contains(body, `"scolaire":{"state":"ok"`) {
		t.Errorf("La Réunion: %s", body)
	}
	// 36X32318 (a title prepared in apprenticeship) has no voie scolaire: its block says so.
	rec := get(t, s, "/widgets/certifications/36X32318.json?vue=filieres")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"scolaire":{"state":"pas_de_donnees","message":`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	for _, a := range audiences {
		for _, ext := range []string{"", ".svg", ".svg?layout=horizontal&x=1"} {
			p := "/widgets/certifications/36X32318" + ext
			if strings.Contains(p, "?") {
				p += "&"
			} else {
				p += "?"
			}
			if rec := get(t, s, p+"vue=filieres&audience="+a); rec.Code != 200 {
				t.Errorf("%s: %d", p, rec.Code)
			}
		}
	}
}
