package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Debian chromium for a test. It skips when chromium is absent, unless
// CI is set (then chromium is required: .ci/run installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium not found (CI is set; .ci/run installs it): %v", err)
		}
		t.Skip("chromium not found: apt-get install -y chromium to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", false),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// screenshotDir is where the browser tests leave their PNGs: $IJWIDGETS_SCREENSHOTS, or a
// temporary folder.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("IJWIDGETS_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestBrowserWidths opens HTML widgets in chromium at 320, 768 and 1280 px: no horizontal scroll,
// the figures visible as text, and a screenshot of each for a person to look at.
func TestBrowserWidths(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx := browser(t)
	srv := httptest.NewServer(newServer(t, false))
	defer srv.Close()
	dir := screenshotDir(t)
	pages := []struct{ name, path, want string }{
		{"ok", "/widgets/regions/11/certifications/32032002", "30\u202f%"},
		{"long-label", "/widgets/regions/11/certifications/36X32318?millesime=2021_2022", "Regisseur"},
		{"masque", "/widgets/regions/84/certifications/36X32318", "trop petit"},
	}
	for _, p := range pages {
		for _, w := range []int64{320, 768, 1280} {
			t.Run(fmt.Sprintf("%s-%d", p.name, w), func(t *testing.T) {
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(w, 800),
					chromedp.Navigate(srv.URL+p.path),
					chromedp.WaitVisible(chromedp.CSS("main.ijw")),
				)
				if err != nil {
					t.Fatal(err)
				}
				scrollW, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				clientW, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.clientWidth`))
				if err != nil {
					t.Fatal(err)
				}
				text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main.ijw")))
				if err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if scrollW > clientW {
					t.Errorf("horizontal scroll at %d px: scrollWidth %d > clientWidth %d", w, scrollW, clientW)
				}
				if !strings.Contains(text, p.want) {
					t.Errorf("page text lacks %q: %.300s", p.want, text)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, w)), png, 0o644); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}
