package server

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
)

// The defects a tester found in the data API (issue 14, after its merge).

// TestAPIPaginationHeaders: every list answer, JSON and CSV, ours and the predecessor's, says
// its total (X-Total-Count) and links its pages (Link, RFC 8288, absolute from public_url, the
// request's list parameters and nothing else); CORS lets a script read both (defect 1: the CSV
// stopped at 100 rows without saying so).
func TestAPIPaginationHeaders(t *testing.T) {
	s := newServer(t, true)
	base := s.embed.publicURL
	if !strings.HasPrefix(base, "http") {
		t.Fatalf("public URL %q", base)
	}
	total := int(decode(t, get(t, s, "/api/v1/regions?regions=75015&items_par_page=1").Body.Bytes())["pagination"].(map[string]any)["total"].(float64))
	if total < 900 {
		t.Fatalf("total %d", total)
	}
	last := strconv.Itoa((total + 99) / 100)
	link := func(path string, rels ...string) string {
		var out []string
		for i := 0; i+1 < len(rels); i += 2 {
			out = append(out, "<"+base+path+rels[i+1]+`>; rel="`+rels[i]+`"`)
		}
		return strings.Join(out, ", ")
	}
	tests := []struct {
		path, accept, link string
		total              int
	}{
		// The tester's request: page 1 of the CSV by Accept, 100 rows of the total.
		{"/api/v1/regions?regions=75015", "text/csv", link("/api/v1/regions", "first", "?page=1&regions=75015", "next", "?page=2&regions=75015", "last", "?page="+last+"&regions=75015"), total},
		{"/api/v1/regions.csv?regions=75015&page=2&items_par_page=100&inconnu=%3Cb%3E", "", link("/api/v1/regions.csv",
			"first", "?items_par_page=100&page=1&regions=75015", "prev", "?items_par_page=100&page=1&regions=75015",
			"next", "?items_par_page=100&page=3&regions=75015", "last", "?items_par_page=100&page="+last+"&regions=75015"), total},
		{"/api/v1/regions.json?regions=75015&page=" + last, "", link("/api/v1/regions.json",
			"first", "?page=1&regions=75015", "prev", "?page="+strconv.Itoa((total+99)/100-1)+"&regions=75015", "last", "?page="+last+"&regions=75015"), total},
		// A page past the last: no next, its previous is the last.
		{"/api/v1/regions?regions=75015&page=999", "", link("/api/v1/regions", "first", "?page=1&regions=75015", "prev", "?page="+last+"&regions=75015", "last", "?page="+last+"&regions=75015"), total},
		// An empty list has one (empty) page.
		{"/api/v1/regions?codes=RNCP:1", "", link("/api/v1/regions", "first", "?codes=RNCP%3A1&page=1", "last", "?codes=RNCP%3A1&page=1"), 0},
		{"/api/inserjeunes/regionales?regions=11&code_certifications=32032002&millesimes=2022_2023", "", link("/api/inserjeunes/regionales",
			"first", "?code_certifications=32032002&millesimes=2022_2023&page=1&regions=11", "last", "?code_certifications=32032002&millesimes=2022_2023&page=1&regions=11"), 1},
		{"/api/inserjeunes/regionales/11.csv?code_certifications=32032002,36X32318&items_par_page=1", "", link("/api/inserjeunes/regionales/11.csv",
			"first", "?code_certifications=32032002%2C36X32318&items_par_page=1&page=1", "next", "?code_certifications=32032002%2C36X32318&items_par_page=1&page=2",
			"last", "?code_certifications=32032002%2C36X32318&items_par_page=1&page=2"), 2},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path, "Accept", tt.accept)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.path, rec.Code, rec.Body)
		}
		h := rec.Header()
		if h.Get("Link") != tt.link || h.Get("X-Total-Count") != strconv.Itoa(tt.total) {
			t.Errorf("%s:\n Link %s\nwant %s\n X-Total-Count %q, want %d", tt.path, h.Get("Link"), tt.link, h.Get("X-Total-Count"), tt.total)
		}
		if expose := h.Get("Access-Control-Expose-Headers"); !strings.Contains(expose, "Link") || !strings.Contains(expose, "X-Total-Count") {
			t.Errorf("%s: Access-Control-Expose-Headers %q", tt.path, expose)
		}
	}
	// The same headers from the cache (the second answer is a hit).
	a, b := get(t, s, "/api/v1/regions.csv?regions=84&page=2"), get(t, s, "/api/v1/regions.csv?page=2&regions=84")
	if a.Header().Get("Link") == "" || a.Header().Get("Link") != b.Header().Get("Link") || a.Header().Get("X-Total-Count") != b.Header().Get("X-Total-Count") {
		t.Errorf("cached answer: %q / %q", a.Header().Get("Link"), b.Header().Get("Link"))
	}
}

