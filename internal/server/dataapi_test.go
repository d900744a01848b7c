package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
)

// Issue 14: the data API on the real data.

func decode(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
	return m
}

func items(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, it := range m["indicateurs"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// itemIsWidget checks that list item it, without its links and the extra fields named, equals
// the widget JSON at its liens.json (issue 14: one implementation), and returns the item's JSON.
func itemIsWidget(t *testing.T, s *Server, it map[string]any, extra ...string) []byte {
	t.Helper()
	liens := it["liens"].(map[string]any)
	delete(it, "liens") // the links are the item's extra fields; the rest is the widget JSON
	for _, f := range extra {
		delete(it, f)
	}
	path, ok := strings.CutPrefix(liens["json"].(string), s.embed.publicURL+"/widgets/")
	if !ok {
		t.Fatalf("liens.json %q is not an absolute URL of the service", liens["json"])
	}
	w := get(t, s, "/widgets/"+path)
	if w.Code != http.StatusOK {
		t.Fatalf("%s: %d", liens["json"], w.Code)
	}
	got, _ := json.Marshal(it)
	exp, _ := json.Marshal(decode(t, w.Body.Bytes()))
	if !bytes.Equal(got, exp) {
		t.Errorf("%s:\nitem   %s\nwidget %s", liens["json"], got, exp)
	}
	return got
}

// TestAPIListEqualsWidgetJSON: a list filtered by codes (a CFD, a MEFSTAT11, a partner
// identifier) and regions (an INSEE code, a postal code) equals, item by item, the widget JSON
// of the same key.
func TestAPIListEqualsWidgetJSON(t *testing.T) {
	s := newServer(t, true)
	rec := get(t, s, "/api/v1/regions?codes=32032002,36X32318,23220034307,CERTIFINFO:82567&regions=11,13001&items_par_page=1000")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	list := decode(t, rec.Body.Bytes())
	its := items(t, list)
	if len(its) < 4 || list["pagination"].(map[string]any)["total"].(float64) != float64(len(its)) {
		t.Fatalf("%d items, pagination %v", len(its), list["pagination"])
	}
	if ms := list["millesimes"].([]any); len(ms) != 1 || ms[0] != "2022_2023" {
		t.Errorf("millesimes %v, want the newest only", ms)
	}
	regions := map[string]bool{}
	for _, it := range its {
		itemIsWidget(t, s, it)
		regions[it["region"].(map[string]any)["code"].(string)] = true
		if it["code_certification"] == "32032002" && it["region"].(map[string]any)["code"] == "11" {
			if it["taux_en_emploi_6_mois"] != 20.0 || it["taux_en_formation"] != 61.0 || it["taux_autres_6_mois"] != 19.0 || it["nb_annee_term"] != 1064.0 { // SPEC §11
				t.Errorf("32032002 in 11: %v", it)
			}
		}
	}
	if !regions["11"] || !regions["93"] || len(regions) != 2 { // 13001 is Marseille: Provence-Alpes-Côte d'Azur
		t.Errorf("regions %v, want 11 and 93", regions)
	}
}

// TestAPIPaginationCoversEveryItem: the pages of a list hold every selected key exactly once,
// in the same order as one big page, and as many as the snapshot has for the newest millésime.
func TestAPIPaginationCoversEveryItem(t *testing.T) {
	s := newServer(t, true)
	snap := s.store.Current()
	newest := snap.Millesimes(widget.ScopeRegion)[len(snap.Millesimes(widget.ScopeRegion))-1]
	want := 0
	for _, k := range snap.Keys(widget.ScopeRegion) {
		if k.Region == "11" && k.Millesime == newest {
			want++
		}
	}
	key := func(it map[string]any) string {
		return fmt.Sprint(it["region"].(map[string]any)["code"], "|", it["code_certification"], "|", it["millesime"])
	}
	var all []string
	seen := map[string]bool{}
	pages := 0
	for page := 1; ; page++ {
		m := decode(t, get(t, s, "/api/v1/regions?regions=11&items_par_page=97&page="+strconv.Itoa(page)).Body.Bytes())
		p := m["pagination"].(map[string]any)
		pages = int(p["nombre_de_page"].(float64))
		its := items(t, m)
		if len(its) == 0 {
			break
		}
		for _, it := range its {
			k := key(it)
			if seen[k] {
				t.Fatalf("%s twice", k)
			}
			seen[k] = true
			all = append(all, k)
		}
	}
	if len(all) != want || pages != (want+96)/97 || want < 900 {
		t.Errorf("%d items in %d pages, want %d", len(all), pages, want)
	}
	var big []string
	for _, it := range items(t, decode(t, get(t, s, "/api/v1/regions?regions=11&items_par_page=1000&page=1").Body.Bytes())) {
		big = append(big, key(it))
	}
	for _, it := range items(t, decode(t, get(t, s, "/api/v1/regions?regions=11&items_par_page=1000&page=2").Body.Bytes())) {
		big = append(big, key(it))
	}
	if !slices.Equal(all, big) {
		t.Error("pages of 97 and pages of 1000 list different orders")
	}
}

// csvRows parses a CSV answer with Python's csv module (the reader), or with Go's when
// python3 is absent outside CI.
func pythonCSV(t *testing.T, body []byte) []map[string]string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is needed in CI to read the CSV with the csv module")
		}
		t.Skip("python3 absent")
	}
	f := filepath.Join(t.TempDir(), "liste.csv")
	if err := os.WriteFile(f, body, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    json.dump(list(csv.DictReader(f, delimiter=";")), sys.stdout, ensure_ascii=False)`
	out, err := exec.Command(py, "-c", script, f).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var rows []map[string]string
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// cellOf is the CSV cell of a JSON value: empty when absent.
func cellOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// TestAPICSVEqualsJSON: the CSV of a list parses with Python's csv module and says, row by row
// and column by column, what the JSON of the same list says; masked values are empty cells.
func TestAPICSVEqualsJSON(t *testing.T) {
	s := newServer(t, true)
	const q = "?regions=11&millesimes=2019_2020,2022_2023&items_par_page=1000"
	rec := get(t, s, "/api/v1/regions.csv"+q)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="inserjeunes-regions-20`) {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	if byAccept := get(t, s, "/api/v1/regions"+q, "Accept", "text/csv"); !bytes.Equal(byAccept.Body.Bytes(), rec.Body.Bytes()) ||
		!slices.Equal(byAccept.Header().Values("Vary"), []string{"Accept", "Accept-Encoding"}) {
		t.Errorf("Accept: text/csv does not give the .csv body, or without Vary: Accept (%v)", byAccept.Header().Values("Vary"))
	}
	rows := pythonCSV(t, rec.Body.Bytes())
	its := items(t, decode(t, get(t, s, "/api/v1/regions"+q).Body.Bytes()))
	if len(rows) != len(its) || len(rows) < 1000 {
		t.Fatalf("%d rows, %d items", len(rows), len(its))
	}
	masked := 0
	for i, it := range its {
		r := it["region"].(map[string]any)
		want := map[string]string{"scope": cellOf(it["scope"]), "code_certification": cellOf(it["code_certification"]), "cfd": cellOf(it["cfd"]),
			"libelle": cellOf(it["libelle"]), "type_diplome": cellOf(it["type_diplome"]), "filiere": cellOf(it["filiere"]),
			"region_code": cellOf(r["code"]), "region_nom": cellOf(r["nom"]), "millesime": cellOf(it["millesime"]), "state": cellOf(it["state"]),
			"regle": cellOf(it["regle"]), "source": cellOf(it["source"]), "donnees_de_demonstration": "false", "lien_json": cellOf(it["liens"].(map[string]any)["json"]),
			"uai": "", "etablissement_nom": "", "identifiant": cellOf(it["identifiant"])}
		if ds, ok := it["donnee_source"].(map[string]any); ok {
			want["donnee_source_type"], want["donnee_source_code_certification"] = cellOf(ds["type"]), cellOf(ds["code_certification"])
		} else {
			want["donnee_source_type"], want["donnee_source_code_certification"] = "", ""
		}
		for _, c := range dataapi.Columns {
			if strings.HasPrefix(c, "nb_") || strings.HasPrefix(c, "taux_") {
				want[c] = cellOf(it[c])
			}
		}
		if len(rows[i]) != len(dataapi.Columns) {
			t.Fatalf("row %d: %d columns", i, len(rows[i]))
		}
		for c, w := range want {
			if rows[i][c] != w {
				t.Errorf("row %d (%s) %s = %q, JSON %q", i, want["lien_json"], c, rows[i][c], w)
			}
		}
		if it["state"] == "effectif_insuffisant" {
			masked++
			if rows[i]["taux_en_emploi_6_mois"] != "" || rows[i]["nb_en_emploi_6_mois"] != "" || rows[i]["nb_annee_term"] == "" {
				t.Errorf("masked row %d: %v", i, rows[i])
			}
		}
	}
	if masked == 0 {
		t.Error("no masked row in the sample")
	}
}

