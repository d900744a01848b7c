package server

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserReaders opens the widgets issue 13 rewrote for their readers on the real data —
// the collège view, a counsellor's, an establishment's, equal shares sharing a figure, and a
// widget without figures with its next steps — at 360 and 1280 px: no horizontal scroll, the
// words a reader needs visible, and a screenshot of each for a person to look at
// (IJWIDGETS_SCREENSHOTS).
func TestBrowserReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	s := newServer(t, true)
	ctx := browser(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	dir := screenshotDir(t)
	axe := ""
	t.Run("axe-core", func(t *testing.T) { axe = axeSource(t) }) // skips this part only, without axe-core
	pages := []struct {
		name, path string
		want       []string
	}{
		{"readers-college", "/widgets/regions/11/certifications/32032002?audience=college",
			[]string{"Ce que font tous les apprentis, avec ou sans le diplôme, 6 mois après la fin de la formation :", "2 apprentis sur 10 ont un travail", "Données publiées le 22 janvier 2025", "JSON"}},
		{"readers-accompagnateur", "/widgets/regions/11/certifications/32032002?audience=accompagnateur",
			[]string{"diplômés ou non", "EN EMPLOI", "promotions 2022 et 2023"}},
		{"readers-etablissement-college", "/widgets/etablissements/0010001W?audience=college",
			[]string{"Leur nombre n'est pas publié pour un établissement"}},
		{"readers-etablissement-lycee", "/widgets/etablissements/0010001W",
			[]string{"Sur 10 élèves de dernière année. Le nombre d'élèves n'est pas publié pour un établissement."}},
		{"readers-parts-egales", "/widgets/regions/11/certifications/01022105?audience=college",
			[]string{"2 à 3 apprentis sur 10 continuent à se former", "2 à 3 apprentis sur 10 font autre chose"}},
		{"readers-sans-donnee", "/widgets/regions/11/certifications/32032002?audience=college&millesime=2018_2019",
			[]string{"Voir les chiffres des jeunes sortis en 2022 et 2023", "Voir les chiffres de la France entière"}},
	}
	for _, p := range pages {
		for _, w := range []int64{360, 1280} {
			t.Run(fmt.Sprintf("%s-%d", p.name, w), func(t *testing.T) {
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(w, 800),
					chromedp.Navigate(srv.URL+p.path),
					chromedp.WaitVisible(chromedp.CSS("main.ijw")),
				)
				if err != nil {
					t.Fatal(err)
				}
				overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
				if err != nil {
					t.Fatal(err)
				}
				// innerText: what is rendered, upper case from the style sheet included.
				text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main.ijw").innerText`))
				if err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if overflow {
					t.Errorf("horizontal scroll at %d px", w)
				}
				for _, want := range p.want {
					if !strings.Contains(strings.ReplaceAll(text, "\u202f", " "), want) {
						t.Errorf("page text lacks %q: %.600s", want, text)
					}
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, w)), png, 0o644); err != nil {
					t.Fatal(err)
				}
				if axe == "" {
					return
				}
				// axe-core with every disclosure open, as TestAxe does on the demonstration data.
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
					t.Errorf("axe %s (%s): %s", v.ID, v.Impact, v.Help)
				}
				if len(res.Passes) < 10 {
					t.Errorf("axe ran only %d passing rules", len(res.Passes))
				}
			})
		}
	}
}
