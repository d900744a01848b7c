package server

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/widget"
)

// heightFixtures are the widgets templates' height table is measured on (templates/heights.go):
// per kind of view, the tallest of these at each width.
var heightFixtures = []struct{ kind, path string }{
	{"une voie", "/widgets/regions/11/certifications/32032002"},
	{"une voie", "/widgets/regions/11/certifications/23220034307"},
	{"deux voies", "/widgets/regions/11/certifications/32032002?vue=filieres"},
	{"deux voies", "/widgets/regions/11/certifications/23220034307?vue=filieres"},
	{"sans chiffres", "/widgets/regions/11/certifications/23220022349?millesime=2019_2020"},
}

// TestBrowserHeightTable keeps the measured heights honest (issue 13): the plain iframe snippet
// is as tall as templates.FrameHeight says, so no fixture widget, at any width of the table
// (280 to 1000 px), may be taller in chromium than templates.EstimateHeight. When the widget's
// layout or wording changes and this fails, paste the rows it logs into templates/heights.go.
func TestBrowserHeightTable(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	dir := realdata.RealDir(t)
	ctx := browser(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	cfg, err := config.Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.PublicURL = base
	sv := newTestServer(t, cfg, dir, loadThemes(t))
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: sv}}
	srv.Start()
	defer srv.Close()
	widths := []int{280, 320, 480, 640, 1000}
	measured := map[string]map[widget.Audience][]int{}
	for _, a := range widget.Audiences {
		for _, f := range heightFixtures {
			sep := "?"
			if strings.Contains(f.path, "?") {
				sep = "&"
			}
			path := f.path + sep + "audience=" + string(a)
			v, _ := viewOf(t, sv, path)
			if measured[f.kind] == nil {
				measured[f.kind] = map[widget.Audience][]int{}
			}
			if measured[f.kind][a] == nil {
				measured[f.kind][a] = make([]int, len(widths))
			}
			for i, w := range widths {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), 400), chromedp.Navigate(base+path)); err != nil {
					t.Fatal(err)
				}
				h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.getBoundingClientRect().height`))
				if err != nil {
					t.Fatal(err)
				}
				px := int(math.Ceil(h))
				measured[f.kind][a][i] = max(measured[f.kind][a][i], px)
				if est := templates.EstimateHeight(v, w); px > est {
					t.Errorf("%s at %d px: %d px, the table says %d (a plain iframe would scroll)", path, w, px, est)
				}
			}
		}
	}
	for _, k := range []string{"une voie", "deux voies", "sans chiffres"} {
		var b strings.Builder
		for _, a := range widget.Audiences {
			fmt.Fprintf(&b, " %s: %v,", a, measured[k][a])
		}
		t.Logf("measured %q (%v px):%s", k, widths, b.String())
	}
}