// TestWidgetCSV: the widget route with .csv is the CSV of the widget's JSON (issue 13's
// "données" link), with a dated file name.
func TestWidgetCSV(t *testing.T) {
	s := newServer(t, true)
	rec := get(t, s, "/widgets/regions/11/certifications/32032002.csv?millesime=2021_2022")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Disposition") != `attachment; filename="inserjeunes-regions-11-certifications-32032002-2021_2022.csv"` ||
		rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	r := csv.NewReader(rec.Body)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %v", rows, err)
	}
	got := map[string]string{}
	for i, c := range rows[0] {
		got[c] = rows[1][i]
	}
	for c, want := range map[string]string{"nb_annee_term": "639", "nb_en_emploi_6_mois": "149", "nb_poursuite_etudes": "363", "taux_en_emploi_6_mois": "23",
		"taux_en_formation": "57", "taux_autres_6_mois": "20", "state": "ok", "region_code": "11", "millesime": "2021_2022", "filiere": "apprentissage"} { // SPEC §11
		if got[c] != want {
			t.Errorf("%s = %q, want %q", c, got[c], want)
		}
	}
	if rec := get(t, s, "/widgets/certifications/ZZZZZZZZ.csv"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown code: %d", rec.Code)
	}
}

// TestLegacyListShapes: the predecessor's list routes answer with its documented shapes (its
// OpenAPI file and tests: the array under certifications / regionales / formations, pagination
// {nombre_de_page, page, items_par_page, total}, its field names), with our figures (SPEC §11).
func TestLegacyListShapes(t *testing.T) {
	s := newServer(t, true)
	tests := []struct{ path, want string }{
		{"/api/inserjeunes/regionales?regions=11&code_certifications=32032002&millesimes=2022_2023",
			`{"regionales":[{"code_certification":"32032002","code_formation_diplome":"32032002","libelle":"COMMUNICATION (BTS)","millesime":"2022_2023","filiere":"apprentissage","diplome":{"code":"5","libelle":"BTS"},"nb_annee_term":1064,"nb_poursuite_etudes":646,"nb_en_emploi_12_mois":249,"nb_en_emploi_6_mois":216,"nb_sortant":418,"taux_en_formation":61,"taux_en_emploi_12_mois":23,"taux_en_emploi_6_mois":20,"taux_autres_6_mois":19,"region":{"code":"11","nom":"Île-de-France"},"donnee_source":{"code_certification":"32032002","type":"self"}}],"pagination":{"page":1,"items_par_page":10,"nombre_de_page":1,"total":1}}`},
		// A postal code in the path, as La bonne alternance sends it; a single year as millésime.
		{"/api/inserjeunes/regionales/75015?code_certifications=32032002&millesimes=2023",
			`{"regionales":[{"code_certification":"32032002","code_formation_diplome":"32032002","libelle":"COMMUNICATION (BTS)","millesime":"2022_2023","filiere":"apprentissage","diplome":{"code":"5","libelle":"BTS"},"nb_annee_term":1064,"nb_poursuite_etudes":646,"nb_en_emploi_12_mois":249,"nb_en_emploi_6_mois":216,"nb_sortant":418,"taux_en_formation":61,"taux_en_emploi_12_mois":23,"taux_en_emploi_6_mois":20,"taux_autres_6_mois":19,"region":{"code":"11","nom":"Île-de-France"},"donnee_source":{"code_certification":"32032002","type":"self"}}],"pagination":{"page":1,"items_par_page":10,"nombre_de_page":1,"total":1}}`},
		{"/api/inserjeunes/certifications?code_certifications=32032002&millesimes=2022_2023",
			`{"certifications":[{"code_certification":"32032002","code_formation_diplome":"32032002","libelle":"COMMUNICATION (BTS)","millesime":"2022_2023","filiere":"apprentissage","diplome":{"code":"5","libelle":"BTS"},"nb_annee_term":2757,"nb_poursuite_etudes":1627,"nb_en_emploi_12_mois":705,"nb_en_emploi_6_mois":644,"nb_sortant":1130,"taux_en_formation":59,"taux_en_emploi_12_mois":26,"taux_en_emploi_6_mois":23,"taux_autres_6_mois":18,"donnee_source":{"code_certification":"32032002","type":"self"}}],"pagination":{"page":1,"items_par_page":10,"nombre_de_page":1,"total":1}}`},
		// No per-formation export in the real data: an empty list, not an error.
		{"/api/inserjeunes/formations?uais=0751234J", `{"formations":[],"pagination":{"page":1,"items_par_page":10,"nombre_de_page":0,"total":0}}`},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path)
		if rec.Code != http.StatusOK || rec.Body.String() != tt.want || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: %d\n got %s\nwant %s", tt.path, rec.Code, rec.Body, tt.want)
		}
	}
	// The predecessor's single regional route with a postal code (La bonne alternance's call).
	if byCP, byINSEE := get(t, s, "/api/inserjeunes/regionales/75015/certifications/32032002"), get(t, s, "/api/inserjeunes/regionales/11/certifications/32032002"); byCP.Code != http.StatusOK || byCP.Body.String() != byINSEE.Body.String() {
		t.Errorf("postal code: %d %s", byCP.Code, byCP.Body)
	}
	if rec := get(t, s, "/api/inserjeunes/regionales/00100/certifications/32032002"); rec.Code != http.StatusBadRequest {
		t.Errorf("postal code of no département: %d", rec.Code)
	}
	// The predecessor's CSV header (its formations test), our masked values empty.
	rec := get(t, s, "/api/inserjeunes/formations.csv")
	if want := "uai;code_certification;filiere;millesime;donnee_source_type;donnee_source_code_certification;nb_annee_term;nb_en_emploi_12_mois;nb_en_emploi_18_mois;nb_en_emploi_24_mois;nb_en_emploi_6_mois;nb_poursuite_etudes;nb_sortant;taux_autres_12_mois;taux_autres_18_mois;taux_autres_24_mois;taux_autres_6_mois;taux_en_emploi_12_mois;taux_en_emploi_18_mois;taux_en_emploi_24_mois;taux_en_emploi_6_mois;taux_en_formation;taux_rupture_contrats\n"; rec.Body.String() != want {
		t.Errorf("formations.csv: %q", rec.Body)
	}
	rec = get(t, s, "/api/inserjeunes/regionales/11.csv?code_certifications=23220022349&millesimes=2019_2020")
	if want := "Île-de-France;23220022349;pro;2019_2020;self;23220022349;19;;;;;;;;;;;;;;;;\n"; !strings.HasSuffix(rec.Body.String(), want) { // SPEC §11: cohort 19, masked
		t.Errorf("masked row: %q", rec.Body)
	}
	for _, p := range []string{"/api/inserjeunes/regionales/1", "/api/inserjeunes/regionales?regions=10", "/api/inserjeunes/certifications?millesimes=20", "/api/inserjeunes/formations?academies=1"} {
		if rec := get(t, s, p); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", p, rec.Code, rec.Body)
		}
	}
}

