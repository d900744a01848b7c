package server

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPreviewHeight (issue 13): the configurator on the real data, a search and a chosen
// training, is one page under 3,000 px tall at 1280 px (it was 15,500), has no horizontal scroll
// at 360 px, and axe finds no violation; the gallery's first page is bounded too. Screenshots of
// both at 360 and 1280 px are left for a person to look at.
func TestBrowserPreviewHeight(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	s := newServer(t, true)
	s.WarmSearch() // before the browser's clock starts: long under -race
	axe := axeSource(t)
	ctx := browser(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	dir := screenshotDir(t)
	pages := []struct {
		name, path string
		max        int64
	}{
		{"preview-plombier", "/preview?q=plombier&code=50023324", 3000},
		{"preview-mecanique", "/preview?q=mecanique+auto&code=40025214&audience=accompagnateur&vue=filieres", 3000},
		{"preview-infirmier", "/preview?q=infirmier&code=46033104&width=phone&tab=iframe", 3000},
		{"gallery", "/gallery", 6000},
	}
	for _, p := range pages {
		for _, w := range []int64{360, 1280} {
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(w, 900),
				chromedp.Navigate(srv.URL+p.path),
				chromedp.WaitVisible(chromedp.CSS("main")),
			)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(700 * time.Millisecond) // embed.js sizes the live widget
			h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
			if err != nil {
				t.Fatal(err)
			}
			sw, _ := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
			cw, _ := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.clientWidth`))
			t.Logf("%s at %d px: %d px tall", p.name, w, h)
			if w == 1280 && h >= p.max {
				t.Errorf("%s at 1280 px is %d px tall, want under %d", p.name, h, p.max)
			}
			if sw > cw {
				t.Errorf("%s at %d px scrolls sideways: %d > %d", p.name, w, sw, cw)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, w)), png, 0o644); err != nil {
				t.Fatal(err)
			}
			if w == 1280 {
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
					t.Fatal(err)
				}
				res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](
					`axe.run(document, {iframes: false, runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})`,
					chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range res.Violations {
					var targets []string
					for _, n := range v.Nodes {
						targets = append(targets, strings.Join(n.Target, " "))
					}
					t.Errorf("%s: axe %s (%s): %s at %s", p.name, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
				}
			}
		}
	}
}
