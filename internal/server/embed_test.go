package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

const testPublicURL = "https://widgets.example.fr"

// testPartners: onisep frames from its origins with its defaults; lba only changes the theme.
var testPartners = []config.Partner{
	{Key: "onisep", Name: "Onisep", Origins: []string{"https://www.onisep.fr", "https://*.onisep.fr"},
		DefaultTheme: "dsfr", DefaultAudience: "college", AllowedThemes: []string{"dsfr"}},
	{Key: "lba", Name: "La bonne alternance", DefaultTheme: "alt"},
}

// embedServer returns a server on the demo data (or the real data) whose public URL is publicURL,
// with testPartners and a second theme "alt" (the DSFR colours with accent #123456).
func embedServer(tb testing.TB, real bool, publicURL string, partners []config.Partner, ancestors ...string) *Server {
	tb.Helper()
	cfg, err := config.Load(nil, "")
	if err != nil {
		tb.Fatal(err)
	}
	cfg.PublicURL, cfg.Partners = publicURL, partners
	cfg.RateLimit = config.RateLimit{} // these tests send many requests from one address: no limit
	if len(ancestors) > 0 {
		cfg.FrameAncestors = ancestors
	}
	dsfr, _ := loadThemes(tb).Get(themes.Default)
	alt := dsfr
	alt.Name, alt.Label, alt.Light.Accent = "alt", "Autre", "#123456"
	th, err := themes.New(dsfr, alt)
	if err != nil {
		tb.Fatal(err)
	}
	if err := cfg.CheckPartnerThemes(th.Names()); err != nil {
		tb.Fatal(err)
	}
	dir := ""
	if real {
		dir = realdata.RealDir(tb)
	}
	return newTestServer(tb, cfg, dir, th)
}

// loadThemes loads the shipped themes.
func loadThemes(tb testing.TB) *themes.Registry {
	tb.Helper()
	th, _, err := themes.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	return th
}

