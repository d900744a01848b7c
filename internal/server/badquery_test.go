package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestBadQueryRefused: a ";" or a malformed "%xx" in the query made Go's url.ParseQuery drop the
// pair, and the answer was the unfiltered list (or the newest millésime) with a 200 (issue 14,
// tester defect 1; SPEC §5: never another millésime silently). Now a 400 naming the parameter,
// in the route's form, never echoing the value.
func TestBadQueryRefused(t *testing.T) {
	s := newServer(t, false)
	for _, tc := range []struct{ path, param string }{
		{"/api/v1/certifications?codes=32032002;23830022703", "codes"},
		{"/api/v1/regions?regions=11;84", "regions"},
		{"/api/v1/certifications?codes=32032002%zz", "codes"},
		{"/api/v1/regions.csv?items_par_page=10&codes=32032002;x", "codes"},
		{"/api/inserjeunes/certifications?code_certifications=32032002;23830022703", "code_certifications"},
		{"/widgets/certifications/32032002.json?millesime=2021_2022;x", "millesime"},
		{"/widgets/certifications/32032002.svg?theme=%zz", "theme"},
		{"/widgets/certifications/32032002?millesime=2021_2022;x", "millesime"},
		{"/api/v1/certifications?%3Cscript%3E;=1", "requete"},
	} {
		rec := get(t, s, tc.path)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tc.path, rec.Code)
			continue
		}
		body := rec.Body.String()
		if strings.Contains(body, "23830022703") || strings.Contains(body, "zz") || strings.Contains(body, "script") {
			t.Errorf("%s: the value is echoed: %s", tc.path, body)
		}
		if strings.Contains(tc.path, "/widgets/certifications/32032002?") {
			if !strings.Contains(body, "Paramètre invalide : "+tc.param) {
				t.Errorf("%s: the page does not name %s: %.300s", tc.path, tc.param, body)
			}
			continue
		}
		var e struct{ Error, Message, Param string }
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Param != tc.param || e.Error != "parametre_invalide" || e.Message == "" {
			t.Errorf("%s: %s, want param %s", tc.path, body, tc.param)
		}
	}
	// Percent-encoded separators stay valid.
	if rec := get(t, s, "/api/v1/certifications?codes=32032002%2C23830022703"); rec.Code != http.StatusOK {
		t.Errorf("encoded comma: %d", rec.Code)
	}
}
