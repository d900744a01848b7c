package server

import (
	"encoding/csv"
	"strings"
	"testing"
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