// newTestServer serves the data of dir ("" for the demo) with cfg and th.
func newTestServer(tb testing.TB, cfg config.Config, dir string, th *themes.Registry) *Server {
	tb.Helper()
	st := store.New(0, true)
	if _, err := st.Load(dir); err != nil {
		tb.Fatal(err)
	}
	srv, err := New(cfg, st, th, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

// viewOf builds the view of a widget path (with its query) on s's data.
func viewOf(tb testing.TB, s *Server, path string) (widget.View, url.Values) {
	tb.Helper()
	v, ok := s.ourWidget(s.embed.publicURL+path, s.store.Current())
	u, err := url.Parse(path)
	if !ok || err != nil {
		tb.Fatalf("%s is not a widget page: %v", path, err)
	}
	return v, u.Query()
}

const (
	widgetCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors "
	editorCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	onisepFA  = "'self' https://www.onisep.fr https://*.onisep.fr"
)

// TestEmbedHeaders: widgets are framed by the partner's origins (or the default) and never carry
// X-Frame-Options, even when a middleware set one; every other route is DENY; the preview is
// never stored.
func TestEmbedHeaders(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	restricted := embedServer(t, false, testPublicURL, testPartners, "https://a.example", "https://b.example")
	tests := []struct {
		srv                 *Server
		path                string
		status              int
		csp, xfo, cache, ct string
	}{
		{s, "/widgets/regions/11/certifications/32032002", 200, widgetCSP + "*", "", "public, max-age=300", "text/html; charset=UTF-8"},
		{s, "/widgets/regions/11/certifications/32032002?partner=onisep", 200, widgetCSP + onisepFA, "", "public, max-age=300", "text/html; charset=UTF-8"},
		{s, "/widgets/certifications/32032002?partner=lba", 200, widgetCSP + "*", "", "public, max-age=300", "text/html; charset=UTF-8"},
		{s, "/widgets/regions/11/certifications/32032002.svg?partner=onisep", 200, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + onisepFA, "", "public, max-age=300", "image/svg+xml; charset=utf-8"},
		{s, "/widgets/regions/11/certifications/32032002.json?partner=onisep", 200, "default-src 'none'; frame-ancestors 'none'", "DENY", "public, max-age=300", "application/json"},
		{restricted, "/widgets/regions/11/certifications/32032002", 200, widgetCSP + "'self' https://a.example https://b.example", "", "public, max-age=300", "text/html; charset=UTF-8"},
		{restricted, "/widgets/regions/11/certifications/32032002?partner=onisep", 200, widgetCSP + onisepFA, "", "public, max-age=300", "text/html; charset=UTF-8"},
		{s, "/preview", 200, editorCSP, "DENY", "no-store", "text/html; charset=UTF-8"},
		{s, "/preview?code=32032002&region=11", 200, editorCSP, "DENY", "no-store", "text/html; charset=UTF-8"},
		{s, "/preview?code=%3Cb%3E", 400, editorCSP, "DENY", "no-store", "text/html; charset=UTF-8"},
		{s, "/embed.js", 200, "default-src 'none'; frame-ancestors 'none'", "", "public, max-age=300", "text/javascript; charset=utf-8"},
		{s, "/oembed?url=https%3A%2F%2Fwidgets.example.fr%2Fwidgets%2Fcertifications%2F32032002", 200, "default-src 'none'; frame-ancestors 'none'", "DENY", "public, max-age=300", "application/json"},
		{s, "/", 200, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", "DENY", "public, max-age=300", "text/html; charset=UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			// A Secure()-like middleware in front (Echo's default is SAMEORIGIN) must not leak
			// onto the widgets.
			rec := httptest.NewRecorder()
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Frame-Options", "SAMEORIGIN")
				tt.srv.ServeHTTP(w, r)
			})
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			hd := rec.Header()
			xfo := hd.Get("X-Frame-Options")
			if tt.path == "/embed.js" {
				xfo = strings.TrimPrefix(xfo, "SAMEORIGIN") // a script is not framed: either is fine
			}
			if rec.Code != tt.status || hd.Get("Content-Security-Policy") != tt.csp || xfo != tt.xfo ||
				hd.Get("Cache-Control") != tt.cache || hd.Get("Content-Type") != tt.ct || hd.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("got %d\n CSP %q\n XFO %q\n Cache-Control %q\n Content-Type %q\nwant %d\n CSP %q\n XFO %q\n Cache-Control %q\n Content-Type %q",
					rec.Code, hd.Get("Content-Security-Policy"), xfo, hd.Get("Cache-Control"), hd.Get("Content-Type"),
					tt.status, tt.csp, tt.xfo, tt.cache, tt.ct)
			}
		})
	}
}