// TestPrefersCSV: Accept is read as RFC 9110 says (defect 2): q-values, q=0 refuses, the first
// of equal q wins, media types are case-insensitive; JSON is the default.
func TestPrefersCSV(t *testing.T) {
	tests := []struct {
		accept string
		csv    bool
	}{
		{"", false},
		{"text/csv", true},
		{"TEXT/CSV", true},
		{"Text/Csv; Charset=UTF-8", true},
		{"text/csv;q=0, application/json", false},
		{"text/csv;q=0", false},
		{"application/json, text/csv", false},
		{"text/csv, application/json", true},
		{"application/json;q=0.5, text/csv", true},
		{"text/csv;q=0.4, application/json;q=0.5", false},
		{"text/csv;q=0.5, application/json;q=0.5", true},
		{"*/*", false},
		{"text/csv, */*;q=0.1", true},
		{"*/*;q=0.1, text/csv", true},
		{"text/*", true},
		{"text/*, application/json", true}, // equal q: the first listed
		{"application/json, text/*", false},
		{"application/json;q=0, */*", true}, // JSON refused, */* accepts the CSV
		{"text/html", false},
		{"application/xml, text/csv;q=0.9", true},
		{"text/csv;q=abc, application/json", false}, // a malformed q: the range is skipped
		{"text/csv;q=2", false},
		{"garbage, text/csv", true},
		{"application/json, text/csv;q=1.0", false},
	}
	for _, tt := range tests {
		if got := prefersCSV(tt.accept); got != tt.csv {
			t.Errorf("prefersCSV(%q) = %v, want %v", tt.accept, got, tt.csv)
		}
	}
}

// TestAPIAcceptRoutes: the lists negotiate by prefersCSV; the suffixed routes do not negotiate.
func TestAPIAcceptRoutes(t *testing.T) {
	s := newServer(t, true)
	const q = "?regions=11&codes=32032002"
	jsonBody := get(t, s, "/api/v1/regions.json"+q).Body.String()
	csvBody := get(t, s, "/api/v1/regions.csv"+q).Body.String()
	if !strings.HasPrefix(jsonBody, "{") || !strings.HasPrefix(csvBody, "scope;") {
		t.Fatalf("json %.40s csv %.40s", jsonBody, csvBody)
	}
	for _, tt := range []struct{ path, accept, want string }{
		{"/api/v1/regions", "text/csv;q=0, application/json", jsonBody},
		{"/api/v1/regions", "application/json, text/csv", jsonBody},
		{"/api/v1/regions", "TEXT/CSV", csvBody},
		{"/api/v1/regions", "text/csv", csvBody},
		{"/api/v1/regions.json", "text/csv", jsonBody},
		{"/api/v1/regions.csv", "application/json", csvBody},
	} {
		rec := get(t, s, tt.path+q, "Accept", tt.accept)
		if rec.Code != http.StatusOK || rec.Body.String() != tt.want {
			t.Errorf("%s Accept %q: %d %.60s", tt.path, tt.accept, rec.Code, rec.Body)
		}
	}
	leg := get(t, s, "/api/inserjeunes/regionales?regions=11", "Accept", "application/json, text/csv")
	if leg.Header().Get("Content-Type") != "application/json" {
		t.Errorf("predecessor's list, Accept JSON first: %s", leg.Header().Get("Content-Type"))
	}
	if leg := get(t, s, "/api/inserjeunes/regionales?regions=11", "Accept", "Text/CSV"); leg.Header().Get("Content-Type") != csvContentType {
		t.Errorf("predecessor's list, Accept Text/CSV: %s", leg.Header().Get("Content-Type"))
	}
}

