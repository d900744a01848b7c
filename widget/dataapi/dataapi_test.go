package dataapi

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/widgettest"
)

// catalog is widgettest.Fixture with the keys of its rows and a département file of two entries.
type catalog struct {
	widgettest.Source
	keys map[widget.Scope][]Key
}

func (c catalog) Keys(s widget.Scope) []Key { return c.keys[s] }

func (c catalog) RegionDepartement(dep string) (widget.Region, bool) {
	switch dep {
	case "075":
		return c.Regions["11"], true
	case "971":
		return c.Regions["01"], true
	}
	return widget.Region{}, false
}

func fixture() catalog {
	src := widgettest.Fixture()
	cfd := widget.Code{Kind: widget.KindCFD, Value: "32032002"}
	mef := widget.Code{Kind: widget.KindMEFSTAT11, Value: "23220022349"}
	return catalog{Source: src, keys: map[widget.Scope][]Key{
		widget.ScopeRegion: {
			{Region: "01", Code: cfd, Millesime: "2022_2023"},
			{Region: "11", Code: cfd, Millesime: "2021_2022"},
			{Region: "11", Code: cfd, Millesime: "2022_2023"},
			{Region: "11", Code: mef, Millesime: "2019_2020"},
		},
	}}
}

func TestParseQuery(t *testing.T) {
	cfd := widget.Identifier{Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"}}
	rncp := widget.Identifier{Partner: widget.PartnerID{Kind: widget.KindRNCP, Value: "34700"}}
	tests := []struct {
		name  string
		query string
		p     Params
		want  Query
		param string // the parameter of the 400, "" for none
	}{
		{"defaults", "", V1, Query{Page: 1, ItemsParPage: DefaultItemsParPage}, ""},
		{"everything", "codes=32032002,rncp:34700,32032002&regions=11,75001&uais=0751234j&millesimes=2022_2023&voie=apprentissage&page=3&items_par_page=7&other=x", V1,
			Query{Codes: []widget.Identifier{cfd, rncp}, Regions: []string{"11", "75001"}, UAIs: []string{"0751234J"}, Millesimes: []widget.Millesime{"2022_2023"},
				Voie: widget.VoieApprentissage, Page: 3, ItemsParPage: 7}, ""},
		{"legacy pipes and years", "code_certifications=32032002|32032002&millesimes=2023,2021-2022&academies=01", ListParamsForTest,
			Query{Codes: []widget.Identifier{cfd}, Millesimes: []widget.Millesime{"2022_2023", "2021_2022"}, Academies: []string{"01"}, Page: 1, ItemsParPage: 10}, ""},
		{"empty value", "codes=32032002,,36X32318", V1, Query{}, "codes"},
		{"bad code", "codes=abc", V1, Query{}, "codes"},
		{"region of one digit", "regions=1", V1, Query{}, "regions"},
		{"region of four digits", "regions=7500", V1, Query{}, "regions"},
		{"bad uai", "uais=075", V1, Query{}, "uais"},
		{"bad millesime", "millesimes=2022_2024", V1, Query{}, "millesimes"},
		{"single year is ours to refuse", "millesimes=2023", V1, Query{}, "millesimes"},
		{"bad voie", "voie=pro", V1, Query{}, "voie"},
		{"page 0", "page=0", V1, Query{}, "page"},
		{"page negative", "page=-1", V1, Query{}, "page"},
		{"page past the maximum", "page=1000001", V1, Query{}, "page"},
		{"items over the maximum", "items_par_page=1001", V1, Query{}, "items_par_page"},
		{"items not a number", "items_par_page=1e3", V1, Query{}, "items_par_page"},
		{"twice", "page=1&page=2", V1, Query{}, "page"},
		{"bad academie", "academies=1", ListParamsForTest, Query{}, "academies"},
		{"too many values", "codes=" + strings.Repeat("32032002,", MaxListValues) + "32032002", V1, Query{}, "codes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseQuery(vs, tt.p)
			if tt.param != "" {
				ie, ok := err.(*widget.InputError)
				if !ok || ie.Param != tt.param || ie.Code != "parametre_invalide" {
					t.Fatalf("err = %v, want a 400 on %s", err, tt.param)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// ListParamsForTest are the predecessor's parameters as widget/legacy declares them (that package
// imports this one): the same values, a single-year millésime as the predecessor read it.
var ListParamsForTest = Params{Codes: "code_certifications", Regions: "regions", UAIs: "uais", Academies: "academies",
	Millesimes: "millesimes", Page: "page", ItemsParPage: "items_par_page", DefaultItems: 10, Pipe: true,
	LegacyMillesime: func(s string) (widget.Millesime, error) {
		if s == "2023" {
			return "2022_2023", nil
		}
		if s == "2021-2022" {
			return "2021_2022", nil
		}
		return widget.ParseMillesime(s)
	}}

func TestPostalDepartement(t *testing.T) {
	for cp, want := range map[string]string{"75001": "075", "01000": "001", "97411": "974", "97100": "971", "20000": "02A", "20190": "02A", "20200": "02B", "20600": "02B", "20620": "02B", "20700": "", "20999": "", "98000": "980", "00100": "", "7500": "", "7500A": ""} {
		got, ok := PostalDepartement(cp)
		if got != want || ok != (want != "") {
			t.Errorf("PostalDepartement(%q) = %q, %v; want %q", cp, got, ok, want)
		}
	}
}

func selectKeys(t *testing.T, cat Catalog, scope widget.Scope, query string) (Selection, error) {
	t.Helper()
	vs, _ := url.ParseQuery(query)
	q, err := ParseQuery(vs, V1)
	if err != nil {
		t.Fatal(err)
	}
	return Select(cat, scope, q, V1)
}

func TestSelect(t *testing.T) {
	cat := fixture()
	cfd := widget.Code{Kind: widget.KindCFD, Value: "32032002"}
	mef := widget.Code{Kind: widget.KindMEFSTAT11, Value: "23220022349"}
	tests := []struct {
		query string
		want  []Key
		ms    []widget.Millesime
		param string
	}{
		// The newest millésime of the dataset only (SPEC §5): 23220022349 has none, it is not listed.
		{"", []Key{{Region: "01", Code: cfd, Millesime: "2022_2023"}, {Region: "11", Code: cfd, Millesime: "2022_2023"}}, []widget.Millesime{"2022_2023"}, ""},
		{"regions=75001", []Key{{Region: "11", Code: cfd, Millesime: "2022_2023"}}, []widget.Millesime{"2022_2023"}, ""},
		{"regions=97100,11&millesimes=2019_2020", []Key{{Region: "11", Code: mef, Millesime: "2019_2020"}}, []widget.Millesime{"2019_2020"}, ""},
		{"codes=32032002&millesimes=2021_2022,2022_2023", []Key{{Region: "01", Code: cfd, Millesime: "2022_2023"}, {Region: "11", Code: cfd, Millesime: "2021_2022"}, {Region: "11", Code: cfd, Millesime: "2022_2023"}}, []widget.Millesime{"2021_2022", "2022_2023"}, ""},
		{"voie=scolaire", nil, []widget.Millesime{}, ""},
		{"codes=RNCP:1", nil, []widget.Millesime{}, ""}, // an unknown identifier matches nothing
		{"regions=10", nil, nil, "regions"},
		{"regions=13001", nil, nil, "regions"}, // a département the file does not list
		{"uais=0751234J", nil, nil, "uais"},
	}
	for _, tt := range tests {
		sel, err := selectKeys(t, cat, widget.ScopeRegion, tt.query)
		if tt.param != "" {
			if ie, ok := err.(*widget.InputError); !ok || ie.Param != tt.param {
				t.Errorf("%s: err %v, want a 400 on %s", tt.query, err, tt.param)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		if !slices.Equal(sel.Keys, tt.want) || !slices.Equal(sel.Millesimes, tt.ms) || sel.Pagination.Total != len(tt.want) {
			t.Errorf("%s: %+v %v %+v, want %+v %v", tt.query, sel.Keys, sel.Millesimes, sel.Pagination, tt.want, tt.ms)
		}
	}
	if _, err := selectKeys(t, cat, widget.ScopeCertification, "regions=11"); err == nil {
		t.Error("regions on the France list: no error")
	}
}

// TestPagination: every page of every size covers the selected keys exactly once, in order.
func TestPagination(t *testing.T) {
	cat := fixture()
	all, err := selectKeys(t, cat, widget.ScopeRegion, "millesimes=2019_2020,2021_2022,2022_2023&items_par_page=1000")
	if err != nil || len(all.Keys) != 4 {
		t.Fatalf("%v %v", all.Keys, err)
	}
	for size := 1; size <= 5; size++ {
		var got []Key
		pages := 0
		for page := 1; ; page++ {
			sel, err := selectKeys(t, cat, widget.ScopeRegion, "millesimes=2019_2020,2021_2022,2022_2023&items_par_page="+itoa(size)+"&page="+itoa(page))
			if err != nil {
				t.Fatal(err)
			}
			pages = sel.Pagination.NombreDePage
			if len(sel.Keys) == 0 {
				break
			}
			got = append(got, sel.Keys...)
		}
		if !slices.Equal(got, all.Keys) || pages != (4+size-1)/size {
			t.Errorf("size %d: %v in %d pages", size, got, pages)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestItemIsTheWidgetJSON(t *testing.T) {
	cat := fixture()
	opt := widget.Options{Themes: []string{"dsfr"}}
	k := Key{Region: "11", Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"}, Millesime: "2021_2022"}
	it, err := ItemOf(cat, widget.ScopeRegion, k, opt, "https://widgets.example.fr")
	if err != nil {
		t.Fatal(err)
	}
	req, err := widget.ParseRoute(widget.Route{Scope: widget.ScopeRegion, Region: "11", Last: "32032002.json"}, url.Values{"millesime": {"2021_2022"}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	v, err := widget.Build(req, cat)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(it.ViewJSON, v.JSON()) {
		t.Errorf("item %+v\nwidget %+v", it.ViewJSON, v.JSON())
	}
	// Absolute URLs (issue 14 defect 3: a downloaded file's relative paths pointed nowhere).
	const base = "https://widgets.example.fr/widgets/regions/11/certifications/32032002"
	want := Liens{Widget: base + "?millesime=2021_2022", SVG: base + ".svg?millesime=2021_2022",
		JSON: base + ".json?millesime=2021_2022", CSV: base + ".csv?millesime=2021_2022"}
	if it.Liens != want {
		t.Errorf("liens %+v", it.Liens)
	}
	if *it.TauxEnEmploi6Mois != 23 || *it.TauxEnFormation != 57 || *it.TauxAutres6Mois != 20 { // SPEC §11
		t.Errorf("shares %d/%d/%d", *it.TauxEnEmploi6Mois, *it.TauxEnFormation, *it.TauxAutres6Mois)
	}
}

// TestCSVRows: the rows of a masked cohort and of a missing share leave those cells empty.
func TestCSVRows(t *testing.T) {
	cat := fixture()
	opt := widget.Options{Themes: []string{"dsfr"}}
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Header(); err != nil {
		t.Fatal(err)
	}
	for _, k := range []Key{
		{Region: "11", Code: widget.Code{Kind: widget.KindMEFSTAT11, Value: "23220022349"}, Millesime: "2019_2020"},
		{Region: "01", Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"}, Millesime: "2022_2023"},
	} {
		it, err := ItemOf(cat, widget.ScopeRegion, k, opt, "https://widgets.example.fr")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Item(it.ViewJSON, it.Liens.JSON); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := (func() ([][]string, error) { r := csv.NewReader(&b); r.Comma = ';'; return r.ReadAll() })()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], Columns) {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	col := func(row []string, name string) string { return row[slices.Index(Columns, name)] }
	masked, partial := rows[1], rows[2]
	for name, want := range map[string]string{"state": "effectif_insuffisant", "nb_annee_term": "19", "nb_en_emploi_6_mois": "", "taux_en_emploi_6_mois": "", "taux_en_formation": "", "taux_autres_6_mois": ""} {
		if got := col(masked, name); got != want {
			t.Errorf("masked %s = %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"state": "partiel", "nb_annee_term": "29", "nb_en_emploi_6_mois": "", "taux_en_emploi_6_mois": "", "taux_en_formation": "69", "taux_autres_6_mois": "", "region_code": "01", "region_nom": "Guadeloupe"} {
		if got := col(partial, name); got != want {
			t.Errorf("partial %s = %q, want %q", name, got, want)
		}
	}
}

// FuzzParseQuery: no query makes the parser panic, accept an out-of-range page or size, or
// write the value it refuses into its message.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "codes=32032002&regions=11", "page=2&items_par_page=1000", "regions=75001,97411", "millesimes=2022_2023", "codes=RNCP:34700,ONISEP:FOR.6913", "voie=scolaire", "page=%00", "codes=,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		vs, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, p := range []Params{V1, ListParamsForTest} {
			q, err := ParseQuery(vs, p)
			if err != nil {
				ie, ok := err.(*widget.InputError)
				if !ok || ie.Param == "" || ie.Message == "" {
					t.Fatalf("error %v is not an InputError with param and message", err)
				}
				for _, v := range vs[ie.Param] {
					// Shorter values may be an example of the sentence ("2022").
					if len(v) >= 10 && strings.Contains(ie.Message, v) {
						t.Fatalf("message %q reflects %q", ie.Message, v)
					}
				}
				continue
			}
			if q.Page < 1 || q.Page > MaxPage || q.ItemsParPage < 1 || q.ItemsParPage > MaxItemsParPage {
				t.Fatalf("page %d, items %d", q.Page, q.ItemsParPage)
			}
			if len(q.Codes) > MaxListValues || len(q.Regions) > MaxListValues {
				t.Fatalf("%d codes, %d regions", len(q.Codes), len(q.Regions))
			}
			_ = q.Canonical()
		}
	})
}

// acadCatalog adds establishments and their académies to the fixture.
type acadCatalog struct{ catalog }

func (acadCatalog) AcademieUAI(uai string) (string, bool) {
	a, ok := map[string]string{"0751234J": "01", "0131234A": "02"}[uai]
	return a, ok
}

// TestSelectAcademies: the predecessor's academies filter keeps the establishments of those
// académies; a catalog without académies refuses it rather than ignore it.
func TestSelectAcademies(t *testing.T) {
	c := fixture()
	c.keys[widget.ScopeEtablissement] = []Key{{UAI: "0131234A", Region: "93", Millesime: "2022_2023"}, {UAI: "0751234J", Region: "11", Millesime: "2022_2023"}, {UAI: "9999999Z", Millesime: "2022_2023"}}
	q := Query{Academies: []string{"01"}, Page: 1, ItemsParPage: 10}
	sel, err := Select(acadCatalog{c}, widget.ScopeEtablissement, q, ListParamsForTest)
	if err != nil || len(sel.Keys) != 1 || sel.Keys[0].UAI != "0751234J" || sel.Keys[0].Millesime != "" {
		t.Errorf("%+v %v", sel.Keys, err)
	}
	if _, err := Select(c, widget.ScopeEtablissement, q, ListParamsForTest); err == nil {
		t.Error("academies without an AcademieSource: no error")
	}
}