var linkRe = regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]+)" title="([^"]+)">`)

// TestPublicURLOnly: the URLs the service writes come from public_url, never from Host or
// X-Forwarded-Host.
func TestPublicURLOnly(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	spoof := []string{"Host", "evil.example", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http"}
	for _, path := range []string{
		"/widgets/regions/11/certifications/32032002?audience=college&utm_source=x",
		"/preview?code=32032002",
		"/oembed?url=" + url.QueryEscape(testPublicURL+"/widgets/regions/11/certifications/32032002"),
	} {
		rec := get(t, s, path, spoof...)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), "evil.example") || !strings.Contains(rec.Body.String(), "widgets.example.fr") {
			t.Errorf("%s: %d %.300s", path, rec.Code, rec.Body)
		}
	}
	m := linkRe.FindStringSubmatch(get(t, s, "/widgets/regions/11/certifications/32032002?utm_source=x&audience=lycee&theme=dsfr&partner=onisep", spoof...).Body.String())
	want := testPublicURL + "/oembed?format=json&url=" + url.QueryEscape(testPublicURL+"/widgets/regions/11/certifications/32032002?partner=onisep&audience=lycee")
	if m == nil || html.UnescapeString(m[1]) != want {
		t.Fatalf("discovery link %q, want %q", m, want)
	}
	// A URL on the spoofed host is not ours, whatever the request's Host.
	rec := get(t, s, "/oembed?url="+url.QueryEscape("https://evil.example/widgets/certifications/32032002"), spoof...)
	if rec.Code != http.StatusNotFound {
		t.Errorf("foreign host: %d", rec.Code)
	}
}

// TestOEmbed: oEmbed 1.0 JSON for our widget pages, 404 for any other URL (SPEC §9).
func TestOEmbed(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	page := testPublicURL + "/widgets/regions/11/certifications/32032002"
	title := "Que deviennent les apprentis après cette formation ? Communication (BTS), Île-de-France"
	tests := []struct {
		name, query   string
		status        int
		width, height int
		html          string
	}{
		{"page", "url=" + url.QueryEscape(page), 200, 640, 680,
			`<iframe src="https://widgets.example.fr/widgets/regions/11/certifications/32032002" title="` + title +
				`" width="100%" height="680" frameborder="0" loading="lazy"></iframe>`},
		{"maxwidth and known parameters, in order", "format=json&maxwidth=320&url=" + url.QueryEscape(page+"?millesime=2022_2023&utm_source=x&audience=lycee&partner=lba"), 200, 320, 970, // a phone's: the 280-px height
			`<iframe src="https://widgets.example.fr/widgets/regions/11/certifications/32032002?partner=lba&amp;audience=lycee&amp;millesime=2022_2023" title="` + title +
				`" width="100%" height="970" frameborder="0" loading="lazy"></iframe>`},
		{"maxwidth above the widest layout", "maxwidth=5000&url=" + url.QueryEscape(page), 200, 1200, 510, ""},
		{"maxheight", "maxwidth=800&maxheight=100&url=" + url.QueryEscape(page), 200, 800, 100, ""},
		{"France", "url=" + url.QueryEscape(testPublicURL+"/widgets/certifications/32032002"), 200, 640, 680, ""},
		{"both voies for a counsellor", "maxwidth=800&url=" + url.QueryEscape(page+"?vue=filieres&audience=accompagnateur"), 200, 800, 1670, ""}, // the 640-px height: the column may be that narrow
		{"foreign host", "url=" + url.QueryEscape("https://evil.example/widgets/certifications/32032002"), 404, 0, 0, ""},
		{"other scheme", "url=" + url.QueryEscape("http://widgets.example.fr/widgets/certifications/32032002"), 404, 0, 0, ""},
		{"user info", "url=" + url.QueryEscape("https://x@widgets.example.fr/widgets/certifications/32032002"), 404, 0, 0, ""},
		{"not a widget path", "url=" + url.QueryEscape(testPublicURL+"/preview?code=32032002"), 404, 0, 0, ""},
		{"an image", "url=" + url.QueryEscape(page+".svg"), 404, 0, 0, ""},
		{"unknown certification", "url=" + url.QueryEscape(testPublicURL+"/widgets/certifications/99999999"), 404, 0, 0, ""},
		{"bad parameter", "url=" + url.QueryEscape(page+"?audience=%3Cscript%3E"), 404, 0, 0, ""},
		{"unknown partner", "url=" + url.QueryEscape(page+"?partner=nope"), 404, 0, 0, ""},
		{"not a URL", "url=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404, 0, 0, ""},
		{"no url", "maxwidth=300", 400, 0, 0, ""},
		{"bad maxwidth", "maxwidth=%3Cb%3E&url=" + url.QueryEscape(page), 400, 0, 0, ""},
		{"zero maxheight", "maxheight=0&url=" + url.QueryEscape(page), 400, 0, 0, ""},
		{"xml", "format=xml&url=" + url.QueryEscape(page), 501, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, s, "/oembed?"+tt.query)
			body := rec.Body.String()
			if rec.Code != tt.status || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Fatalf("%d (ACAO %q) %s, want %d", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"), body, tt.status)
			}
			if strings.Contains(body, "<script") || strings.Contains(body, "evil") || strings.Contains(body, "nope") || strings.Contains(body, "<b>") {
				t.Errorf("body reflects the input: %s", body)
			}
			if tt.status != 200 {
				var e struct{ Error, Message, Param string }
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" || e.Param == "" {
					t.Errorf("error body %s: %v", body, err)
				}
				return
			}
			var o OEmbed
			if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil {
				t.Fatal(err)
			}
			if o.Type != "rich" || o.Version != "1.0" || o.ProviderName != ProviderName || o.ProviderURL != testPublicURL+"/" ||
				o.CacheAge != 300 || o.Width != tt.width || o.Height != tt.height || !strings.Contains(o.HTML, `title="`) ||
				!strings.Contains(o.Title, "Communication (BTS)") {
				t.Errorf("got %+v", o)
			}
			if tt.html != "" && o.HTML != tt.html {
				t.Errorf("html\n got %s\nwant %s", o.HTML, tt.html)
			}
			// The script snippet too (issue 13), holding the same iframe under its id.
			frame := strings.Replace(o.HTML, `" title=`, `#ijw=`, 1)
			if !strings.HasPrefix(o.ScriptHTML, `<div data-ijwidget="/widgets/`) || !strings.HasSuffix(o.ScriptHTML, "</div>\n"+`<script src="`+testPublicURL+`/embed.js" async></script>`) ||
				!strings.Contains(o.ScriptHTML, frame[:strings.Index(frame, "#ijw=")+5]) || strings.Contains(o.HTML+o.ScriptHTML, "style") {
				t.Errorf("script_html %s for html %s", o.ScriptHTML, o.HTML)
			}
		})
	}

	t.Run("discovery", func(t *testing.T) {
		m := linkRe.FindStringSubmatch(get(t, s, "/widgets/regions/11/certifications/32032002").Body.String())
		if m == nil {
			t.Fatal("no oEmbed discovery link")
		}
		rec := get(t, s, strings.TrimPrefix(html.UnescapeString(m[1]), testPublicURL))
		var o OEmbed
		if err := json.Unmarshal(rec.Body.Bytes(), &o); rec.Code != 200 || err != nil || o.Title != title || html.UnescapeString(m[2]) != title {
			t.Errorf("discovery %q → %d %s", m[1], rec.Code, rec.Body)
		}
	})
}

