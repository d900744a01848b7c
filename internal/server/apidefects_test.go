package server

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
)

// The defects 6-9 a tester found in the data API (issue 14, second review).

// csvByCode parses a CSV answer of the data API into its rows by code_certification.
func csvByCode(t *testing.T, s *Server, path string) map[string][]string {
	t.Helper()
	rec := get(t, s, path)
	if rec.Code != 200 {
		t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
	}
	r := csv.NewReader(strings.NewReader(rec.Body.String()))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[string][]string{}
	for _, row := range rows[1:] {
		if _, dup := out[row[1]]; dup {
			t.Fatalf("%s: two rows for %s", path, row[1])
		}
		out[row[1]] = row
	}
	return out
}

// TestWidgetCSVFamille: a 2nde commune's widget CSV writes, for each specialty, the row the
// lists write for that specialty: its own cfd, label, filiere and regle, its own widget's JSON
// (defect 6: the rows had the famille's CFD and label, no filiere nor regle).
func TestWidgetCSVFamille(t *testing.T) {
	s := newServer(t, true)
	for _, c := range []struct{ widget, list string }{
		{"/widgets/certifications/23810020006.csv", "/api/v1/certifications.csv?codes=23810020006"},
		{"/widgets/certifications/23810020006.csv?millesime=2021_2022", "/api/v1/certifications.csv?codes=23810020006&millesimes=2021_2022"},
		{"/widgets/regions/84/certifications/23810020006.csv", "/api/v1/regions.csv?codes=23810020006&regions=84"},
	} {
		w, l := csvByCode(t, s, c.widget), csvByCode(t, s, c.list)
		if len(w) != 8 || len(l) < 6 {
			t.Fatalf("%s: %d rows, %s: %d", c.widget, len(w), c.list, len(l))
		}
		// The list has no row for a specialty without data in the region; the widget says so.
		for code, row := range w {
			if lr, ok := l[code]; ok && strings.Join(lr, ";") != strings.Join(row, ";") || !ok && row[12] != "pas_de_donnees" {
				t.Errorf("%s, %s:\n got %q\nlist %q", c.widget, code, row, lr)
			}
		}
	}
	got := csvByCode(t, s, "/widgets/certifications/23810020006.csv")["23830023205"]
	want := []string{"certification", "23830023205", "", "40023205", "Interventions sur le patrimoine bâti, option A maçonnerie (Bac pro)", "BAC PRO", "scolaire",
		"", "", "", "", "2022_2023", "ok", "self", "self", "23830023205", "150", "9", "39", "51", "", "", "49", "101", "26", "33", "41", "34", "", "",
		"InserJeunes (DEPP, DARES)", "false", s.embed.publicURL + "/widgets/certifications/23830023205.json?millesime=2022_2023"}
	if strings.Join(got, ";") != strings.Join(want, ";") {
		t.Errorf("23830023205:\n got %q\nwant %q", got, want)
	}
}

// TestPathParamEscaped: a route parameter is its segment unescaped, as a partner's
// encodeURIComponent(code) writes it: "%3A" and "%2C" answer as ":" and "," do (defect 8: a
// 400 "param: code"); an escape Go's own path parsing leaves alone is not decoded twice.
func TestPathParamEscaped(t *testing.T) {
	s := newServer(t, true)
	for _, c := range []struct {
		escaped, plain string
		code           int
	}{
		{"/widgets/certifications/RNCP%3A34700.json", "/widgets/certifications/RNCP:34700.json", 200},
		{"/widgets/certifications/ONISEP%3AFOR.5614.json", "/widgets/certifications/ONISEP:FOR.5614.json", 200},
		{"/widgets/certifications/CFD%3A32032002.json", "/widgets/certifications/CFD:32032002.json", 200},
		{"/widgets/certifications/cfd%3a32032002.svg", "/widgets/certifications/cfd:32032002.svg", 200},
		{"/widgets/certifications/40025216%2C23830025216.json", "/widgets/certifications/40025216,23830025216.json", 200},
		{"/widgets/certifications/40025216%2c23830025216.json", "/widgets/certifications/40025216,23830025216.json", 200},
		{"/widgets/certifications/40025216%7C23830025216.json", "/widgets/certifications/40025216|23830025216.json", 0},
		{"/widgets/regions/%31%31/certifications/RNCP%3A34700.json", "/widgets/regions/11/certifications/RNCP:34700.json", 404},
		{"/widgets/formations/0751234J/CFD%3A32032002.json", "/widgets/formations/0751234J/CFD:32032002.json", 0},
		{"/api/inserjeunes/certifications/RNCP%3A34700", "/api/inserjeunes/certifications/RNCP:34700", 200},
		{"/api/inserjeunes/regionales/%31%31/certifications/CFD%3A32032002", "/api/inserjeunes/regionales/11/certifications/CFD:32032002", 0},
		// "%253A" is "%3A" once decoded: not a colon (never decoded twice).
		{"/widgets/certifications/RNCP%253A34700.json", "/widgets/certifications/zz.json", 400},
	} {
		e, p := get(t, s, c.escaped), get(t, s, c.plain)
		if c.code != 0 && e.Code != c.code || e.Code != p.Code || e.Body.String() != p.Body.String() {
			t.Errorf("%s: %d %.200s\n%s: %d %.200s", c.escaped, e.Code, e.Body, c.plain, p.Code, p.Body)
		}
	}
}

// TestAPIKeyBearerCase: the Authorization scheme is case-insensitive (RFC 9110 §11.1), and
// blanks may separate it from the key (defect 9: "bearer KEY" was a 401); another scheme, or
// a scheme alone, stays a 401.
func TestAPIKeyBearerCase(t *testing.T) {
	cfg := testConfig(t)
	sum := sha256.Sum256([]byte("cle-de-test-onisep"))
	cfg.Partners = []config.Partner{{Key: "onisep", Name: "Onisep", APIKeys: []string{hex.EncodeToString(sum[:])}}}
	s := newServerConfig(t, cfg, realdata.RealDir(t), nil)
	for _, c := range []struct {
		auth string
		code int
	}{
		{"Bearer cle-de-test-onisep", 200},
		{"bearer cle-de-test-onisep", 200},
		{"BEARER cle-de-test-onisep", 200},
		{"bEaReR  cle-de-test-onisep", 200},
		{"Bearer\tcle-de-test-onisep", 200},
		{"Basic cle-de-test-onisep", 401},
		{"Bearercle-de-test-onisep", 401},
		{"bearer", 401},
		{"bearer mauvaise", 401},
	} {
		if rec := do(s, http.MethodGet, "/api/v1/certifications?items_par_page=1", "198.51.100.2:1", "Authorization", c.auth); rec.Code != c.code {
			t.Errorf("%q: %d, want %d", c.auth, rec.Code, c.code)
		}
	}
}
