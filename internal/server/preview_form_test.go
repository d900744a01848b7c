package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/widget"
)

// formValues is what a browser without script submits for the form id of page: its named
// inputs and the selected option of each select (the first when none is), with set applied.
func formValues(t *testing.T, page, id string, set map[string]string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var form *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if v, _ := attr(n, "id"); n.Type == html.ElementNode && n.Data == "form" && v == id {
			form = n
		}
		for c := n.FirstChild; c != nil && form == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form #%s", id)
	}
	if m, _ := attr(form, "method"); m != "get" {
		t.Fatalf("form method %q", m)
	}
	vals := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch {
			case n.Data == "input" && named:
				v, _ := attr(n, "value")
				vals.Set(name, v)
			case n.Data == "select" && named:
				var options, selected []string
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type != html.ElementNode || o.Data != "option" {
						continue
					}
					v, _ := attr(o, "value")
					options = append(options, v)
					if _, sel := attr(o, "selected"); sel {
						selected = append(selected, v)
					}
				}
				if len(selected) == 0 {
					selected = options[:1]
				}
				vals.Set(name, selected[0])
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	for k, v := range set {
		vals.Set(k, v)
	}
	return vals
}

// TestPreviewWithoutScript (issue 13): the configurator is a plain GET form: submitting it as a
// browser without script does (every control by its name, the hidden width and tab kept) gives
// the page of the new configuration, whose share link is that configuration's canonical URL.
func TestPreviewWithoutScript(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	first := get(t, s, "/preview?q=communication&code=32032002&width=tablet&tab=image").Body.String()
	vals := formValues(t, first, "ijp-form", map[string]string{"audience": "lycee", "region": "11"})
	for _, k := range []string{"q", "code", "region", "audience", "theme", "scheme", "layout", "template", "title", "vue", "partner", "width", "tab"} {
		if _, ok := vals[k]; !ok {
			t.Errorf("the form has no control %s", k)
		}
	}
	rec := get(t, s, "/preview?"+vals.Encode())
	body := rec.Body.String()
	for _, want := range []string{
		`<h2 id="ijp-choix">Communication (BTS) – Île-de-France</h2>`,
		`data-ijwidget="/widgets/regions/11/certifications/32032002?audience=lycee"`,
		`<div class="ijp-cadre ijp-l-tablet"`,
		`<div class="ijp-panneau" id="ijp-panneau-image">`,
		`<a href="/preview?audience=lycee&amp;code=32032002&amp;q=communication&amp;region=11&amp;tab=image&amp;width=tablet" id="ijp-partage">`,
	} {
		if rec.Code != 200 || !strings.Contains(body, want) {
			t.Errorf("%d: body lacks %q", rec.Code, want)
		}
	}
	// The share link opens the same page.
	again := get(t, s, "/preview?audience=lycee&code=32032002&q=communication&region=11&tab=image&width=tablet").Body.String()
	if again != body {
		t.Error("the share link gives another page")
	}
}

// TestPreviewIframeHeight (issue 13): the plain iframe code is as tall as templates.FrameHeight
// says for the width the editor picked (a phone's: the tallest down to a 280-px column), and the
// page's live preview starts at the height of the width shown.
func TestPreviewIframeHeight(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	snap := s.store.Current()
	req, err := widget.ParseRequest(widget.ScopeCertification, "", "32032002", url.Values{"audience": {"college"}}, s.opts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := widget.Build(req, snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		width      string
		code, live int
	}{
		{"phone", templates.FrameHeight(v, 360), templates.EstimateHeight(v, 360)},
		{"tablet", templates.FrameHeight(v, 768), templates.EstimateHeight(v, 768)},
		{"desktop", templates.FrameHeight(v, snippetWidth), templates.EstimateHeight(v, 880)},
	} {
		body := get(t, s, "/preview?code=32032002&audience=college&width="+tt.width).Body.String()
		code := fmt.Sprintf(`width=&#34;100%%&#34; height=&#34;%d&#34; frameborder=&#34;0&#34;`, tt.code)
		live := `#ijw=apercu" title="`
		if !strings.Contains(body, `<textarea id="ijp-code-iframe" readonly rows="4" spellcheck="false">&lt;iframe src=`) || !strings.Contains(body, code) {
			t.Errorf("%s: the iframe code is not %d px tall", tt.width, tt.code)
		}
		if i := strings.Index(body, live); i < 0 || !strings.Contains(body[i:], fmt.Sprintf(`width="100%%" height="%d"></iframe>`, tt.live)) {
			t.Errorf("%s: the live preview does not start at %d px", tt.width, tt.live)
		}
	}
	if templates.FrameHeight(v, 360) <= templates.FrameHeight(v, snippetWidth) {
		t.Fatalf("the college widget is no taller at 360 px than at %d: the test shows nothing", snippetWidth)
	}
}