// TestAPIBadParams: a bad parameter is a 400 naming it with a French sentence, never the value.
func TestAPIBadParams(t *testing.T) {
	s := newServer(t, true)
	for path, param := range map[string]string{
		"/api/v1/regions?codes=<script>alert(1)</script>": "codes",
		"/api/v1/regions?regions=<img%20src=x>":           "regions",
		"/api/v1/regions?regions=99999":                   "regions",
		"/api/v1/regions?millesimes=2022_2023_<b>":        "millesimes",
		"/api/v1/certifications?regions=11":               "regions",
		"/api/v1/regions?items_par_page=100000":           "items_par_page",
		"/api/v1/regions?page=abc":                        "page",
		"/api/v1/etablissements?codes=32032002":           "codes",
		"/api/v1/regions.csv?voie=<script>x</script>":     "voie",
		"/api/inserjeunes/regionales/<b>x.csv":            "region",
	} {
		rec := get(t, s, path)
		var e widget.InputError
		if rec.Code != http.StatusBadRequest || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Param != param || e.Code != "parametre_invalide" || e.Message == "" {
			t.Errorf("%s: %d %s, want 400 on %s", path, rec.Code, rec.Body, param)
		}
		if strings.Contains(rec.Body.String(), "<") || strings.Contains(rec.Body.String(), "script") || strings.Contains(rec.Body.String(), "99999") {
			t.Errorf("%s: the value is reflected: %s", path, rec.Body)
		}
	}
}

