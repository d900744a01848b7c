package server

import (
	"net/url"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// TestSVGTextFitsEveryRealLabel lays out the SVG of every certification of the real data, in every
// audience and both layouts, and measures each text line with the same font metrics: no line is
// wider than its box, and none leaves the image.
func TestSVGTextFitsEveryRealLabel(t *testing.T) {
	snap, _, err := data.Load(realdata.RealDir(t))
	if err != nil {
		t.Fatal(err)
	}
	reg, _, err := themes.Load("")
	if err != nil {
		t.Fatal(err)
	}
	th, _ := reg.Get(themes.Default)
	codes := snap.Codes()
	if len(codes) != 1402+598 {
		t.Fatalf("%d codes, want 2000", len(codes))
	}
	lines := 0
	check := func(what string, l templates.SVGLayout) {
		for _, tx := range l.Texts {
			lines++
			w := tx.Width()
			if w > float64(tx.MaxWidth)+0.01 {
				t.Errorf("%s: %q is %.1f px wide in a %d px box", what, tx.Text, w, tx.MaxWidth)
			}
			left, right := float64(tx.X), float64(tx.X)+w
			if tx.AnchorEnd {
				left, right = float64(tx.X)-w, float64(tx.X)
			}
			if left < 0 || right > float64(l.Width) || tx.Y > l.Height {
				t.Errorf("%s: %q leaves the %d×%d image", what, tx.Text, l.Width, l.Height)
			}
		}
	}
	// Establishment names: accents, apostrophes, long hyphenated names.
	uais := snap.EtablissementUAIs()
	if len(uais) != 6116 {
		t.Errorf("%d establishments, want 6116", len(uais))
	}
	for _, uai := range uais {
		for _, a := range []string{"lycee", "accompagnateur"} {
			for _, layout := range []string{"vertical", "horizontal"} {
				q := url.Values{"audience": {a}, "layout": {layout}}
				req, err := widget.ParseRoute(widget.Route{Scope: widget.ScopeEtablissement, Last: uai + ".svg"}, q, widget.Options{Themes: reg.Names()})
				if err != nil {
					t.Fatal(err)
				}
				v, err := widget.Build(req, snap)
				if err != nil {
					t.Fatal(err)
				}
				check(uai+" "+a+" "+layout, templates.LayoutSVG(v, th))
			}
		}
	}
	for _, code := range codes {
		for _, a := range []widget.Audience{widget.AudienceCollege, widget.AudienceLycee, widget.AudienceSuperieur, widget.AudienceAccompagnateur} {
			for _, layout := range []string{"vertical", "horizontal"} {
				q := url.Values{"audience": {string(a)}, "layout": {layout}}
				req, err := widget.ParseRequest(widget.ScopeCertification, "", code.String()+".svg", q, widget.Options{Themes: reg.Names()})
				if err != nil {
					t.Fatal(err)
				}
				v, err := widget.Build(req, snap)
				if err != nil {
					t.Fatal(err)
				}
				check(code.String()+" "+string(a)+" "+layout, templates.LayoutSVG(v, th))
			}
		}
	}
	t.Logf("%d text lines of %d certifications measured", lines, len(codes))
}
