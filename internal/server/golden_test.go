package server

import (
	"strings"
	"testing"
)

type goldenCase struct{ name, path string }

// Real data: 32032002 in Île-de-France and one request per data state.
var realGolden = []goldenCase{
	{"ok-32032002-r11-2022_2023", "/widgets/regions/11/certifications/32032002%s?millesime=2022_2023"},
	{"ok-32032002-france-2022_2023", "/widgets/certifications/32032002%s?millesime=2022_2023"},
	{"ok-36X32318-long-label", "/widgets/regions/11/certifications/36X32318%s?millesime=2022_2023"},
	{"masque-23220022349-2019_2020", "/widgets/regions/11/certifications/23220022349%s?millesime=2019_2020"},
	{"sans-donnee-36X32318-2019_2020", "/widgets/regions/11/certifications/36X32318%s?millesime=2019_2020"},
	{"ok-exclus-23220023116-france-2019_2020", "/widgets/certifications/23220023116%s?millesime=2019_2020"}, // 3 learners of unpublished regions left out
	{"inconnu-99999999", "/widgets/regions/11/certifications/99999999%s"},
}

// Demonstration data (always available): every state too.
var demoGolden = []goldenCase{
	{"demo-ok-32032002-r11", "/widgets/regions/11/certifications/32032002%s"},
	{"demo-ok-32032002-france-notitle", "/widgets/certifications/32032002%s?title=0"},
	{"demo-partiel-36X32318-r11", "/widgets/regions/11/certifications/36X32318%s"},
	{"demo-masque-36X32318-r84", "/widgets/regions/84/certifications/36X32318%s"},
	{"demo-sans-donnee-23830031212-r11", "/widgets/regions/11/certifications/23830031212%s"},
	{"demo-inconnu", "/widgets/regions/84/certifications/99999999%s"},
}

func runGolden(t *testing.T, real bool, cases []goldenCase) {
	s := newServer(t, real)
	for _, c := range cases {
		for _, ext := range []string{"", ".svg", ".json"} {
			path := strings.Replace(c.path, "%s", ext, 1)
			name := c.name + map[string]string{"": ".html", ".svg": ".svg", ".json": ".json"}[ext]
			t.Run(name, func(t *testing.T) {
				rec := get(t, s, path)
				if rec.Code >= 500 {
					t.Fatalf("%s: %d", path, rec.Code)
				}
				body := rec.Body.Bytes()
				for _, bad := range []string{"NaN", "Inf", "%!", "null", "-1 %"} {
					if strings.Contains(string(body), bad) {
						t.Errorf("%s contains %q", path, bad)
					}
				}
				if ext == ".svg" {
					checkSVG(t, body)
				}
				golden(t, "golden/"+name, body)
			})
		}
	}
}

func TestGoldenReal(t *testing.T) { runGolden(t, true, realGolden) }
func TestGoldenDemo(t *testing.T) { runGolden(t, false, demoGolden) }
