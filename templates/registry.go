package templates

import (
	"slices"
	"strings"

	"github.com/a-h/templ"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Template is a visual template: how the figures of one voie are drawn, in HTML and in SVG. The
// header, the state messages, the data table and the footer are shared; a template draws the
// figures of a voie whose state is ok or partiel. To add one, write a .templ file with its
// components and register it with one line in the registry below (README: "Add a template").
type Template struct {
	Name      string            // the ?template= value, [a-z0-9-]
	Label     string            // shown in the gallery
	Audiences []widget.Audience // the audiences it is written for; empty: every audience
	// HTML draws the figures of one voie in the HTML widget.
	HTML func(v widget.View, b widget.Bloc) templ.Component
	// standard: HTML is standardHTML, which writeBloc writes straight into the render buffer
	// with writeStandard (issue 11 item 5: no component, no copy of the view; a direct call, so
	// the view does not escape to the heap).
	standard bool
	// SVGVisual draws the figure (pictograms, bar…) of one voie in a column of width w px from
	// (x, y) and returns the y below; SVGRows the rows. Either may be nil: the standard one is
	// drawn instead (the pictograms, the rows with their labels and figures).
	SVGVisual, SVGRows func(c svgBuilder, v *widget.View, b *widget.Bloc, x, y, w int) int
}

// Serves reports whether the template is written for the audience.
func (t Template) Serves(a widget.Audience) bool {
	return len(t.Audiences) == 0 || slices.Contains(t.Audiences, a)
}

// Check refuses a template that is not written for the view's audience (the template/audience
// rule): an *widget.InputError on "template".
func Check(v widget.View) error {
	tpl := mustTemplate(v.Request.Template)
	if tpl.Serves(v.Audience) {
		return nil
	}
	aud := make([]string, len(tpl.Audiences))
	for i, a := range tpl.Audiences {
		aud[i] = string(a)
	}
	return widget.Invalid("template", "Ce modèle est fait pour l'audience : "+strings.Join(aud, ", ")+".")
}

// DefaultTemplate is the template used when none is asked.
const DefaultTemplate = "standard"

// registry lists the templates, in gallery order. One line per template.
var registry = []Template{
	{Name: "standard", Label: "Pictogrammes et chiffres", HTML: standardHTML, standard: true},
	{Name: "barre", Label: "Barre empilée", Audiences: []widget.Audience{widget.AudienceLycee}, HTML: barreHTML, SVGVisual: barreSVGVisual, SVGRows: barreSVGRows},
}

// Templates returns the registered templates, the default first.
func Templates() []Template { return slices.Clone(registry) }

// TemplateNames returns the names of the registered templates, the default first.
func TemplateNames() []string {
	names := make([]string, len(registry))
	for i, t := range registry {
		names[i] = t.Name
	}
	return names
}

// LookupTemplate returns a template by name ("" is the default).
func LookupTemplate(name string) (Template, bool) {
	if name == "" {
		name = DefaultTemplate
	}
	for _, t := range registry {
		if t.Name == name {
			return t, true
		}
	}
	return Template{}, false
}

func mustTemplate(name string) Template {
	t, ok := LookupTemplate(name)
	if !ok {
		t = registry[0]
	}
	return t
}
