package editor

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
)

var testOptions = Options{
	Widget:   widget.Options{Themes: []string{"dsfr", "contrast"}, Templates: []string{"standard", "barre"}},
	Regions:  []Choice{{"", "France entière"}, {"11", "Île-de-France"}},
	Partners: []Choice{{"onisep", "Onisep"}},
}

// TestShareURLRoundTrip (issue 13): the page's address carries the whole configuration; parsing
// it gives the configuration back, and its canonical form is stable.
func TestShareURLRoundTrip(t *testing.T) {
	configs := []Config{
		{},
		{Q: "mécanique auto", Page: 3},
		{Q: "plombier", Code: "50023324", Region: "11", Vue: true, Audience: "college", Theme: "contrast", Scheme: "dark",
			Layout: "horizontal", Template: "barre", NoTitle: true, Partner: "onisep", Width: "phone", Tab: "oembed"},
		{Code: "RNCP:34700", Width: "tablet", Tab: "image"},
	}
	for _, c := range configs {
		if c.Page == 0 {
			c.Page = 1
		}
		if c.Width == "" {
			c.Width = "desktop"
		}
		if c.Tab == "" {
			c.Tab = "script"
		}
		u, err := url.Parse(c.URL())
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse(u.Query(), testOptions)
		if err != nil || got != c {
			t.Errorf("%s: got %+v, %v; want %+v", c.URL(), got, err, c)
		}
		if again := got.URL(); again != c.URL() {
			t.Errorf("canonical URL changed: %s then %s", c.URL(), again)
		}
	}
	if got := (Config{Page: 1, Width: "desktop", Tab: "script"}).URL(); got != "/preview" {
		t.Errorf("default configuration: %s", got)
	}
	full := Config{Q: "plombier", Page: 1, Code: "50023324", Region: "11", Audience: "college", Width: "phone", Tab: "iframe"}
	if got, want := full.URL(), "/preview?audience=college&code=50023324&q=plombier&region=11&tab=iframe&width=phone"; got != want {
		t.Errorf("URL %s, want %s", got, want)
	}
}

// TestParseRefuses: every parameter is checked against its closed list; the sentence never
// repeats the value.
func TestParseRefuses(t *testing.T) {
	for _, tt := range []struct{ query, param string }{
		{"q=%3Cb%3E", "q"}, {"page=0", "page"}, {"page=101", "page"}, {"page=x", "page"},
		{"code=%3Cb%3E", "code"}, {"region=10", "region"}, {"vue=x", "vue"}, {"audience=x", "audience"},
		{"theme=x", "theme"}, {"scheme=x", "scheme"}, {"layout=x", "layout"}, {"template=x", "template"},
		{"title=2", "title"}, {"partner=x", "partner"}, {"width=x", "width"}, {"tab=x", "tab"}, {"q=a&q=b", "q"},
		{"q=a%3Eb", "q"}, {"q=%60x%60", "q"}, {"q=a%00b", "q"}, {"q=a%0Ab", "q"}, {"q=a%FFb", "q"},
		{"q=" + strings.Repeat("é", MaxSearch+1), "q"},
	} {
		q, _ := url.ParseQuery(tt.query)
		c, err := Parse(q, testOptions)
		ie, ok := err.(*widget.InputError)
		if !ok || ie.Param != tt.param || strings.Contains(ie.Message, "<b>") {
			t.Errorf("%s: %v", tt.query, err)
		}
		if c.Q != "" && tt.param == "q" {
			t.Errorf("%s: a refused search is not shown back", tt.query)
		}
	}
}

// TestParseSearchPunctuation (the /preview search defects, item 3): a search with ordinary
// punctuation is taken as typed (the search reads it as separators); before, & « » " ! ? ; +
// were a 400.
func TestParseSearchPunctuation(t *testing.T) {
	for _, q := range []string{
		"Mécanique & auto", "bac pro « commerce »", `"plombier"`, "plombier ?", "vente !", "cap; bac",
		"c++", "RNCP 34700", "ONISEP:FOR.5614", "l’accueil (bts)", "50 %", "#1 @x *", "a\u00a0«\u202fb\u202f»",
		strings.Repeat("é", MaxSearch),
	} {
		c, err := Parse(url.Values{"q": {q}}, testOptions)
		if err != nil || c.Q != q {
			t.Errorf("%q: %q %v", q, c.Q, err)
		}
	}
}

// TestSearchPager: the results say how many there are and link the neighbouring pages, keeping
// the configuration.
func TestSearchPager(t *testing.T) {
	c := Config{Q: "mecanique", Page: 2, Code: "50025218", Width: "desktop", Tab: "script"}
	hits := make([]Hit, PageSize)
	for i := range hits {
		hits[i] = Hit{CFD: "x", Label: "L", Codes: []HitCode{{"50025218", widget.VoieApprentissage}}}
	}
	p := NewPage(c, testOptions, &Results{Total: 45, Hits: hits}, nil, "")
	s := p.Search
	if s.Summary != "45 formations trouvées, 21 à 40." || s.Prev != "/preview?code=50025218&q=mecanique#resultats" || s.Next != "/preview?code=50025218&page=3&q=mecanique#resultats" {
		t.Errorf("%+v", s)
	}
	if !s.Hits[0].Links[0].Current || s.Hits[0].Links[0].Label != "Apprentissage (50025218)" {
		t.Errorf("%+v", s.Hits[0])
	}
	last := NewPage(Config{Q: "mecanique", Page: 3, Width: "desktop", Tab: "script"}, testOptions, &Results{Total: 45, Hits: hits[:5]}, nil, "")
	if last.Search.Next != "" || last.Search.Summary != "45 formations trouvées, 41 à 45." {
		t.Errorf("%+v", last.Search)
	}
}

// FuzzParse: whatever the configurator's query holds, Parse either refuses it with an
// *widget.InputError whose sentence does not repeat a markup-like value, or accepts a
// configuration whose shareable URL parses back to itself.
func FuzzParse(f *testing.F) {
	f.Add("q=plombier&code=50023324&region=11&audience=college&width=phone&tab=iframe")
	f.Add("q=%3Cscript%3E&page=0")
	f.Add("code=RNCP:34700&vue=filieres&theme=contrast&scheme=dark&layout=horizontal&template=barre&title=0&partner=onisep")
	f.Add("q=a%00b&page=99999999999999999999")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		c, err := Parse(q, testOptions)
		if err != nil {
			ie, ok := err.(*widget.InputError)
			if !ok {
				t.Fatalf("%q: %T %v, want an *widget.InputError", raw, err, err)
			}
			for _, vs := range q {
				for _, v := range vs {
					if len(v) >= 3 && strings.ContainsAny(v, "<>\"'") && strings.Contains(ie.Message, v) {
						t.Fatalf("%q: the sentence repeats %q", raw, v)
					}
				}
			}
			return
		}
		u, err := url.Parse(c.URL())
		if err != nil {
			t.Fatalf("%q: URL %q: %v", raw, c.URL(), err)
		}
		back, err := Parse(u.Query(), testOptions)
		if err != nil || back != c {
			t.Fatalf("%q: %s parses to %+v, %v; want %+v", raw, c.URL(), back, err, c)
		}
	})
}
