package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	browserpkg "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/ijwidgets/ijwidgets/widget"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
)

// probeJS runs first in the partner page: it records the CSP violations of the page and the
// height messages it receives.
const probeJS = `window.__probe = {violations: [], messages: []};
document.addEventListener("securitypolicyviolation", function (e) {
  window.__probe.violations.push(e.effectiveDirective + " " + e.blockedURI);
});
window.addEventListener("message", function (e) {
  if (e.data && e.data.type === "ijwidgets:height") window.__probe.messages.push(e.data.id + ":" + e.data.height);
});`

// twoServers starts the service and a partner site on two local origins (127.0.0.1, two ports):
// the service's public URL is its own address; the partner page carries a strict CSP.
func twoServers(t *testing.T, real bool, partnerPage func(service string) string) (service, partner string) {
	t.Helper()
	ls, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	service, partner = "http://"+ls.Addr().String(), "http://"+lp.Addr().String()
	s := embedServer(t, real, service, []config.Partner{{Key: "site", Name: "Site partenaire", Origins: []string{partner}}})
	svc := &httptest.Server{Listener: ls, Config: &http.Server{Handler: s}}
	svc.Start()
	t.Cleanup(svc.Close)
	csp := "default-src 'none'; script-src 'self' " + service + "; frame-src " + service + "; style-src 'unsafe-inline'"
	body := partnerPage(service)
	scriptRe := regexp.MustCompile(`<script[^>]*></script>`)
	ps := &httptest.Server{Listener: lp, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/probe.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, probeJS)
		case "/":
			page := body
			if r.URL.Query().Has("noscript") { // the page as a CMS that strips scripts leaves it
				page = scriptRe.ReplaceAllString(page, "")
			}
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		default:
			w.WriteHeader(http.StatusNoContent) // favicon
		}
	})}}
	ps.Start()
	t.Cleanup(ps.Close)
	return service, partner
}

// frameInfo is what a widget's own document says of its size.
type frameInfo struct {
	Bottom  float64 `json:"bottom"`  // bottom of main.ijw: the content height
	Scroll  int     `json:"scroll"`  // documentElement.scrollHeight
	Inner   int     `json:"inner"`   // the iframe's viewport height
	Text    string  `json:"text"`    // the widget's title
	HasMain bool    `json:"hasMain"` // the widget is there
	Href    string  `json:"href"`    // the document's URL, fragment included
}

const frameInfoJS = `(() => { const m = document.querySelector("main.ijw"); return {
  bottom: m ? m.getBoundingClientRect().bottom : 0, scroll: document.documentElement.scrollHeight,
  inner: innerHeight, text: m ? m.querySelector("h1").textContent : "", hasMain: !!m && document.readyState === "complete", href: location.href }; })()`

// frames evaluates frameInfoJS in every widget iframe of the page, in an isolated world (the
// iframes are cross-origin to the page), keyed by their document's URL (fragment included).
// A frame that navigates meanwhile gives an error (its world is gone): callers poll again.
func frames(ctx context.Context) (map[string]frameInfo, error) {
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	out := map[string]frameInfo{}
	for _, child := range tree.FrameTree.ChildFrames {
		f := child.Frame
		world, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: f.ID})
		if err != nil {
			return nil, fmt.Errorf("frame %s: %w", f.URL, err)
		}
		byValue := true
		res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: frameInfoJS, ContextID: world.ExecutionContextID, ReturnByValue: &byValue})
		if err != nil {
			return nil, fmt.Errorf("frame %s: %w", f.URL, err)
		}
		if res.ExceptionDetails != nil {
			return nil, fmt.Errorf("frame %s: %s", f.URL, res.ExceptionDetails.Text)
		}
		var fi frameInfo
		if err := json.Unmarshal(res.Result.Value, &fi); err != nil {
			return nil, err
		}
		out[fi.Href] = fi
	}
	return out, nil
}

// iframeBox is an iframe of the partner page as the page lays it out.
type iframeBox struct {
	ID     string  `json:"id"` // data-ijwidget-frame, "" for an iframe embed.js did not take
	Src    string  `json:"src"`
	Height float64 `json:"height"`
	Width  float64 `json:"width"`
}

