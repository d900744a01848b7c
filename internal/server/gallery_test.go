package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/widget"
)

// TestGallery renders the gallery and every tile it lists, HTML and SVG, from the fixture data.
func TestGallery(t *testing.T) {
	s := newServer(t, false)
	start := time.Now()
	rec := get(t, s, "/gallery")
	if rec.Code != http.StatusOK || rec.Header().Get("X-Frame-Options") != "DENY" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-src 'self'") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	body := rec.Body.String()
	// What the registries hold (issue 11 item 3: adding a template must not break this test):
	// each template × the audiences it serves × every theme × every state.
	combos := 0
	for _, tpl := range templates.Templates() {
		for _, a := range widget.Audiences {
			if tpl.Serves(a) {
				combos += len(s.themes.Names()) * len(templates.GalleryStates)
			}
		}
	}
	if !strings.Contains(body, strconv.Itoa(combos)+" combinaisons") {
		t.Errorf("gallery count: %s, want %d", regexp.MustCompile(`\d+ combinaisons`).FindString(body), combos)
	}
	// Issue 13: a page holds at most GalleryPageSize tiles, each lazy; the pages together list
	// every combination once.
	tileRe := regexp.MustCompile(`src="(/gallery/tiles/[^"]+)"`)
	var tiles [][]string
	seen := map[string]bool{}
	for page := 1; ; page++ {
		b := get(t, s, "/gallery?page="+strconv.Itoa(page)).Body.String()
		found := tileRe.FindAllStringSubmatch(b, -1)
		if len(found) > 2*templates.GalleryPageSize || strings.Count(b, `loading="lazy"`) != len(found) {
			t.Fatalf("page %d: %d tile URLs, %d lazy", page, len(found), strings.Count(b, `loading="lazy"`))
		}
		for _, m := range found {
			if seen[m[1]] {
				t.Fatalf("page %d repeats %s", page, m[1])
			}
			seen[m[1]] = true
		}
		tiles = append(tiles, found...)
		if !strings.Contains(b, "Page suivante") {
			break
		}
	}
	if len(tiles) != 2*combos {
		t.Fatalf("%d tile URLs over the pages, want %d", len(tiles), 2*combos)
	}
	for _, m := range tiles {
		r := get(t, s, m[1])
		want := http.StatusOK
		if strings.HasSuffix(m[1], "/inconnu") {
			want = http.StatusNotFound // an unknown code is a 404 page, drawn like the others
		}
		if r.Code != want {
			t.Errorf("%s: %d", m[1], r.Code)
		}
		if strings.HasSuffix(m[1], ".svg") {
			checkSVG(t, r.Body.Bytes())
		} else if !strings.Contains(r.Body.String(), `class="ijw `) {
			t.Errorf("%s is not a widget", m[1])
		}
	}
	t.Logf("gallery: %d tiles (HTML and SVG) rendered in %v", len(tiles), time.Since(start))

	filtered := get(t, s, "/gallery?theme=contrast&audience=lycee&template=barre&scheme=dark").Body.String()
	if !strings.Contains(filtered, "7 combinaisons") || !strings.Contains(filtered, "/gallery/tiles/barre/contrast/dark/lycee/ok") {
		t.Errorf("filtered gallery: %s", regexp.MustCompile(`\d+ combinaisons`).FindString(filtered))
	}
	if !strings.Contains(filtered, `/widgets/regions/11/certifications/32032002?template=barre&amp;theme=contrast&amp;scheme=dark&amp;audience=lycee`) {
		t.Error("each tile names its widget URL")
	}
	state := get(t, s, "/gallery?state=masque&audience=college").Body.String()
	if !strings.Contains(state, "/gallery/tiles/standard/dsfr/light/college/masque") || strings.Contains(state, "/college/ok") {
		t.Error("the state filter keeps only that state")
	}
	// Each tile's iframe is as tall as its widget's estimate (the fixed 34rem clipped the tall ones).
	ok := get(t, s, "/gallery?state=ok&template=standard&theme=dsfr&audience=accompagnateur").Body.String()
	if !strings.Contains(ok, `src="/gallery/tiles/standard/dsfr/light/accompagnateur/ok" title="Widget Pictogrammes et chiffres, thème dsfr, light, audience accompagnateur : Chiffres publiés" loading="lazy" height="1260">`) || strings.Contains(ok, `height="544"`) {
		t.Errorf("tile heights: %s", regexp.MustCompile(`<iframe[^>]*>`).FindString(ok))
	}
	svg := get(t, s, "/gallery?surface=svg&state=ok&template=standard").Body.String()
	if strings.Contains(svg, "<iframe") || strings.Count(svg, `<img src="/gallery/tiles/standard/`) != min(templates.GalleryPageSize, len(s.themes.Names())*len(widget.Audiences)) ||
		!strings.Contains(svg, "surface=svg&amp;") && strings.Contains(svg, "Page suivante") {
		t.Error("surface=svg shows the images alone, and its pages keep the filter")
	}
	if r := get(t, s, "/gallery?theme=%3Cscript%3E"); r.Code != http.StatusBadRequest || strings.Contains(r.Body.String(), "<script>") {
		t.Errorf("a bad filter is a 400 that does not reflect it: %d", r.Code)
	}
	if r := get(t, s, "/gallery/tiles/standard/dsfr/light/lycee/nope"); r.Code != http.StatusNotFound {
		t.Errorf("unknown state: %d", r.Code)
	}
	if r := get(t, s, "/gallery/tiles/standard/nope/light/lycee/ok"); r.Code != http.StatusBadRequest {
		t.Errorf("unknown theme: %d", r.Code)
	}
}