// TestAPIETag: a list has an ETag per (snapshot, query): the same query in other words shares
// it, a revalidation is a 304, another query has another.
func TestAPIETag(t *testing.T) {
	s := newServer(t, true)
	a := get(t, s, "/api/v1/regions?codes=32032002,36X32318&regions=11")
	b := get(t, s, "/api/v1/regions?regions=11&codes=36X32318,32032002&unknown=1")
	c := get(t, s, "/api/v1/regions?codes=32032002&regions=11")
	etag := a.Header().Get("ETag")
	if etag == "" || b.Header().Get("ETag") != etag || c.Header().Get("ETag") == etag || a.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("ETags %q %q %q, %v", etag, b.Header().Get("ETag"), c.Header().Get("ETag"), a.Header())
	}
	if rec := get(t, s, "/api/v1/regions?codes=32032002,36X32318&regions=11", "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("revalidation: %d", rec.Code)
	}
	gz := get(t, s, "/api/v1/regions?codes=32032002,36X32318&regions=11", "Accept-Encoding", "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", gz.Header())
	}
	if rec := get(t, s, "/api/v1/regions?codes=32032002,36X32318&regions=11", "Accept-Encoding", "gzip", "If-None-Match", gz.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("gzip revalidation: %d", rec.Code)
	}
	exp := get(t, s, "/api/v1/export/certifications.csv.gz")
	if rec := get(t, s, "/api/v1/export/certifications.csv.gz", "If-None-Match", exp.Header().Get("ETag")); exp.Code != http.StatusOK || rec.Code != http.StatusNotModified {
		t.Errorf("export revalidation: %d then %d", exp.Code, rec.Code)
	}
}