// TestPartnerRequests: ?partner= through HTTP: defaults applied, themes restricted, unknown keys 400.
func TestPartnerRequests(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	tests := []struct {
		path   string
		status int
		want   string // in the body
	}{
		{"/widgets/regions/11/certifications/32032002.json", 200, `"audience":"lycee"`},
		{"/widgets/regions/11/certifications/32032002.json?partner=onisep", 200, `"audience":"college"`},
		{"/widgets/regions/11/certifications/32032002.json?partner=onisep&audience=accompagnateur", 200, `"audience":"accompagnateur"`},
		{"/widgets/regions/11/certifications/32032002?partner=onisep", 200, "--ijw-accent:#000091"},
		{"/widgets/regions/11/certifications/32032002?partner=lba", 200, "--ijw-accent:#123456"},
		{"/widgets/regions/11/certifications/32032002?theme=alt", 200, "--ijw-accent:#123456"},
		{"/widgets/regions/11/certifications/32032002.json?partner=nope", 400, `{"error":"parametre_invalide","message":"Ce partenaire n'est pas déclaré sur ce service : vérifiez la clé partner fournie avec le code d'intégration.","param":"partner"}`},
		{"/widgets/regions/11/certifications/32032002.svg?partner=%3Cscript%3E", 400, `"param":"partner"`},
		{"/widgets/regions/11/certifications/32032002?partner=nope", 400, "Paramètre invalide : partner"},
		{"/widgets/regions/11/certifications/32032002.json?partner=onisep&theme=alt", 400, `{"error":"parametre_invalide","message":"Le thème doit être l'un de : dsfr.","param":"theme"}`},
		{"/widgets/regions/11/certifications/32032002.json?partner=lba&theme=alt", 200, `"state":"ok"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, s, tt.path)
			body := rec.Body.String()
			if rec.Code == http.StatusOK {
				body = withStyles(t, s, body)
			}
			if rec.Code != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d %.300s\nwant %d and %q", rec.Code, body, tt.status, tt.want)
			}
			if strings.Contains(body, "nope") || strings.Contains(body, "<script>") {
				t.Errorf("body reflects the input: %.300s", body)
			}
		})
	}
}

// TestWidgetQuery: the written URL of a widget depends on its request alone: defaults (for its
// partner) and unknown parameters left out, values normalised, in queryOrder.
func TestWidgetQuery(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	tests := []struct{ path, want string }{
		{"/widgets/certifications/32032002", ""},
		{"/widgets/certifications/32032002?theme=dsfr&title=1&utm_source=x", ""},
		{"/widgets/certifications/32032002?theme=alt", "theme=alt"},
		{"/widgets/certifications/32032002?partner=lba", "partner=lba"},
		{"/widgets/certifications/32032002?partner=lba&theme=dsfr", "partner=lba&theme=dsfr"},
		{"/widgets/certifications/32032002?partner=onisep&audience=college", "partner=onisep"},
		{"/widgets/certifications/32032002?audience=college", "audience=college"},
		{"/widgets/regions/11/certifications/32032002?millesime=cumul+2021-2022&title=0&vue=filieres&layout=horizontal&audience=superieur",
			"title=0&audience=superieur&layout=horizontal&vue=filieres&millesime=2021_2022"},
		{"/widgets/regions/11/certifications/cfd:40031212,23830031212", ""},
	}
	for _, tt := range tests {
		v, _ := viewOf(t, s, tt.path)
		if got := encode(s.embed.widgetQuery(v.Request, s.opts.Themes)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.path, got, tt.want)
		}
	}
	v, _ := viewOf(t, s, "/widgets/regions/11/certifications/cfd:40031212,23830031212")
	if p := widget.Path(v.Request); p != "/widgets/regions/11/certifications/40031212,23830031212" {
		t.Errorf("path %s", p)
	}
}

// TestPreview: search, choice and cards of the editors' page; bad input is a 400 that says why
// and never repeats it.
func TestPreview(t *testing.T) {
	s := embedServer(t, false, testPublicURL, testPartners)
	tests := []struct {
		path   string
		status int
		want   []string
		frames int // live previews: one when a training is chosen (issue 13: was 20)
	}{
		{"/preview", 200, []string{`<html lang="fr">`, `<label for="ijp-q">Formation : intitulé, métier, code ou identifiant</label>`, `<script src="/embed.js?v=` + static.Version + `" defer>`}, 0},
		{"/preview?q=communication", 200, []string{`<li><span class="ijp-libelle">Communication (BTS)</span> <span class="ijp-aide">intitulé</span> <a href="/preview?code=32032002&amp;q=communication#apercu">Apprentissage (32032002)</a></li>`, `<span role="status">1 formation trouvée, 1 à 1.</span>`}, 0},
		{"/preview?q=comunication", 200, []string{"Résultats pour «\u00a0communication\u00a0».", `Apprentissage (32032002)`}, 0},
		{"/preview?q=RNCP%3A99900", 200, []string{`Conduite de projets de demonstration (Bac pro)`, `Animation de demonstration (Bac pro)`, `<span class="ijp-aide">identifiant</span>`}, 0}, // a partner identifier (issue 12)
		{"/preview?q=zzzz", 200, []string{"Aucune formation des données ne correspond à cette recherche."}, 0},
		// Ordinary punctuation separates words (the /preview search defects, item 3: a 400
		// before); the search box shows it back escaped.
		{"/preview?q=%C2%AB+communication+%C2%BB+%26+%22bts%22+%21", 200, []string{`value="« communication » &amp; &#34;bts&#34; !"`, `Apprentissage (32032002)`}, 0},
		{"/preview?q=rncp+99900", 200, []string{`Conduite de projets de demonstration (Bac pro)`, `<span class="ijp-aide">identifiant</span>`}, 0},
		{"/preview?q=a%3Eb", 400, []string{"La recherche accepte un code ou des mots"}, 0},
		{"/preview?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, []string{"La recherche accepte un code ou des mots"}, 0},
		{"/preview?q=communication&page=0", 400, []string{"Le numéro de page est un entier de 1 à 100."}, 0},
		{"/preview?code=32032002", 200, []string{
			`<h2 id="ijp-choix">Communication (BTS) – France entière</h2>`,
			`<option value="11">Île-de-France</option>`,
			`<div class="ijp-cadre ijp-l-desktop" id="ijp-cadre" tabindex="0" role="region" aria-label="Aperçu du widget (défilable)"><div class="ijp-widget" data-ijwidget="/widgets/certifications/32032002"`,
			`&lt;script src=&#34;https://widgets.example.fr/embed.js&#34; async&gt;&lt;/script&gt;`,
			`<a href="/preview?code=32032002&amp;tab=iframe#integration" data-tab="iframe">Iframe seule</a>`,
			`<div class="ijp-panneau" id="ijp-panneau-iframe" hidden>`,
			`id="ijp-code-oembed" readonly rows="4" spellcheck="false">https://widgets.example.fr/widgets/certifications/32032002<`, // the page URL a CMS discovers oEmbed from
			`<button type="button" data-copy="ijp-code-script" data-status="ijp-code-script-statut">Copier<span class="ijp-sr"> : Script (recommandé)</span></button>`,
		}, 1},
		{"/preview?code=32032002&region=11&partner=onisep&vue=filieres&tab=iframe&width=phone", 200, []string{
			`<option value="11" selected>Île-de-France</option>`, `<option value="onisep" selected>Onisep</option>`,
			`<option value="filieres" selected>Scolaire et apprentissage côte à côte</option>`,
			`<div class="ijp-cadre ijp-l-phone" id="ijp-cadre" tabindex="0" role="region" aria-label="Aperçu du widget (défilable)"><div class="ijp-widget" data-ijwidget="/widgets/regions/11/certifications/32032002?partner=onisep&amp;vue=filieres"`,
			`<a href="/preview?code=32032002&amp;partner=onisep&amp;region=11&amp;tab=iframe&amp;vue=filieres&amp;width=phone#integration" data-tab="iframe" aria-current>`,
			`<div class="ijp-panneau" id="ijp-panneau-script" hidden>`,
		}, 1},
		{"/preview?code=32032002&audience=lycee&theme=alt&scheme=dark&title=0", 200, []string{
			`data-ijwidget="/widgets/certifications/32032002?title=0&amp;theme=alt&amp;audience=lycee&amp;scheme=dark"`,
		}, 1},
		{"/preview?code=99999999", 404, []string{"Cette certification n&#39;est pas connue des données"}, 0},
		{"/preview?code=%3Cscript%3E", 400, []string{"Le code doit être un CFD"}, 0},
		{"/preview?code=32032002&region=10", 400, []string{"La région doit être un code région INSEE"}, 0},
		{"/preview?code=32032002&partner=nope", 400, []string{"Ce partenaire n&#39;est pas déclaré sur ce service."}, 0},
		{"/preview?code=32032002&width=huge", 400, []string{"La largeur vaut phone, tablet ou desktop."}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, s, tt.path)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d: %.300s", rec.Code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if n := strings.Count(body, "<iframe src="); n != tt.frames {
				t.Errorf("%d live previews, want %d", n, tt.frames)
			}
			if n := strings.Count(body, "<textarea"); n != 4*tt.frames {
				t.Errorf("%d code boxes, want %d", n, 4*tt.frames)
			}
			if strings.Contains(body, "alert(1)") || strings.Contains(body, "nope") || strings.Contains(body, "huge") || strings.Count(body, "<script") != 2 {
				t.Errorf("body reflects the input or has other scripts: %.300s", body)
			}
		})
	}
}

