package templates

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/widgettest"
)

var testOpts = widget.Options{Themes: []string{themes.Default}, Templates: []string{"standard", "barre", "html-seul"}}

// view builds a widget of the fixture (widgettest) for a query.
func view(t testing.TB, code string, q widgettest.Query) widget.View {
	t.Helper()
	req, err := widget.ParseRoute(widget.Route{Scope: widget.ScopeRegion, Region: "11", Last: code}, q, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := widget.Build(req, widgettest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func theme(t testing.TB) themes.Theme {
	reg, _, err := themes.Load("")
	if err != nil {
		t.Fatal(err)
	}
	th, _ := reg.Get(themes.Default)
	return th
}

func renderSVG(t testing.TB, v widget.View) string {
	t.Helper()
	var b bytes.Buffer
	if err := SVGDoc(LayoutSVG(v, theme(t))).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTemplateWithoutSVGPart: a registered template with an HTML part only draws the standard
// SVG rows, labels and figures with them (issue 11 item 3: it drew ten coloured pictograms and
// no figure, meaning by colour alone, against SPEC §7).
func TestTemplateWithoutSVGPart(t *testing.T) {
	saved := registry
	t.Cleanup(func() { registry = saved })
	registry = append(registry[:len(registry):len(registry)], Template{Name: "html-seul", Label: "HTML seul", HTML: standardHTML})
	svg := renderSVG(t, view(t, "32032002.svg", widgettest.Query{"template": {"html-seul"}}))
	for _, want := range []string{">20\u202f%</text>", ">61\u202f%</text>", ">19\u202f%</text>", ">EN EMPLOI</text>", ">216 apprentis</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
}

// TestCheck: the template/audience rule, beside the registry.
func TestCheck(t *testing.T) {
	tests := []struct {
		template, audience string
		err                string
	}{
		{"standard", "college", ""},
		{"barre", "lycee", ""},
		{"barre", "college", "Ce modèle est fait pour l'audience : lycee."},
	}
	for _, tt := range tests {
		err := Check(view(t, "32032002", widgettest.Query{"template": {tt.template}, "audience": {tt.audience}}))
		got := ""
		if err != nil {
			got = err.(*widget.InputError).Message
		}
		if got != tt.err {
			t.Errorf("%s × %s: %q, want %q", tt.template, tt.audience, got, tt.err)
		}
	}
}

// TestSVGMessageOnly: an unknown code in the both-voies view is its message alone, as in the
// HTML (issue 11: the .svg drew two contradicting blocks).
func TestSVGMessageOnly(t *testing.T) {
	v := view(t, "99999999.svg", widgettest.Query{"vue": {"filieres"}})
	if !v.MessageOnly {
		t.Fatal("an unknown code shows its message only")
	}
	svg := renderSVG(t, v)
	if strings.Contains(svg, widget.VoieLabel(widget.VoieApprentissage)) || !strings.Contains(svg, "Cette formation n&#39;est pas connue") {
		t.Errorf("svg: %s", svg)
	}
}
