package server

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
	"github.com/ijwidgets/ijwidgets/widget/legacy"
)

// openAPIModel parses and validates the document served at /api/openapi.json with pb33f's
// libopenapi (OpenAPI 3.1) and its validator (the document against the 3.1 schema).
func openAPIModel(t *testing.T, s *Server) *v3.Document {
	t.Helper()
	rec := get(t, s, "/api/openapi.json")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	doc, err := libopenapi.NewDocument(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Errorf("version %s", v)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("invalid document: %s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s at %s", se.Reason, se.KeywordLocation)
			}
		}
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	return &m.Model
}

// undocumented returns the routes registered in echo under /api that the document does not
// describe with a GET operation having a description (any method: HEAD and OPTIONS are answered
// for a GET route only). Echo's ":name" is the document's "{name}".
func undocumented(routes []*echo.Route, doc *v3.Document) []string {
	var out []string
	for _, r := range routes {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		item, ok := doc.Paths.PathItems.Get(openAPIPath(r.Path))
		if !ok || item.Get == nil || strings.TrimSpace(item.Get.Description) == "" {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jsonFields are the JSON names of a struct's fields, embedded structs flattened.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// TestOpenAPI: the document validates; it describes every route under /api, and the comparison
// fails for one that is not; its schemas name every field of the item, the pagination and the
// predecessor's statistics.
func TestOpenAPI(t *testing.T) {
	s := newServer(t, true)
	doc := openAPIModel(t, s)
	if missing := undocumented(s.echo.Routes(), doc); len(missing) > 0 {
		t.Errorf("routes under /api not in the OpenAPI document: %v", missing)
	}
	n := 0
	for _, r := range s.echo.Routes() {
		if strings.HasPrefix(r.Path, "/api/") && r.Method == http.MethodGet {
			n++
		}
	}
	if n < 25 || doc.Paths.PathItems.Len() != n {
		t.Errorf("%d GET routes under /api, %d paths", n, doc.Paths.PathItems.Len())
	}
	t.Run("a route added without a description fails", func(t *testing.T) {
		s := newServerConfig(t, testConfig(t), "", nil)
		s.echo.GET("/api/v1/temporaire/:code", func(c echo.Context) error { return nil })
		got := undocumented(s.echo.Routes(), openAPIModel(t, s))
		if !slices.Equal(got, []string{"GET /api/v1/temporaire/:code"}) {
			t.Errorf("undocumented = %v, want the temporary route", got)
		}
	})
	// A schema, or "schema.property" for an object property described inline.
	for schema, typ := range map[string]reflect.Type{
		"Item": reflect.TypeFor[dataapi.Item](), "Pagination": reflect.TypeFor[dataapi.Pagination](),
		"LegacyStats": reflect.TypeFor[legacy.Stats](), "List": reflect.TypeFor[dataapi.List](),
		"Item.pictogrammes": reflect.TypeFor[widget.PictogrammesJSON](), "Item.donnee_source": reflect.TypeFor[widget.DonneeSourceJSON](),
		"Item.salaire_12_mois": reflect.TypeFor[widget.SalaireJSON](), "Item.liens": reflect.TypeFor[dataapi.Liens](),
		"LegacyStats.diplome": reflect.TypeFor[legacy.Diplome](), "LegacyStats.donnee_source": reflect.TypeFor[legacy.DonneeSource](),
		"LegacyStats._meta": reflect.TypeFor[legacy.Meta](),
	} {
		name, property, nested := strings.Cut(schema, ".")
		proxy, ok := doc.Components.Schemas.Get(name)
		if nested && ok {
			proxy, ok = proxy.Schema().Properties.Get(property)
		}
		if !ok || proxy.Schema().Properties == nil {
			t.Errorf("no schema %s, or without properties", schema)
			continue
		}
		sc := proxy.Schema()
		for _, f := range jsonFields(typ) {
			if _, ok := sc.Properties.Get(f); !ok {
				t.Errorf("schema %s lacks the field %s of %s", schema, f, typ)
			}
		}
		for p := range sc.Properties.KeysFromOldest() {
			if !slices.Contains(jsonFields(typ), p) {
				t.Errorf("schema %s has %s, which %s does not", schema, p, typ)
			}
		}
	}
	rec := get(t, s, "/api/docs")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "GET /api/v1/regions.csv") || !strings.Contains(body, "items_par_page") ||
		strings.Contains(body, "<script") || strings.Contains(body, "https://cdn") || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("/api/docs: %d %v", rec.Code, rec.Header())
	}
}

// paramValues are valid values of the document's query and path parameters (by component name):
// every value of an enum is tried besides.
var paramValues = map[string]string{
	"codes": "32032002", "regions": "11", "uais": "0010001W", "academies": "01", "millesimes": "2022_2023",
	"millesimes_legacy": "2022_2023", "code_certifications": "32032002", "voie": "apprentissage", "page": "1",
	"items_par_page": "1", "items_par_page_legacy": "1", "millesime_legacy": "2022_2023", "theme": "dsfr",
	"region_legacy": "11", "last": "32032002.json",
}

// TestOpenAPIParamsAccepted: every query parameter a route declares answers, with a valid value,
// something else than a 400 (issue 14 defect 7: /api/v1/regions declared uais, the
// establishments codes and voie, the predecessor's regionales uais and academies, all a 400), so
// the description cannot drift from the handlers again.
func TestOpenAPIParamsAccepted(t *testing.T) {
	s := newServer(t, true)
	doc := openAPIDocument(s.apiRoutes())
	comps := doc["components"].(obj)["parameters"].(obj)
	for _, r := range s.apiRoutes() {
		path := r.path
		for _, p := range r.op.params {
			if c := comps[p].(obj); c["in"] == "path" {
				v := paramValues[p]
				if p == "last" && strings.Contains(path, "/formations/") {
					v = "0751234J-23220034307.json" // {uai}-{code}
				}
				path = strings.Replace(path, ":"+c["name"].(string), v, 1)
			}
		}
		for _, p := range r.op.params {
			c := comps[p].(obj)
			if c["in"] != "query" {
				continue
			}
			values := []string{paramValues[p]}
			if e, ok := c["schema"].(obj)["enum"].([]string); ok {
				values = e
			}
			for _, v := range values {
				if v == "" {
					t.Fatalf("no valid value for %s", p)
				}
				u := path + "?" + url.Values{c["name"].(string): {v}}.Encode()
				if rec := get(t, s, u); rec.Code == http.StatusBadRequest || rec.Code >= 500 {
					t.Errorf("%s (declared): %d %s", u, rec.Code, rec.Body)
				}
			}
		}
	}
}

// TestOpenAPIResponses: the negotiated lists describe their CSV, every /api/v1 route its 404
// introuvable and every data route its 405 methode_non_autorisee, as they answer them.
func TestOpenAPIResponses(t *testing.T) {
	s := newServer(t, true)
	doc := openAPIModel(t, s)
	for path, item := range doc.Paths.PathItems.FromOldest() {
		if !strings.HasPrefix(path, "/api/v1/") && !strings.HasPrefix(path, "/api/inserjeunes/") {
			continue
		}
		codes := item.Get.Responses.Codes
		ok, _ := codes.Get("200")
		_, csvOK := ok.Content.Get("text/csv")
		negotiated := strings.HasPrefix(path, "/api/v1/") && !strings.Contains(path, ".") && !strings.HasPrefix(path, "/api/v1/export/")
		if negotiated && !csvOK {
			t.Errorf("%s: the 200 does not describe text/csv", path)
		}
		want := []string{"405"}
		if strings.HasPrefix(path, "/api/v1/") {
			want = append(want, "404")
		}
		for _, code := range want {
			r, ok := codes.Get(code)
			if !ok {
				t.Errorf("%s: no %s", path, code)
				continue
			}
			if mt, ok := r.Content.Get("application/json"); !ok || mt.Schema == nil {
				t.Errorf("%s %s: no JSON body", path, code)
			}
		}
	}
	for _, c := range []struct {
		method, path, code string
		status             int
	}{
		{http.MethodGet, "/api/v1/regions/nulle-part", "introuvable", 404},
		{http.MethodPost, "/api/v1/regions", "methode_non_autorisee", 405},
		{http.MethodDelete, "/api/inserjeunes/regionales", "methode_non_autorisee", 405},
	} {
		rec := do(s, c.method, c.path, "")
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), `"error":"`+c.code+`"`) {
			t.Errorf("%s %s: %d %s", c.method, c.path, rec.Code, rec.Body)
		}
	}
}