// TestAPILinksAbsolute: the links of the items (JSON liens, CSV lien_json of the lists, the
// export and a widget's CSV) are absolute URLs from public_url (defect 3).
func TestAPILinksAbsolute(t *testing.T) {
	s := newServer(t, true)
	prefix := s.embed.publicURL + "/widgets/regions/11/certifications/32032002"
	it := items(t, decode(t, get(t, s, "/api/v1/regions?regions=11&codes=32032002").Body.Bytes()))
	if len(it) != 1 {
		t.Fatalf("%d items", len(it))
	}
	want := map[string]any{"widget": prefix + "?millesime=2022_2023", "svg": prefix + ".svg?millesime=2022_2023",
		"json": prefix + ".json?millesime=2022_2023", "csv": prefix + ".csv?millesime=2022_2023"}
	if liens := it[0]["liens"].(map[string]any); !mapsEqual(liens, want) {
		t.Errorf("liens %v, want %v", liens, want)
	}
	lienJSON := func(body []byte) []string {
		r := csv.NewReader(bytes.NewReader(body))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%v %d rows", err, len(rows))
		}
		col := slices.Index(rows[0], "lien_json")
		var out []string
		for _, row := range rows[1:] {
			out = append(out, row[col])
		}
		return out
	}
	if got := lienJSON(get(t, s, "/api/v1/regions.csv?regions=11&codes=32032002").Body.Bytes()); !slices.Equal(got, []string{prefix + ".json?millesime=2022_2023"}) {
		t.Errorf("list CSV lien_json %v", got)
	}
	if got := lienJSON(get(t, s, "/widgets/regions/11/certifications/32032002.csv?millesime=2021_2022").Body.Bytes()); !slices.Equal(got, []string{prefix + ".json?millesime=2021_2022"}) {
		t.Errorf("widget CSV lien_json %v", got)
	}
	zr, err := gzip.NewReader(get(t, s, "/api/v1/export/certifications.csv.gz").Body)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	for i, l := range lienJSON(b.Bytes()) {
		if !strings.HasPrefix(l, s.embed.publicURL+"/widgets/certifications/") {
			t.Fatalf("export row %d: lien_json %q", i+1, l)
		}
	}
}

func mapsEqual(a, b map[string]any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestCORSPreflightOneRule: every route that sends CORS headers on GET answers its preflight
// with them, oEmbed included (defect 4); a route without them on GET has none on OPTIONS.
func TestCORSPreflightOneRule(t *testing.T) {
	s := newServer(t, true)
	oembed := "/oembed?url=" + url.QueryEscape(s.embed.publicURL+"/widgets/regions/11/certifications/32032002")
	for _, p := range []string{oembed, "/oembed", "/api/v1/regions.json", "/api/v1/export/regions.csv.gz", "/api/docs",
		"/widgets/certifications/32032002.json", "/widgets/regions/11/certifications/32032002", "/widgets/etablissements/0010001W.csv", "/", "/preview"} {
		g := get(t, s, p, "Origin", "https://p.example")
		pre := do(s, http.MethodOptions, p, "", "Origin", "https://p.example", "Access-Control-Request-Method", "GET")
		cors := g.Header().Get("Access-Control-Allow-Origin") == "*"
		if got := pre.Header().Get("Access-Control-Allow-Origin") == "*"; got != cors || pre.Code != http.StatusNoContent {
			t.Errorf("%s: GET sends CORS %v, preflight %d %v", p, cors, pre.Code, pre.Header())
		}
		if cors && (pre.Header().Get("Access-Control-Allow-Methods") != "GET, HEAD, OPTIONS" || !strings.Contains(pre.Header().Get("Access-Control-Allow-Headers"), "X-Api-Key")) {
			t.Errorf("%s: preflight %v", p, pre.Header())
		}
		if cors != (p == "/oembed" || strings.HasPrefix(p, "/oembed?") || isDataPath(p)) {
			t.Errorf("%s: GET sends CORS %v", p, cors)
		}
	}
	// An unknown address is a 404, preflight or not.
	if pre := do(s, http.MethodOptions, "/api/v1/inconnue", "", "Origin", "https://p.example", "Access-Control-Request-Method", "GET"); pre.Code != http.StatusNotFound {
		t.Errorf("preflight of an unknown route: %d", pre.Code)
	}
}

// TestAPIErrorWording: under /api, the errors speak of the API and point at its documentation
// (defect 5); /api/v1/{scope}.json is a route.
func TestAPIErrorWording(t *testing.T) {
	s := newServer(t, true)
	for _, tt := range []struct {
		method, path string
		status       int
		code         string
	}{
		{http.MethodGet, "/api/v1/regionz", http.StatusNotFound, "introuvable"},
		{http.MethodGet, "/api/v1/export/zzqq.csv.gz", http.StatusNotFound, "introuvable"},
		{http.MethodGet, "/api/inserjeunes/inconnue", http.StatusNotFound, "introuvable"},
		{http.MethodPost, "/api/v1/regions", http.StatusMethodNotAllowed, "methode_non_autorisee"},
		{http.MethodDelete, "/api/inserjeunes/regionales", http.StatusMethodNotAllowed, "methode_non_autorisee"},
	} {
		rec := do(s, tt.method, tt.path, "")
		var e map[string]string
		if rec.Code != tt.status || rec.Header().Get("Content-Type") != "application/json" || json.Unmarshal(rec.Body.Bytes(), &e) != nil ||
			e["error"] != tt.code || !strings.Contains(e["message"], "/api/docs") || strings.Contains(e["message"], "widget") || !strings.Contains(e["message"], "API") {
			t.Errorf("%s %s: %d %s", tt.method, tt.path, rec.Code, rec.Body)
		}
	}
	// The widgets keep their own words.
	if rec := get(t, s, "/widgets/inconnue.json"); !strings.Contains(rec.Body.String(), "/widgets/") {
		t.Errorf("widget 404: %s", rec.Body)
	}
	for _, name := range dataapi.ScopeNames {
		j, n := get(t, s, "/api/v1/"+name+".json?items_par_page=3"), get(t, s, "/api/v1/"+name+"?items_par_page=3")
		if j.Code != http.StatusOK || j.Body.String() != n.Body.String() || j.Header().Get("Content-Type") != "application/json" || j.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("/api/v1/%s.json: %d %v", name, j.Code, j.Header())
		}
	}
}