// TestAPIExport: the regional export is every regional row of the snapshot, one CSV row each,
// gzip-compressed, with a dated file name; the rows say what the widgets say (SPEC §11).
func TestAPIExport(t *testing.T) {
	s := newServer(t, true)
	rec := get(t, s, "/api/v1/export/regions.csv.gz")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/gzip" ||
		!strings.HasSuffix(rec.Header().Get("Content-Disposition"), `.csv.gz"`) || rec.Header().Get("Content-Encoding") != "" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(zr)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	keys := s.store.Current().Keys(widget.ScopeRegion)
	if !slices.Equal(rows[0], dataapi.Columns) || len(rows)-1 != len(keys) || len(keys) < 40000 {
		t.Fatalf("%d rows for %d keys", len(rows)-1, len(keys))
	}
	col := func(name string) int { return slices.Index(dataapi.Columns, name) }
	found := 0
	for _, row := range rows[1:] {
		if row[col("region_code")] == "11" && row[col("code_certification")] == "23220034307" && row[col("millesime")] == "2021_2022" {
			found++
			if row[col("taux_en_emploi_6_mois")] != "5" || row[col("taux_en_formation")] != "58" || row[col("taux_autres_6_mois")] != "37" { // half-even on 57.5
				t.Errorf("23220034307: %v", row)
			}
		}
	}
	if found != 1 {
		t.Errorf("23220034307 in 11, 2021_2022: %d rows", found)
	}
}

// TestCORS: every data route (widget JSON and CSV, the predecessor's, /api/v1) answers any
// origin without credentials, and its preflight; the HTML widget does not need it.
func TestCORS(t *testing.T) {
	s := newServer(t, true)
	for _, p := range []string{"/widgets/regions/11/certifications/32032002.json", "/widgets/certifications/32032002.csv", "/api/inserjeunes/regionales/11/certifications/32032002",
		"/api/inserjeunes/regionales?regions=11", "/api/v1/certifications", "/api/v1/regions?regions=1", "/api/openapi.json"} {
		rec := get(t, s, p, "Origin", "https://partenaire.example")
		if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("%s: %d %v", p, rec.Code, rec.Header())
		}
		pre := do(s, http.MethodOptions, p, "", "Origin", "https://partenaire.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-api-key")
		if pre.Code != http.StatusNoContent || pre.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") ||
			!strings.Contains(pre.Header().Get("Access-Control-Allow-Headers"), "X-Api-Key") {
			t.Errorf("preflight %s: %d %v", p, pre.Code, pre.Header())
		}
	}
	if rec := get(t, s, "/widgets/regions/11/certifications/32032002"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("the HTML widget sends CORS headers")
	}
}