// TestStaticScripts: the widget CSS cannot make a height loop, the scripts use no eval, no timer
// and no markup injection, and embed.js stays small.
func TestStaticScripts(t *testing.T) {
	css := static.WidgetCSS
	if regexp.MustCompile(`[0-9.]vh\b`).MatchString(css) || strings.Contains(css, "height:100%") {
		t.Error("widget.css sizes something with vh or height:100%")
	}
	for name, js := range map[string]string{"embed.js": static.EmbedJS, "resize.js": static.ResizeJS} {
		for _, bad := range []string{"eval(", "new Function", "setInterval", "setTimeout", "innerHTML", "document.write", "requestAnimationFrame"} {
			if strings.Contains(js, bad) {
				t.Errorf("%s uses %s", name, bad)
			}
		}
	}
	if !strings.Contains(static.ResizeJS, "ResizeObserver") || !strings.Contains(static.ResizeJS, `type: "ijwidgets:height"`) || !strings.Contains(static.ResizeJS, "Math.ceil") {
		t.Error("resize.js does not post rounded-up heights from a ResizeObserver")
	}
	for _, want := range []string{"e.origin !== origin", "f.contentWindow === e.source", "Math.ceil", "MutationObserver"} {
		if !strings.Contains(static.EmbedJS, want) {
			t.Errorf("embed.js lacks %q", want)
		}
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = zw.Write([]byte(static.EmbedJS))
	_ = zw.Close()
	t.Logf("embed.js: %d bytes, %d gzipped", len(static.EmbedJS), gz.Len())
	if gz.Len() > 2048 {
		t.Errorf("embed.js is %d bytes gzipped, over the 2 KiB budget", gz.Len())
	}
}

// TestQueryOrderMatchesEmbedJS: embed.js appends its data-* parameters in queryOrder (title is
// the iframe's, not a parameter), so a snippet's no-script iframe and the iframe embed.js builds
// have the same URL; widgetQuery writes them in that order.
func TestQueryOrderMatchesEmbedJS(t *testing.T) {
	js, err := static.Files.ReadFile("embed.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var params = \[([^\]]*)\]`).FindSubmatch(js)
	if m == nil {
		t.Fatal("embed.js has no params list")
	}
	want := `"` + strings.Join(queryOrder[1:], `", "`) + `"`
	if got := string(m[1]); got != want {
		t.Errorf("embed.js params %s, want %s", got, want)
	}
	s := embedServer(t, false, testPublicURL, testPartners)
	v, _ := viewOf(t, s, "/widgets/certifications/32032002?millesime=2021_2022&vue=filieres&layout=horizontal&scheme=dark&template=barre&audience=lycee&theme=alt&partner=lba&title=0")
	var keys []string
	for _, p := range s.embed.widgetQuery(v.Request, s.opts.Themes) {
		keys = append(keys, p.Key)
	}
	last := -1
	for _, k := range keys {
		i := slices.Index(queryOrder, k)
		if i <= last {
			t.Errorf("written query %v is not in queryOrder %v", keys, queryOrder)
		}
		last = i
	}
}

// TestOEmbedHrefEscape: the discovery URL written in place is the one url.QueryEscape wrote, for
// every byte and for requests with and without query parameters.
func TestOEmbedHrefEscape(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, s := range []string{"", "https://w.example.fr/widgets/certifications/32032002?theme=a b&x=é", string(all)} {
		if got, want := string(appendQueryEscape(nil, []byte(s))), url.QueryEscape(s); got != want {
			t.Errorf("appendQueryEscape(%q) = %q, want %q", s, got, want)
		}
	}
	e := embedding{publicURL: "https://widgets.example.fr"}
	for _, r := range []widget.Request{
		{Scope: widget.ScopeRegion, Region: "11", Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"}, Codes: []widget.Code{{Kind: widget.KindCFD, Value: "32032002"}}},
		{Scope: widget.ScopeCertification, Codes: []widget.Code{{Kind: widget.KindCFD, Value: "32032002"}}, HideTitle: true, Theme: "sombre", Millesime: "2022_2023", Filieres: true},
	} {
		page := e.publicURL + widget.WithQuery(widget.Path(r), e.widgetQuery(r, []string{"defaut"}))
		want := e.publicURL + "/oembed?format=json&url=" + url.QueryEscape(page)
		if got := e.oembedHref(r, []string{"defaut"}); got != want {
			t.Errorf("oembedHref = %q, want %q", got, want)
		}
	}
}