// TestAPIEtablissementsMillesimes: the establishment list names the millésimes it serves, the
// newest of each voie its establishments show (defect 6: it said none).
func TestAPIEtablissementsMillesimes(t *testing.T) {
	s := newServer(t, true)
	snap := s.store.Current()
	var want []any
	for _, v := range []widget.Voie{widget.VoieScolaire, widget.VoieApprentissage} {
		if ms := snap.MillesimesParts(widget.ScopeEtablissement, v); len(ms) > 0 && !slices.Contains(want, any(string(ms[len(ms)-1]))) {
			want = append(want, string(ms[len(ms)-1]))
		}
	}
	slices.SortFunc(want, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	m := decode(t, get(t, s, "/api/v1/etablissements?items_par_page=1000").Body.Bytes())
	got := m["millesimes"].([]any)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("millesimes %v, want %v", got, want)
	}
	for _, it := range items(t, m) {
		shown := []any{it["millesime"]}
		if fs, ok := it["filieres"].(map[string]any); ok {
			for _, f := range fs {
				shown = append(shown, f.(map[string]any)["millesime"])
			}
		}
		for _, ms := range shown {
			if ms != nil && !slices.Contains(got, ms) {
				t.Fatalf("%v: millésime %v not listed in %v", it["etablissement"], ms, got)
			}
		}
	}
	// Asked millésimes are listed as asked.
	if m := decode(t, get(t, s, "/api/v1/etablissements?millesimes=2022_2023&items_par_page=1").Body.Bytes()); !slices.Equal(m["millesimes"].([]any), []any{"2022_2023"}) {
		t.Errorf("asked: %v", m["millesimes"])
	}
}

// TestAPIEmptyKey: an empty X-Api-Key, an empty Bearer token or an empty Authorization is a key
// sent and invalid, a 401, never the anonymous access (defect 7).
func TestAPIEmptyKey(t *testing.T) {
	s := newServer(t, true)
	for _, h := range [][]string{{"X-Api-Key", ""}, {"X-Api-Key", " "}, {"Authorization", "Bearer "}, {"Authorization", "Bearer"}, {"Authorization", ""}} {
		rec := do(s, http.MethodGet, "/api/v1/certifications?items_par_page=1", "", h...)
		var e map[string]string
		if rec.Code != http.StatusUnauthorized || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e["error"] != "cle_api_invalide" {
			t.Errorf("%q: %d %s", h, rec.Code, rec.Body)
		}
	}
	if rec := do(s, http.MethodGet, "/api/v1/certifications?items_par_page=1", ""); rec.Code != http.StatusOK {
		t.Errorf("no key: %d", rec.Code)
	}
}
