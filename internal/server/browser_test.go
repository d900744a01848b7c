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

// TestBrowserWidths opens each audience's HTML widget in chromium at 320, 768 and 1280 px: no
// horizontal scroll, the figures visible as text, and a screenshot of each for a person to look at.
func TestBrowserWidths(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx := browser(t)
	srv := httptest.NewServer(newServer(t, false))
	defer srv.Close()
	dir := screenshotDir(t)
	pages := []struct{ name, path, want string }{
		{"ok-college", "/widgets/regions/11/certifications/32032002?audience=college", "3 apprentis sur 10 ont un travail"},
		{"ok-lycee", "/widgets/regions/11/certifications/32032002?audience=lycee", "30\u202f%"},
		{"ok-superieur", "/widgets/regions/11/certifications/32032002?audience=superieur", "12 mois après : 34\u202f%"},
		{"ok-accompagnateur", "/widgets/regions/11/certifications/32032002?audience=accompagnateur", "150 sur 500 apprentis"},
		{"filieres-accompagnateur", "/widgets/regions/11/certifications/23220034307?vue=filieres&audience=accompagnateur", "En apprentissage"},
		{"long-label", "/widgets/regions/11/certifications/36X32318?millesime=2021_2022", "Régisseur"},
		{"masque", "/widgets/regions/84/certifications/36X32318", "trop petit"},
		// Issue 12's states.
		{"annee-terminale", "/widgets/regions/11/certifications/23810099901", "dernière année"},
		{"famille", "/widgets/regions/11/certifications/23810099900", "Conduite de projets"},
		{"ancienne", "/widgets/regions/11/certifications/50099911?audience=lycee", "Chiffres du diplôme précédent"},
		{"autre-duree", "/widgets/regions/11/certifications/23110034307?audience=lycee", "Chiffres du même diplôme préparé en 2 ans"},
		{"filieres-ancienne", "/widgets/regions/11/certifications/50099911,23220099911?audience=lycee", "Chiffres du diplôme précédent"},
		{"rncp-plusieurs", "/widgets/regions/11/certifications/RNCP:99900", "Animation de demonstration"},
		{"formation-region", "/widgets/formations/0759999Z/23830099901?audience=lycee", "Chiffres de la région pour cette formation"},
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

// axeSource returns axe-core's axe.min.js: $IJWIDGETS_AXE, or the copy .ci/run installs with npm
// in ~/.cache/ijwidgets-axe. The test skips without it, unless CI is set.
func axeSource(t *testing.T) string {
	path := os.Getenv("IJWIDGETS_AXE")
	if path == "" {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, ".cache", "ijwidgets-axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core not found (CI is set; .ci/run installs it): %v", err)
		}
		t.Skipf("axe-core not found at %s: npm install --prefix ~/.cache/ijwidgets-axe axe-core@4", path)
	}
	return string(b)
}

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []string `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes []struct {
		ID string `json:"id"`
	} `json:"passes"`
}

// TestAxe runs axe-core (WCAG 2.1 A and AA rules and best practices) on every audience × state,
// with every disclosure open: zero violations.
func TestAxe(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	axe := axeSource(t)
	ctx := browser(t)
	srv := httptest.NewServer(newServer(t, false))
	defer srv.Close()
	states := map[string]string{
		"ok":          "/widgets/regions/11/certifications/32032002",
		"partiel":     "/widgets/regions/11/certifications/36X32318",
		"masque":      "/widgets/regions/84/certifications/36X32318",
		"sans-donnee": "/widgets/regions/11/certifications/23830031212",
		"inconnu":     "/widgets/regions/11/certifications/99999999",
		"filieres":    "/widgets/regions/11/certifications/23220034307?vue=filieres",
		"france":      "/widgets/certifications/32032002?title=0",
		"erreur":      "/widgets/regions/10/certifications/32032002",
		"sombre":      "/widgets/regions/11/certifications/32032002?scheme=dark&theme=neutral",
		"contraste":   "/widgets/regions/11/certifications/32032002?theme=contrast&scheme=dark",
		"galerie":     "/gallery?theme=dsfr&template=standard",
		// Issue 12's states.
		"annee-terminale":   "/widgets/regions/11/certifications/23810099901",
		"famille":           "/widgets/regions/11/certifications/23810099900",
		"ancienne":          "/widgets/regions/11/certifications/50099911",
		"autre-duree":       "/widgets/regions/11/certifications/23110034307",
		"filieres-ancienne": "/widgets/regions/11/certifications/50099911,23220099911",
		"rncp-un-diplome":   "/widgets/regions/11/certifications/RNCP:99901",
		"rncp-plusieurs":    "/widgets/regions/11/certifications/RNCP:99900",
		"onisep-inconnu":    "/widgets/certifications/ONISEP:FOR.12345",
		"formation-region":  "/widgets/formations/0759999Z/23830099901",
	}
	for name, path := range states {
		for _, a := range audiences {
			t.Run(name+"-"+a, func(t *testing.T) {
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(390, 800),
					chromedp.Navigate(srv.URL+path+sep+"audience="+a),
					chromedp.WaitVisible(chromedp.CSS("main")),
				)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";document.querySelectorAll('details').forEach(d=>d.open=true);true")); err != nil {
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
					t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
				}
				t.Logf("axe: %d rules passed, %d violations", len(res.Passes), len(res.Violations))
				if len(res.Passes) < 10 {
					t.Errorf("axe ran only %d passing rules: did it run?", len(res.Passes))
				}
			})
		}
	}
}
