package server

import (
	"context"
	"fmt"
	"html"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// PartnerCSP is the policy of the partner page the README documents (issue 13): the embed codes
// need nothing more. SVC is the service's origin.
const PartnerCSP = "default-src 'self'; script-src SVC; frame-src SVC; img-src SVC"

// cspProbeJS runs in every document before its own scripts (DevTools, whatever the page's CSP):
// it records the CSP violations of the partner page.
const cspProbeJS = `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.effectiveDirective + " " + e.blockedURI + " " + (e.sample || ""));
});`

// TestBrowserStrictCSP is the acceptance test of issue 13 (integrators): a partner page on a
// second origin, served with exactly PartnerCSP, pastes the codes copied from /preview (written by
// widget.Snippets; the phone width picked for a narrow page) for the
// column width of the test (the script, the iframe, the image; and a bare div of embed.js), at
// 360 and 1280 px. No CSP violation (event or console); every widget is drawn; the script
// snippet's iframe is as tall as its widget; the plain iframes show the whole widget without an
// inner scroll (also the both-voies counsellor widget, the tallest); the image picks the layout
// for the width; the bare div's iframe is named by its widget. Screenshots for a person to look at.
func TestBrowserStrictCSP(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	dir := realdata.RealDir(t)
	ctx := browser(t)
	ls, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	service, partner := "http://"+ls.Addr().String(), "http://"+lp.Addr().String()
	cfg, err := config.Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.PublicURL = service
	cfg.Partners = []config.Partner{{Key: "site", Name: "Site partenaire", Origins: []string{partner}}}
	sv := newTestServer(t, cfg, dir, loadThemes(t))
	svc := &httptest.Server{Listener: ls, Config: &http.Server{Handler: sv}}
	svc.Start()
	t.Cleanup(svc.Close)

	const (
		college    = "/widgets/regions/11/certifications/32032002?audience=college&partner=site"
		counsellor = "/widgets/regions/11/certifications/32032002?audience=accompagnateur&vue=filieres&partner=site"
		bare       = "/widgets/regions/11/certifications/32032002?audience=lycee&partner=site"
	)
	vCollege, _ := viewOf(t, sv, college)
	vCounsellor, _ := viewOf(t, sv, counsellor)
	vBare, _ := viewOf(t, sv, bare)
	// The codes are copied from /preview, as an editor does: the width picked there is the
	// phone's for a narrow page, the desktop's otherwise.
	previewCodes := func(query string, width int) map[string]string {
		w := "desktop"
		if width < 480 {
			w = "phone"
		}
		body := get(t, sv, "/preview?"+query+"&partner=site&width="+w).Body.String()
		codes := map[string]string{}
		for _, m := range regexp.MustCompile(`<textarea id="ijp-code-(\w+)"[^>]*>([^<]*)</textarea>`).FindAllStringSubmatch(body, -1) {
			codes[m[1]] = html.UnescapeString(m[2])
		}
		if codes["script"] == "" || codes["iframe"] == "" || codes["image"] == "" {
			t.Fatalf("/preview?%s at %s: codes %v", query, w, codes)
		}
		return codes
	}
	pageFor := func(width int) string {
		sn := previewCodes("code=32032002&region=11&audience=college", width)
		counsellorCodes := previewCodes("code=32032002&region=11&audience=accompagnateur&vue=filieres", width)
		return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
			`<title>Page partenaire</title></head><body><h1>Page partenaire</h1>` + "\n" +
			"<h2>Script</h2>\n" + sn["script"] + "\n" +
			"<h2>Iframe</h2>\n" + sn["iframe"] + "\n" +
			"<h2>Iframe, deux voies</h2>\n" + counsellorCodes["iframe"] + "\n" +
			"<h2>Image</h2>\n" + sn["image"] + "\n" +
			`<h2>Div seul</h2>` + "\n" + `<div data-ijwidget="/widgets/regions/11/certifications/32032002" data-partner="site" data-audience="lycee"></div>` +
			"\n</body></html>"
	}
	csp := strings.ReplaceAll(PartnerCSP, "SVC", service)
	ps := &httptest.Server{Listener: lp, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			w.WriteHeader(http.StatusNoContent) // favicon
			return
		}
		width, _ := strconv.Atoi(r.URL.Query().Get("w"))
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageFor(width))
	})}}
	ps.Start()
	t.Cleanup(ps.Close)
	t.Logf("service %s, partner %s, CSP %s", service, partner, csp)

	var mu sync.Mutex
	var console []string
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	messages := chromedp.Console(cctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, fmt.Sprintf("%s (%s %s)", m, m.Source, m.URL))
			mu.Unlock()
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbeJS}); err != nil {
		t.Fatal(err)
	}

	for _, width := range []int64{320, 360, 1280} {
		t.Run(strconv.Itoa(int(width)), func(t *testing.T) {
			// Tall enough that no iframe waits for a scroll (loading="lazy").
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 6000), chromedp.Navigate(partner+"/?w="+strconv.Itoa(int(width)))); err != nil {
				t.Fatal(err)
			}
			waitFor(ctx, t, "every widget drawn and sized", `(() => {
			  const f = [...document.querySelectorAll("iframe[data-ijwidget-frame]")];
			  const img = document.querySelector("img");
			  return f.length === 2 && f.every(x => x.style.height !== "" && x.style.height !== "640px") &&
			    document.querySelectorAll("iframe").length === 4 && img.complete && img.naturalWidth > 0; })()`)
			var fs map[string]frameInfo
			var boxes []iframeBox
			for range 100 { // every document loaded, the sized ones at their height
				fs, err = frames(ctx)
				if err == nil {
					boxes, err = chromedp.Run(ctx, chromedp.Evaluate[[]iframeBox](iframesJS))
				}
				done := err == nil && len(fs) == 4 && len(boxes) == 4
				for _, b := range boxes {
					f, ok := fs[b.Src]
					done = done && ok && f.HasMain && (b.ID == "" || math.Abs(b.Height-f.Bottom) <= 2)
				}
				if done {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if len(boxes) != 4 {
				t.Fatalf("iframes %+v", boxes)
			}
			var sized []iframeBox
			for _, b := range boxes {
				f := fs[b.Src]
				if !f.HasMain || f.Text == "" {
					t.Errorf("iframe %s does not show its widget: %+v", b.Src, f)
				}
				if b.ID != "" {
					sized = append(sized, b)
					continue
				}
				// A plain iframe: the whole widget, nothing to scroll inside.
				if f.Scroll > f.Inner || f.Bottom > float64(f.Inner) {
					t.Errorf("plain iframe %s at %d px: %d px of document in a %d-px frame", b.Src, width, f.Scroll, f.Inner)
				}
				t.Logf("plain iframe %.0f×%.0f px, widget %.0f px, scrollHeight %d: %s", b.Width, b.Height, f.Bottom, f.Scroll, b.Src)
			}
			// The script snippet and the bare div: as tall as their widget (±2 px), nothing to scroll.
			if len(sized) != 2 {
				t.Errorf("embed.js took %d iframes, want 2: %+v", len(sized), boxes)
			}
			for _, b := range sized {
				f := fs[b.Src]
				if !strings.HasSuffix(b.Src, "#ijw="+b.ID) || math.Abs(b.Height-f.Bottom) > 2 || f.Scroll > f.Inner {
					t.Errorf("iframe %s is %.1f px high for a widget of %.1f px (scrollHeight %d, viewport %d)", b.ID, b.Height, f.Bottom, f.Scroll, f.Inner)
				}
				t.Logf("embed.js iframe %s: %.0f×%.0f px, widget %.1f px", b.ID, b.Width, b.Height, f.Bottom)
			}

			// The image: the vertical layout at a phone's width, the horizontal from 768 px, at
			// its own size (never scaled).
			type imgInfo struct {
				Src   string  `json:"src"`
				Width float64 `json:"width"`
				Alt   string  `json:"alt"`
				Nat   int     `json:"nat"`
			}
			im, err := chromedp.Run(ctx, chromedp.Evaluate[imgInfo](`(() => { const i = document.querySelector("img");
			  return {src: i.currentSrc, width: i.getBoundingClientRect().width, alt: i.alt, nat: i.naturalWidth}; })()`))
			if err != nil {
				t.Fatal(err)
			}
			wantLayout, wantWidth := "", 320.0
			if width >= widget.WideBreakpoint {
				wantLayout, wantWidth = "layout=horizontal", 720
			}
			if (wantLayout == "") == strings.Contains(im.Src, "layout=horizontal") || im.Width != wantWidth || im.Alt != vCollege.Texts.Alt || im.Nat == 0 {
				t.Errorf("image %+v, want %q at %.0f px with alt %q", im, wantLayout, wantWidth, vCollege.Texts.Alt)
			}

			// The bare div's iframe is named by its widget; the snippet's keeps its title.
			titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("iframe")].map(f => f.title)`))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{vCollege.Texts.Title, vCollege.Texts.Title, vCounsellor.Texts.Title, vBare.Texts.Title}
			if fmt.Sprint(titles) != fmt.Sprint(want) {
				t.Errorf("iframe titles\n got %q\nwant %q", titles, want)
			}

			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
			if err != nil || len(violations) != 0 {
				t.Errorf("CSP violations in the partner page: %q %v", violations, err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(screenshotDir(t), fmt.Sprintf("partner-csp-%d.png", width)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}

	stop()
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		t.Logf("console: %s", m)
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Content-Security-Policy") ||
			strings.HasPrefix(m, "error") || strings.HasPrefix(m, "exception") {
			t.Errorf("console: %s", m)
		}
	}
}

// TestREADMEPartnerCSP: the README documents exactly the policy TestBrowserStrictCSP serves.
func TestREADMEPartnerCSP(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "Content-Security-Policy: " + strings.ReplaceAll(PartnerCSP, "SVC", "https://widgets.example.fr") + "\n"
	if !strings.Contains(string(b), want) {
		t.Errorf("README lacks %q", want)
	}
}