// TestAPIKeys: a valid key lifts the anonymous quota and names its partner in the metrics; an
// invalid key is a 401, never a silent downgrade; no key is the anonymous quota.
func TestAPIKeys(t *testing.T) {
	dir := realdata.RealDir(t)
	cfg := testConfig(t)
	sum := sha256.Sum256([]byte("cle-de-test-onisep"))
	cfg.Partners = []config.Partner{{Key: "onisep", Name: "Onisep", APIKeys: []string{hex.EncodeToString(sum[:])}}}
	cfg.RateLimit = config.RateLimit{IPRate: 0.001, IPBurst: 2}
	s := newServerConfig(t, cfg, dir, nil)
	const p, ip = "/api/v1/certifications?items_par_page=1", "203.0.113.7:1000"
	for i, want := range []int{200, 200, 429} {
		if rec := do(s, http.MethodGet, p, ip); rec.Code != want {
			t.Errorf("anonymous request %d: %d, want %d", i, rec.Code, want)
		}
	}
	for i := range 5 {
		h := []string{"X-Api-Key", "cle-de-test-onisep"}
		if i%2 == 1 {
			h = []string{"Authorization", "Bearer cle-de-test-onisep"}
		}
		if rec := do(s, http.MethodGet, p, ip, h...); rec.Code != http.StatusOK {
			t.Errorf("keyed request %d: %d", i, rec.Code)
		}
	}
	for _, h := range [][]string{{"X-Api-Key", "mauvaise"}, {"Authorization", "Bearer mauvaise"}, {"Authorization", "Basic eDp5"}} {
		rec := do(s, http.MethodGet, p, "198.51.100.1:1", h...)
		var e map[string]string
		if rec.Code != http.StatusUnauthorized || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e["error"] != "cle_api_invalide" || !strings.Contains(e["message"], "clé") ||
			rec.Header().Get("Cache-Control") != "no-store" || strings.Contains(rec.Body.String(), "mauvaise") {
			t.Errorf("%v: %d %s", h, rec.Code, rec.Body)
		}
	}
	if m := scrape(t, s); !strings.Contains(m, `ijwidgets_api_answers_total{cache="hit",content_type="application/json",partner="onisep",route="/api/v1/certifications"} 5`) {
		t.Errorf("metrics: %s", grepLines(m, "api_answers"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestAPIConcurrent drives the lists, an export and the widget CSV from many goroutines (run
// with -race): every answer of one URL is the same body.
func TestAPIConcurrent(t *testing.T) {
	s := newServer(t, true)
	paths := []string{"/api/v1/regions?regions=84&page=2", "/api/v1/regions.csv?regions=84&page=3", "/api/v1/certifications?voie=scolaire",
		"/api/inserjeunes/regionales/84?page=4", "/widgets/regions/84/certifications/32032002.csv", "/api/v1/etablissements?regions=11"}
	want := map[string]string{}
	for _, p := range paths {
		want[p] = get(t, s, p).Body.String()
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				p := paths[(g+i)%len(paths)]
				if rec := get(t, s, p); rec.Code != http.StatusOK || rec.Body.String() != want[p] {
					errs <- fmt.Sprintf("%s: %d", p, rec.Code)
				}
			}
			if g == 0 {
				rec := get(t, s, "/api/v1/export/etablissements.csv.gz")
				zr, err := gzip.NewReader(rec.Body)
				if err == nil {
					_, err = io.Copy(io.Discard, zr)
				}
				if err != nil {
					errs <- "export: " + err.Error()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestAPIListResolvesLikeWidget: a code without figures of its own is listed as its widget
// shows it (issue 14 item 1 "any accepted identifier", through issue 12's rules): the Affelnet
// 1re pro 23820022703 by its final year, the Parcoursup 1st-year BTS 32211022709 by its 2nd
// year, the 2nde commune 23810020006 by its specialties. Each item equals its widget JSON, and
// asking for a code and its final year lists both.
func TestAPIListResolvesLikeWidget(t *testing.T) {
	s := newServer(t, true)
	rec := get(t, s, "/api/v1/regions?codes=23820022703,23830022703,32211022709,23810020006&regions=84&items_par_page=1000")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	list := decode(t, rec.Body.Bytes())
	got := map[string]int{}
	for _, it := range items(t, list) {
		item := itemIsWidget(t, s, it)
		got[it["code_certification"].(string)]++
		if it["code_certification"] == "23820022703" && !strings.Contains(string(item), `"regle":"annee_terminale"`) {
			t.Errorf("23820022703 is not said to show its final year: %s", item)
		}
	}
	for _, c := range []string{"23820022703", "23830022703", "32211022709"} {
		if got[c] != 1 {
			t.Errorf("%s listed %d times, want once (region 84, newest millésime): %v", c, got[c], got)
		}
	}
	// The family's specialties, each once (those with figures in 84 for the newest millésime).
	res := s.store.Current().Resolve(widget.Code{Kind: widget.KindMEFSTAT11, Value: "23810020006"})
	if res.Famille == nil {
		t.Fatalf("23810020006 is no longer a 2nde commune: %+v", res)
	}
	specialites := 0
	for _, sp := range res.Famille.Specialites {
		if n := got[sp.Resolution.Demande.Value]; n > 1 {
			t.Errorf("specialty %s listed %d times", sp.Resolution.Demande, n)
		}
		specialites += got[sp.Resolution.Demande.Value]
	}
	if got["23810020006"] != 0 || specialites == 0 || specialites+3 != len(got) {
		t.Errorf("the 2nde commune should be listed by its %d specialties: %v", len(res.Famille.Specialites), got)
	}
	// France: one item, the newest millésime, for the 1st year too.
	rec = get(t, s, "/api/v1/certifications?codes=23820022703")
	if its := items(t, decode(t, rec.Body.Bytes())); len(its) != 1 || its[0]["code_certification"] != "23820022703" {
		t.Errorf("France 23820022703: %d items %s", len(its), rec.Body)
	}
}

// TestAPIListCoversCatalogues: for every MEFSTAT11 of the two real partner catalogues
// (Affelnet 2021, Parcoursup 2023 BTS), the France list filtered by that code is non-empty
// exactly when its widget has a row to show (figures, or a masked cohort): a platform fetching its catalogue through the API gets
// what its widgets show (issue 14 item 1 with issue 12's rules).
func TestAPIListCoversCatalogues(t *testing.T) {
	dir := realdata.RealDir(t)
	s := newServer(t, true)
	snap := s.store.Current()
	for _, cat := range []struct{ file, column string }{
		{"affelnet_capacite_voeux_2021_uai_mefstat11.csv", "MEF STAT 11"},
		{"parcoursup_bts_capacite_voeux_2023_uai_mefstat11_cfd.csv", "MEFSTAT11"},
	} {
		f, err := os.Open(filepath.Join(dir, cat.file))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.Comma = ';'
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", cat.file, err)
		}
		col := slices.Index(rows[0], cat.column)
		seen := map[string]bool{}
		listed, byRule := 0, 0
		for _, row := range rows[1:] {
			mef := row[col]
			if seen[mef] {
				continue
			}
			seen[mef] = true
			q, err := dataapi.ParseQuery(url.Values{"codes": {mef}, "items_par_page": {"1000"}}, dataapi.V1)
			if err != nil {
				t.Fatalf("%s %s: %v", cat.file, mef, err)
			}
			sel, err := dataapi.Select(snap, widget.ScopeCertification, q, dataapi.V1)
			if err != nil {
				t.Fatalf("%s %s: %v", cat.file, mef, err)
			}
			req, err := dataapi.Request(widget.ScopeCertification, dataapi.Key{Code: widget.Code{Kind: widget.KindMEFSTAT11, Value: mef}}, s.opts)
			if err != nil {
				t.Fatalf("%s %s: %v", cat.file, mef, err)
			}
			v, err := widget.Build(req, snap)
			if err != nil {
				t.Fatalf("%s %s: %v", cat.file, mef, err)
			}
			// A row, even masked, is an item; the widget says "no data" only without one.
			hasRow := false
			for _, b := range v.Blocs {
				hasRow = hasRow || (b.State != widget.StateSansDonnee && b.State != widget.StateInconnu)
			}
			if (len(sel.Keys) > 0) != hasRow {
				t.Errorf("%s %s: the list has %d items, the widget has a row: %v", cat.file, mef, len(sel.Keys), hasRow)
			}
			if len(sel.Keys) > 0 {
				listed++
				if snap.Resolve(req.Code).Affiche != req.Code {
					byRule++
				}
			}
		}
		t.Logf("%s: %d MEFSTAT11, %d listed, %d of them through issue 12's rules", cat.file, len(seen), listed, byRule)
		if byRule == 0 {
			t.Errorf("%s: no code listed through a rule: the test no longer tests the rules", cat.file)
		}
	}
}

// TestLegacyDonneeSource: the predecessor's routes say whose figures they serve, as /api/v1
// does (SPEC §2 donnee_source, §4 rule 9; tester defect 3: they claimed "self" for the code
// asked): a renamed diploma's predecessor (ancienne), a 1st year's final year (self, of the
// final-year code).
func TestLegacyDonneeSource(t *testing.T) {
	s := newServer(t, true)
	for _, tc := range []struct{ code, source, typ string }{
		{"23830022707", "23830022703", "ancienne"},
		{"23820022703", "23830022703", "self"},
		{"32211022709", "32221022709", "self"},
		{"32032002", "32032002", "self"},
	} {
		v1 := items(t, decode(t, get(t, s, "/api/v1/certifications?codes="+tc.code).Body.Bytes()))
		for _, path := range []string{"/api/inserjeunes/certifications?code_certifications=" + tc.code, "/api/inserjeunes/certifications/" + tc.code} {
			rec := get(t, s, path)
			var ds struct {
				DonneeSource struct {
					CodeCertification string `json:"code_certification"`
					Type              string `json:"type"`
				} `json:"donnee_source"`
			}
			body := rec.Body.Bytes()
			if strings.Contains(path, "?") {
				var l struct{ Certifications []json.RawMessage }
				if err := json.Unmarshal(body, &l); err != nil || len(l.Certifications) != 1 {
					t.Fatalf("%s: %s", path, body)
				}
				body = l.Certifications[0]
			}
			if err := json.Unmarshal(body, &ds); err != nil {
				t.Fatalf("%s: %v %s", path, err, body)
			}
			if ds.DonneeSource.CodeCertification != tc.source || ds.DonneeSource.Type != tc.typ {
				t.Errorf("%s: donnee_source %+v, want %s %s", path, ds.DonneeSource, tc.source, tc.typ)
			}
		}
		if len(v1) != 1 {
			t.Fatalf("/api/v1 %s: %d items", tc.code, len(v1))
		}
		if d, _ := v1[0]["donnee_source"].(map[string]any); tc.typ != "self" && (d["code_certification"] != tc.source || d["type"] != tc.typ) {
			t.Errorf("/api/v1 %s: donnee_source %v", tc.code, d)
		}
	}
}

// TestAPIEtablissementsOnlyShown: the establishment lists hold only what their widgets show
// (tester defect 2: 1,020 of the 6,116 default items were pas_de_donnees or non_publie, whose
// widget JSON is a 404), in the default view and for a millésime asked.
func TestAPIEtablissementsOnlyShown(t *testing.T) {
	s := newServer(t, true)
	for _, q := range []string{"", "&millesimes=2022_2023", "&millesimes=2019_2020,2023_2024"} {
		rec := get(t, s, "/api/v1/etablissements?items_par_page=1000"+q)
		list := decode(t, rec.Body.Bytes())
		total := int(list["pagination"].(map[string]any)["total"].(float64))
		bad, n := map[string]int{}, 0
		for page := 1; (page-1)*1000 < total; page++ {
			l := decode(t, get(t, s, fmt.Sprintf("/api/v1/etablissements?items_par_page=1000&page=%d%s", page, q)).Body.Bytes())
			for _, it := range items(t, l) {
				n++
				if st := it["state"].(string); st != string(widget.StateOK) && st != string(widget.StatePartiel) {
					bad[st]++
				}
			}
		}
		if n != total || len(bad) > 0 || total == 0 {
			t.Errorf("etablissements%s: %d items of %d, states without figures %v", q, n, total, bad)
		}
		t.Logf("etablissements%s: %d items", q, total)
	}
	if l := decode(t, get(t, s, "/api/v1/etablissements?uais=0021923E").Body.Bytes()); l["pagination"].(map[string]any)["total"] != 0.0 {
		t.Errorf("0021923E (CFA rows for 2018-2020 only) is listed: %v", l)
	}
}

// TestAPIListIdentifiant: an item a partner identifier selected says which one (tester defect
// 4), in the JSON and the CSV's identifiant column; the rest of the item is the widget JSON of
// its code.
func TestAPIListIdentifiant(t *testing.T) {
	s := newServer(t, true)
	its := items(t, decode(t, get(t, s, "/api/v1/certifications?codes=RNCP:34700,ONISEP:FOR.5614,32032002").Body.Bytes()))
	ids := map[string]int{}
	for _, it := range its {
		id, _ := it["identifiant"].(string)
		ids[id]++
		itemIsWidget(t, s, it, "identifiant")
	}
	if ids["RNCP:34700"] == 0 || ids["ONISEP:FOR.5614"] == 0 || ids[""] != 1 {
		t.Errorf("identifiants %v, want RNCP:34700, ONISEP:FOR.5614 and one item of the code asked", ids)
	}
	r := csv.NewReader(strings.NewReader(get(t, s, "/api/v1/certifications.csv?codes=RNCP:34700,ONISEP:FOR.5614").Body.String()))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("%v %d rows", err, len(rows))
	}
	col := slices.Index(rows[0], "identifiant")
	for _, row := range rows[1:] {
		if row[col] != "RNCP:34700" && row[col] != "ONISEP:FOR.5614" {
			t.Errorf("CSV row without its identifiant: %v", row)
		}
	}
}
