package widget

import (
	"net/url"
	"strings"
	"testing"
)

// snippetView is a view of region 11, 32032002 asked with q (Texts as Build would write them,
// with characters to escape).
func snippetView(t *testing.T, q url.Values, opt Options) View {
	t.Helper()
	r, err := ParseRequest(ScopeRegion, "11", "32032002", q, opt)
	if err != nil {
		t.Fatal(err)
	}
	return View{Request: r, Texts: Texts{Title: `Les "apprentis" & l'emploi`, Alt: "Sur 10 apprentis, 3 ont un emploi 6 mois après."}}
}

var snippetOpts = Options{Themes: []string{"dsfr", "alt"}, Partners: map[string]Partner{"onisep": {Audience: AudienceCollege}}}

// TestSnippets: the four embed codes of one widget, exactly: script first and recommended, no
// style attribute anywhere (issue 13: a partner CSP without 'unsafe-inline' refuses them),
// sizes as attributes, both SVG layouts in a <picture>.
func TestSnippets(t *testing.T) {
	v := snippetView(t, url.Values{"title": {"0"}, "partner": {"onisep"}, "utm_source": {"x"}}, snippetOpts)
	sn := Snippets("https://widgets.example.fr", v, SnippetOptions{Options: snippetOpts, FrameHeight: 700,
		Images: []ImageSize{{LayoutVertical, 320, 512}, {LayoutHorizontal, 720, 301}}})
	src := "https://widgets.example.fr/widgets/regions/11/certifications/32032002?title=0&amp;partner=onisep"
	frame := `<iframe src="` + src + `" title="Les &#34;apprentis&#34; &amp; l&#39;emploi" width="100%" height="700" frameborder="0" loading="lazy"></iframe>`
	want := []Snippet{
		{SnippetScript, "Script (recommandé)", true, `<div data-ijwidget="/widgets/regions/11/certifications/32032002?title=0" data-partner="onisep">` + "\n  " +
			strings.Replace(frame, `partner=onisep"`, `partner=onisep#ijw=ijw-580d2322"`, 1) + "\n</div>\n" +
			`<script src="https://widgets.example.fr/embed.js" async></script>`},
		{SnippetIFrame, "Iframe (sans script, hauteur fixe)", false, frame},
		{SnippetImage, "Image (sans script ni iframe)", false, "<picture>\n" +
			`  <source media="(min-width: 768px)" srcset="https://widgets.example.fr/widgets/regions/11/certifications/32032002.svg?title=0&amp;partner=onisep&amp;layout=horizontal" width="720" height="301">` + "\n" +
			`  <img src="https://widgets.example.fr/widgets/regions/11/certifications/32032002.svg?title=0&amp;partner=onisep" alt="Sur 10 apprentis, 3 ont un emploi 6 mois après." width="320" height="512" loading="lazy">` + "\n" +
			"</picture>"},
		{SnippetOEmbed, "Adresse oEmbed (CMS)", false, "https://widgets.example.fr/widgets/regions/11/certifications/32032002?title=0&partner=onisep"},
	}
	if len(sn) != len(want) {
		t.Fatalf("%d snippets, want %d: %+v", len(sn), len(want), sn)
	}
	for i := range want {
		if sn[i] != want[i] {
			t.Errorf("snippet %d\n got %+v\nwant %+v", i, sn[i], want[i])
		}
		if strings.Contains(sn[i].Code, "style") {
			t.Errorf("%s snippet has a style: %s", sn[i].Kind, sn[i].Code)
		}
	}
}

// TestImageSnippetLayouts: an asked layout is the only one; the layout parameter is written at
// its place in QueryOrder; a layout not measured leaves the <img> alone.
func TestImageSnippetLayouts(t *testing.T) {
	sizes := []ImageSize{{LayoutVertical, 320, 500}, {LayoutHorizontal, 720, 300}}
	base := "https://w.example/widgets/regions/11/certifications/32032002.svg"
	tests := []struct {
		name  string
		q     url.Values
		sizes []ImageSize
		want  string
	}{
		{"horizontal asked", url.Values{"layout": {"horizontal"}, "vue": {"filieres"}}, sizes,
			`<img src="` + base + `?layout=horizontal&amp;vue=filieres" alt="A" width="720" height="300" loading="lazy">`},
		{"vertical asked", url.Values{"layout": {"vertical"}, "theme": {"alt"}}, sizes,
			`<img src="` + base + `?theme=alt" alt="A" width="320" height="500" loading="lazy">`},
		{"no sizes", url.Values{}, nil, `<img src="` + base + `" alt="A" loading="lazy">`},
		{"millesime after layout", url.Values{"millesime": {"2021_2022"}}, sizes, "<picture>\n" +
			`  <source media="(min-width: 768px)" srcset="` + base + `?layout=horizontal&amp;millesime=2021_2022" width="720" height="300">` + "\n" +
			`  <img src="` + base + `?millesime=2021_2022" alt="A" width="320" height="500" loading="lazy">` + "\n</picture>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := snippetView(t, tt.q, snippetOpts)
			v.Texts.Alt = "A"
			got := SnippetOf(Snippets("https://w.example", v, SnippetOptions{Options: snippetOpts, Images: tt.sizes}), SnippetImage)
			if got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