// TestThemesAndSchemes: every theme and scheme on HTML and SVG; an unknown theme is a 400 that
// lists the themes.
func TestThemesAndSchemes(t *testing.T) {
	s := newServer(t, false)
	for _, th := range []string{"dsfr", "lba", "onisep", "neutral", "contrast"} {
		for _, sc := range []string{"light", "dark", "auto"} {
			for _, ext := range []string{"", ".svg"} {
				rec := get(t, s, "/widgets/regions/11/certifications/32032002"+ext+"?theme="+th+"&scheme="+sc)
				if rec.Code != http.StatusOK {
					t.Errorf("%s %s %s: %d", th, sc, ext, rec.Code)
				}
			}
		}
	}
	dark := get(t, s, "/widgets/regions/11/certifications/32032002.svg?theme=neutral&scheme=dark").Body.String()
	if !strings.Contains(dark, `fill="#0d1117"`) {
		t.Error("dark SVG must use the dark background")
	}
	auto := withStyles(t, s, get(t, s, "/widgets/regions/11/certifications/32032002?theme=neutral").Body.String())
	if !strings.Contains(auto, "@media (prefers-color-scheme:dark)") || !strings.Contains(auto, `content="light dark"`) {
		t.Error("HTML follows prefers-color-scheme by default")
	}
	rec := get(t, s, "/widgets/regions/11/certifications/32032002.json?theme=acme")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "dsfr, contrast, lba, neutral, onisep") || strings.Contains(rec.Body.String(), "acme") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

// TestGalleryFilters (issue 13): /gallery refuses what /preview and the API refuse — a 400
// naming the parameter in French, never the value; a page past the last links the last page;
// "1 combinaison" agrees; a template not written for the audience says why nothing is shown.
func TestGalleryFilters(t *testing.T) {
	s := newServer(t, false)
	for _, tt := range []struct{ query, param, sentence string }{
		{"theme=zzqq", "theme", "Le thème doit être l&#39;un de : dsfr, contrast, lba, neutral, onisep."},
		{"page=-1", "page", "Le numéro de page est un entier de 1 à 1000."},
		{"page=abc", "page", "Le numéro de page est un entier de 1 à 1000."},
		{"page=99999999999999999999", "page", "Le numéro de page est un entier de 1 à 1000."},
		{"state=zzqq", "state", "L&#39;état doit être l&#39;un de : ok, partiel, masque, sans-donnee, inconnu, filieres, libelle-long."},
		{"audience=zzqq", "audience", "L&#39;audience doit être l&#39;une de :"},
		{"template=zzqq", "template", "Le modèle doit être l&#39;un de : standard, barre."},
		{"scheme=zzqq", "scheme", "Le paramètre scheme vaut light ou dark."},
		{"surface=zzqq", "surface", "Le paramètre surface vaut html ou svg."},
		{"page=2&page=3", "page", "Ce paramètre est donné plusieurs fois : gardez-en un seul."},
	} {
		r := get(t, s, "/gallery?"+tt.query)
		b := r.Body.String()
		if r.Code != http.StatusBadRequest || !strings.Contains(b, "Paramètre invalide : "+tt.param) || !strings.Contains(b, tt.sentence) ||
			strings.Contains(b, "zzqq") || strings.Contains(b, "abc") || strings.Contains(b, "99999999999999999999") || r.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d %q, body lacks %q", tt.query, r.Code, r.Header().Get("Cache-Control"), tt.sentence)
		}
	}
	status := regexp.MustCompile(`<p role="status">([^<]*)</p>`)
	pages := regexp.MustCompile(`<nav class="gal-pages"[^>]*>(.*?)</nav>`)
	for _, tt := range []struct{ query, status, extra, nav string }{
		{"state=ok&theme=dsfr&audience=lycee&template=barre", "1 combinaison, 1 à 1 affichée. Filtrez d’abord : chaque page en montre au plus 12.", "", ""},
		{"template=barre&audience=college", "0 combinaison. Filtrez d’abord : chaque page en montre au plus 12.",
			"<p>Le modèle barre n&#39;est pas proposé pour l&#39;audience college : il est fait pour l&#39;audience lycee.</p>", ""},
		{"page=1000", "175 combinaisons ; cette page est au-delà de la dernière (page 15). Filtrez d’abord : chaque page en montre au plus 12.", "",
			`<a href="/gallery?page=15&amp;scheme=light">Dernière page</a>`},
		{"page=15", "175 combinaisons, 169 à 175 affichées. Filtrez d’abord : chaque page en montre au plus 12.", "",
			`<a href="/gallery?page=14&amp;scheme=light">Page précédente</a>`},
	} {
		r := get(t, s, "/gallery?"+tt.query)
		b := r.Body.String()
		got, nav := status.FindStringSubmatch(b), pages.FindStringSubmatch(b)
		if nav == nil {
			nav = []string{"", ""}
		}
		if r.Code != http.StatusOK || got == nil || got[1] != tt.status || !strings.Contains(b, tt.extra) || strings.TrimSpace(nav[1]) != tt.nav {
			t.Errorf("%s: %d, status %q, pages %q", tt.query, r.Code, got, nav[1])
		}
	}
}
