// Package themes loads the visual themes of the widgets: colours per category, text and surface
// colours, font stack and radius (SPEC §7). Themes are data files (JSON) embedded in the binary;
// adding one needs no Go.
package themes

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

//go:embed *.json
var files embed.FS

// Mark is the pair of colours of one category: Mark fills pictograms and bars (3:1 against the
// background), Text writes the figure (4.5:1).
type Mark struct {
	Mark string `json:"mark"`
	Text string `json:"text"`
}

// Palette is one colour scheme of a theme. Every value is "#rrggbb" (checked at load: these
// strings go into CSS and SVG attributes unescaped).
type Palette struct {
	Text       string `json:"text"`
	TextMuted  string `json:"text_muted"`
	Background string `json:"background"`
	Surface    string `json:"surface"`
	Border     string `json:"border"`
	Accent     string `json:"accent"`
	Focus      string `json:"focus"`
	Emploi     Mark   `json:"emploi"`
	Formation  Mark   `json:"formation"`
	Autres     Mark   `json:"autres"`
}

// Category returns the colours of the category key "emploi", "formation" or "autres".
func (p Palette) Category(key string) Mark {
	switch key {
	case "emploi":
		return p.Emploi
	case "formation":
		return p.Formation
	}
	return p.Autres
}

// Theme is a loaded, validated theme.
type Theme struct {
	Name      string  `json:"name"`       // the ?theme= value, [a-z0-9-]{1,32}
	Label     string  `json:"label"`      // human name, for the gallery and preview
	FontStack string  `json:"font_stack"` // CSS font-family list
	RadiusPx  int     `json:"radius_px"`  // corner radius in px, 0–24
	Light     Palette `json:"light"`
}

var (
	colourRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	nameRe   = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)
	fontRe   = regexp.MustCompile(`^[A-Za-z0-9 ,'"-]{1,200}$`)
)

// Validate checks every field that ends up in CSS or SVG: names, colours, font stack, radius.
func (t Theme) Validate() error {
	if !nameRe.MatchString(t.Name) {
		return fmt.Errorf("name: must match %s", nameRe)
	}
	if !fontRe.MatchString(t.FontStack) {
		return fmt.Errorf("font_stack: only letters, digits, spaces, commas, quotes and hyphens")
	}
	if t.RadiusPx < 0 || t.RadiusPx > 24 {
		return fmt.Errorf("radius_px: %d is outside 0–24", t.RadiusPx)
	}
	p := t.Light
	for key, c := range map[string]string{
		"light.text": p.Text, "light.text_muted": p.TextMuted, "light.background": p.Background,
		"light.surface": p.Surface, "light.border": p.Border, "light.accent": p.Accent, "light.focus": p.Focus,
		"light.emploi.mark": p.Emploi.Mark, "light.emploi.text": p.Emploi.Text,
		"light.formation.mark": p.Formation.Mark, "light.formation.text": p.Formation.Text,
		"light.autres.mark": p.Autres.Mark, "light.autres.text": p.Autres.Text,
	} {
		if !colourRe.MatchString(c) {
			return fmt.Errorf("%s: %q is not a #rrggbb colour", key, c)
		}
	}
	return nil
}

// Registry is the set of loaded themes; the zero value is empty. It is read-only after Load.
type Registry struct {
	byName map[string]Theme
	names  []string // default first, then sorted
}

// Default is the name of the theme used when none is asked (SPEC §7).
const Default = "dsfr"

// Load reads and validates the embedded themes. A file that fails is an error naming it.
func Load() (*Registry, error) {
	r := &Registry{byName: map[string]Theme{}}
	entries, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range entries {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
		var t Theme
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
		r.byName[t.Name] = t
	}
	if _, ok := r.byName[Default]; !ok {
		return nil, fmt.Errorf("themes: the default theme %q is missing", Default)
	}
	for n := range r.byName {
		if n != Default {
			r.names = append(r.names, n)
		}
	}
	sort.Strings(r.names)
	r.names = append([]string{Default}, r.names...)
	return r, nil
}

// Names lists the theme names, the default first.
func (r *Registry) Names() []string { return append([]string(nil), r.names...) }

// Get returns a theme by name.
func (r *Registry) Get(name string) (Theme, bool) {
	t, ok := r.byName[name]
	return t, ok
}