const iframesJS = `[...document.querySelectorAll("iframe")].map(f => ({id: f.getAttribute("data-ijwidget-frame") || "",
  src: f.src, height: f.getBoundingClientRect().height, width: f.getBoundingClientRect().width}))`

// waitFor evaluates cond every 100 ms until it is true, for at most 200 tries; then it fails
// with the state of the page.
func waitFor(ctx context.Context, t *testing.T, what, cond string) {
	t.Helper()
	for range 200 {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({probe: window.__probe, html: document.body.innerHTML.slice(0, 3000)})`))
	fs, err := frames(ctx)
	t.Fatalf("waiting for %s: still false after 200 tries; page: %s\nframes %+v %v", what, state, fs, err)
}

// TestBrowserEmbed is the acceptance test of issue 5: a partner page on a second origin, under a
// strict CSP, embeds two widgets of different heights with the script snippet. No CSP violation;
// each iframe is as tall as its document (±2 px) and stays so over 3 s; a widget added later is
// taken too; with its scripts stripped, or with JavaScript off, the page still shows both widgets.
func TestBrowserEmbed(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx := browser(t)
	var snippets []string
	service, partner := twoServers(t, false, func(service string) string {
		sv := embedServer(t, false, service, []config.Partner{{Key: "site", Name: "Site"}})
		for _, path := range []string{
			"/widgets/regions/11/certifications/32032002?audience=college&partner=site", // tall: ten pictograms and sentences
			"/widgets/regions/84/certifications/36X32318?partner=site",                  // short: the group is too small
		} {
			v, _ := viewOf(t, sv, path)
			sn := widget.Snippets(service, v, widget.SnippetOptions{Options: sv.opts, FrameHeight: 400})
			snippets = append(snippets, widget.SnippetOf(sn, widget.SnippetScript))
		}
		return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Page partenaire</title>` +
			`<script src="/probe.js"></script></head><body><h1>Page partenaire</h1>` + "\n" +
			snippets[0] + "\n<p>Entre les deux widgets.</p>\n" + snippets[1] + "\n</body></html>"
	})
	t.Logf("service %s, partner %s", service, partner)

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

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(640, 2400), chromedp.Navigate(partner+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "both widgets sized", `(() => { const f = [...document.querySelectorAll("iframe[data-ijwidget-frame]")];
	  return f.length === 2 && window.__probe.messages.length >= 2 && f.every(x => window.__probe.messages.some(m => m === x.getAttribute("data-ijwidget-frame") + ":" + parseInt(x.style.height))); })()`)

	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]iframeBox](iframesJS))
	if err != nil {
		t.Fatal(err)
	}
	checkSizes(ctx, t, boxes, 2)
	if math.Abs(boxes[0].Height-boxes[1].Height) < 100 {
		t.Errorf("the two widgets should differ in height: %.0f and %.0f", boxes[0].Height, boxes[1].Height)
	}

	// Stable over 3 s, sampled every 100 ms, and no height message in that time.
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__probe.messages`))
	samples, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](`new Promise(done => { const s = [];
	  const tick = () => { s.push([...document.querySelectorAll("iframe")].map(f => f.getBoundingClientRect().height));
	    if (s.length === 31) done(s); else setTimeout(tick, 100); }; tick(); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__probe.messages`))
	for i, s := range samples {
		if fmt.Sprint(s) != fmt.Sprint(samples[0]) {
			t.Errorf("sample %d (%d ms): heights %v, first %v", i, i*100, s, samples[0])
		}
	}
	if len(samples) != 31 || len(after) != len(before) {
		t.Errorf("%d samples; height messages before %v, after %v", len(samples), before, after)
	}
	t.Logf("heights %v stable over %d samples; messages %v", samples[0], len(samples), after)

	// A widget added after the load (a single-page application) gets its iframe and its height.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.body.insertAdjacentHTML("beforeend",
	  '<div data-ijwidget="/widgets/certifications/32032002" data-audience="accompagnateur" data-title="Ajouté"></div>')`)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the added widget sized", `(() => { const f = document.querySelector("div[data-title=Ajouté] iframe[data-ijwidget-frame]");
	  return !!f && window.__probe.messages.some(m => m === f.getAttribute("data-ijwidget-frame") + ":" + parseInt(f.style.height)); })()`)
	boxes, err = chromedp.Run(ctx, chromedp.Evaluate[[]iframeBox](iframesJS))
	if err != nil {
		t.Fatal(err)
	}
	checkSizes(ctx, t, boxes, 3)

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(t), "embed-partner.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__probe.violations`))
	if err != nil || len(violations) != 0 {
		t.Errorf("CSP violations in the partner page: %v %v", violations, err)
	}

	// Without scripts: the CMS strips them, or the reader turned JavaScript off.
	for _, v := range []struct {
		name, url string
		noJS      bool
	}{{"scripts stripped", partner + "/?noscript=1", false}, {"JavaScript off", partner + "/", true}} {
		t.Run(v.name, func(t *testing.T) {
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: v.noJS}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(v.url)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
				t.Fatal(err)
			}
			var fs map[string]frameInfo
			for range 100 { // the iframes load on their own
				var err error
				fs, err = frames(ctx)
				ready := err == nil && len(fs) == 2
				for _, f := range fs {
					ready = ready && f.HasMain
				}
				if ready {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]iframeBox](iframesJS))
			if err != nil {
				t.Fatal(err)
			}
			if len(boxes) != 2 || len(fs) != 2 {
				t.Fatalf("iframes %+v, frames %+v", boxes, fs)
			}
			for _, b := range boxes {
				f, ok := fs[b.Src]
				if b.ID != "" || b.Height != 400 || b.Width < 600 || !ok || !f.HasMain || f.Text == "" {
					t.Errorf("iframe %+v, its document %+v: want the snippet's iframe, 400 px high, showing the widget (frames %+v)", b, f, fs)
				}
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := "embed-partner-" + strings.ReplaceAll(v.name, " ", "-") + ".png"
			if err := os.WriteFile(filepath.Join(screenshotDir(t), name), png, 0o644); err != nil {
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

// checkSizes: n widget iframes, each as tall as its document (±2 px) with nothing to scroll.
func checkSizes(ctx context.Context, t *testing.T, boxes []iframeBox, n int) {
	t.Helper()
	fs, err := frames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(boxes) != n || len(fs) != n {
		t.Fatalf("%d iframes and %d frames, want %d: %+v", len(boxes), len(fs), n, boxes)
	}
	for _, b := range boxes {
		f, ok := fs[b.Src]
		if !ok || b.ID == "" || !strings.HasSuffix(b.Src, "#ijw="+b.ID) {
			t.Errorf("iframe %+v has no frame of its own (frames %v)", b, fs)
			continue
		}
		if math.Abs(b.Height-f.Bottom) > 2 || f.Scroll > f.Inner {
			t.Errorf("iframe %s is %.1f px high for a document of %.1f px (scrollHeight %d, viewport %d)", b.ID, b.Height, f.Bottom, f.Scroll, f.Inner)
		}
		t.Logf("iframe %s: %.0f×%.0f px, document %.1f px, %q", b.ID, b.Width, b.Height, f.Bottom, f.Text)
	}
}

// TestBrowserPreview opens the editors' configurator on the real data for 32032002 (issue 13):
// the search finds it, its one live widget is sized to its document, the width toggle, the tabs
// and a changed setting update the page in place and its address, a copy button copies its
// snippet, no console error, no axe violation; screenshots at 1280 and 390 px for a person to
// look at (IJWIDGETS_SCREENSHOTS).
func TestBrowserPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	// The real configuration: the shipped themes, the real data. Loaded and its search index
	// built before the browser's clock starts (both take long under -race).
	cfg, err := config.Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.PublicURL = base
	th := loadThemes(t)
	service := newTestServer(t, cfg, realdata.RealDir(t), th)
	service.WarmSearch()
	ctx := browser(t)
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: service}}
	srv.Start()
	defer srv.Close()

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
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browserpkg.SetPermission, browserpkg.SetPermissionParams{
			Permission: &browserpkg.PermissionDescriptor{Name: name}, Setting: browserpkg.PermissionSettingGranted, Origin: base,
		}); err != nil {
			t.Fatal(err)
		}
	}

	// Search by label, then follow the result.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/preview?q="+url.QueryEscape("communication bts")),
		chromedp.Click(chromedp.CSS(`a[href^="/preview?code=32032002&"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#ijp-cadre iframe`)),
	); err != nil {
		t.Fatal(err)
	}
	// The one live widget is sized to its document by embed.js (the page's own iframe is kept).
	sized := func(width int64) []iframeBox {
		t.Helper()
		var boxes []iframeBox
		for range 100 {
			fs, err := frames(ctx)
			if err == nil {
				boxes, err = chromedp.Run(ctx, chromedp.Evaluate[[]iframeBox](iframesJS))
			}
			done := err == nil && len(fs) == 1 && len(boxes) == 1
			for _, b := range boxes {
				f, ok := fs[b.Src]
				done = done && ok && f.HasMain && math.Abs(b.Height-f.Bottom) <= 2
			}
			if done {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		checkSizes(ctx, t, boxes, 1)
		for _, b := range boxes {
			if !strings.HasSuffix(b.Src, "#ijw=apercu") {
				t.Errorf("embed.js replaced the preview's iframe %+v instead of keeping it", b)
			}
			if width > 0 && math.Abs(b.Width-float64(width)) > 1 {
				t.Errorf("preview width %.0f, want %d", b.Width, width)
			}
		}
		return boxes
	}
	sized(0)
	loc := func() string {
		l, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
		return l
	}

	// The width toggle and the tabs switch in place and keep the address shareable.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-width="phone"]`))); err != nil {
		t.Fatal(err)
	}
	sized(360)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-tab="iframe"]`))); err != nil {
		t.Fatal(err)
	}
	hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[...document.querySelectorAll(".ijp-panneau")].map(p => p.hidden)`))
	if fmt.Sprint(hidden) != "[true false true true]" || loc() != "/preview?q=communication+bts&code=32032002&width=phone&tab=iframe" {
		t.Errorf("tabs: hidden %v, location %s", hidden, loc())
	}
	// A changed setting updates the preview and the codes in place (live update).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.getElementById("ijp-audience"); s.value = "lycee"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the live update", `document.querySelector("#ijp-cadre iframe").src.includes("audience=lycee")`)
	sized(360)
	if l := loc(); l != "/preview?q=communication+bts&code=32032002&width=phone&tab=iframe&audience=lycee" {
		t.Errorf("location after the change: %s", l)
	}
	hidden, _ = chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[...document.querySelectorAll(".ijp-panneau")].map(p => p.hidden)`))
	if fmt.Sprint(hidden) != "[true false true true]" {
		t.Errorf("the live update lost the tab: %v", hidden)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-width="desktop"]`))); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1280, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 1000)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(screenshotDir(t), fmt.Sprintf("preview-32032002-%d.png", width)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000)); err != nil {
		t.Fatal(err)
	}

	headings, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("h1, h2, h3")].map(h => h.tagName + " " + h.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"H1 Configurer un widget", "H2 Résultats", "H2 Communication (BTS) – France entière", "H3 Aperçu", "H3 Code à intégrer"}
	if fmt.Sprint(headings) != fmt.Sprint(want) {
		t.Errorf("headings\n got %q\nwant %q", headings, want)
	}

	// The copy button copies its snippet and says so.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-copy="ijp-code-iframe"]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the copy status", `document.getElementById("ijp-code-iframe-statut").textContent !== ""`)
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#ijp-code-iframe-statut`)))
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	snippet, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#ijp-code-iframe`)))
	if status != "Code copié dans le presse-papiers." || copied != snippet || !strings.HasPrefix(copied, `<iframe src="`+base+`/widgets/certifications/32032002?audience=lycee" title=`) {
		t.Errorf("status %q, clipboard %.120q, snippet %.120q", status, copied, snippet)
	}

	t.Run("axe", func(t *testing.T) {
		axe := axeSource(t)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
			t.Fatal(err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](
			`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Violations {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, strings.Join(n.Target, " "))
			}
			t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
		}
		if len(res.Passes) < 10 {
			t.Errorf("axe ran only %d passing rules: did it run?", len(res.Passes))
		}
	})

	stop()
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		t.Logf("console: %s", m)
		if strings.HasPrefix(m, "error") || strings.HasPrefix(m, "exception") || strings.Contains(m, "Content Security Policy") {
			t.Errorf("console: %s", m)
		}
	}
}
