// Package themes loads the visual themes of the widgets (SPEC §7): colours per category and per
// scheme, text and surface colours, font stack, radius and spacing. Themes are JSON data files:
// the shipped ones are embedded in the binary, and a deployment adds or overrides some with
// --themes DIR. Adding one needs no Go. Every theme is checked at load, WCAG AA contrast included.
package themes

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

//go:embed *.json
var files embed.FS

// Mark is the colours of one category: Mark fills pictograms and bars (3:1 against the
// background and the surface), Text writes its figures (4.5:1), Icon draws the category icon
// inside a pictogram (3:1 against Mark).
type Mark struct {
	Mark string `json:"mark"`
	Text string `json:"text"`
	Icon string `json:"icon"`
}

// Palette is one colour scheme of a theme. Every value is "#rrggbb" (checked at load: these
// strings go into CSS and SVG attributes unescaped).
type Palette struct {
	Text       string `json:"text"`
	TextMuted  string `json:"text_muted"`
	Background string `json:"background"`
	Surface    string `json:"surface"`
	Border     string `json:"border"`
	Accent     string `json:"accent"` // links
	Focus      string `json:"focus"`  // focus outline
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
	SpacingPx []int   `json:"spacing_px"` // spacing scale in px, 5 steps from the smallest, each 0–64
	Light     Palette `json:"light"`
	Dark      Palette `json:"dark"`
}

// Palette returns the light or dark palette ("dark" gives Dark, anything else Light).
func (t Theme) Palette(scheme string) Palette {
	if scheme == "dark" {
		return t.Dark
	}
	return t.Light
}

var (
	colourRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	nameRe   = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)
	fontRe   = regexp.MustCompile(`^[A-Za-z0-9 ,'-]{1,200}$`)
	labelRe  = regexp.MustCompile(`^[^<>&"]{1,80}$`)
)

// Validate checks every field that ends up in CSS or SVG (names, colours, font stack, radius,
// spacing) and WCAG AA contrast in both schemes. The error names the key and the reason.
func (t Theme) Validate() error {
	if !nameRe.MatchString(t.Name) {
		return fmt.Errorf("name: must match %s", nameRe)
	}
	if !labelRe.MatchString(t.Label) {
		return errors.New("label: 1 to 80 characters, without < > & \"")
	}
	if !fontRe.MatchString(t.FontStack) {
		return errors.New("font_stack: only letters, digits, spaces, commas, single quotes and hyphens")
	}
	if t.RadiusPx < 0 || t.RadiusPx > 24 {
		return fmt.Errorf("radius_px: %d is outside 0–24", t.RadiusPx)
	}
	if len(t.SpacingPx) != 5 {
		return fmt.Errorf("spacing_px: %d steps, needs 5", len(t.SpacingPx))
	}
	for i, s := range t.SpacingPx {
		if s < 0 || s > 64 || (i > 0 && s < t.SpacingPx[i-1]) {
			return fmt.Errorf("spacing_px: step %d (%d) must be 0–64 and not smaller than the one before", i+1, s)
		}
	}
	for _, scheme := range []string{"light", "dark"} {
		p := t.Palette(scheme)
		for key, c := range map[string]string{
			"text": p.Text, "text_muted": p.TextMuted, "background": p.Background, "surface": p.Surface,
			"border": p.Border, "accent": p.Accent, "focus": p.Focus,
			"emploi.mark": p.Emploi.Mark, "emploi.text": p.Emploi.Text, "emploi.icon": p.Emploi.Icon,
			"formation.mark": p.Formation.Mark, "formation.text": p.Formation.Text, "formation.icon": p.Formation.Icon,
			"autres.mark": p.Autres.Mark, "autres.text": p.Autres.Text, "autres.icon": p.Autres.Icon,
		} {
			if !colourRe.MatchString(c) {
				return fmt.Errorf("%s.%s: %q is not a #rrggbb colour", scheme, key, c)
			}
		}
		if err := p.CheckContrast(scheme); err != nil {
			return err
		}
	}
	return nil
}

// Parse decodes and validates one theme file. Unknown keys are errors (a typo must not pass).
func Parse(b []byte) (Theme, error) {
	var t Theme
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return t, err
	}
	if dec.More() {
		return t, errors.New("trailing data after the theme object")
	}
	return t, t.Validate()
}

// Registry is the set of loaded themes. It is read-only after Load.
type Registry struct {
	byName map[string]Theme
	names  []string // default first, then sorted
}

// Default is the name of the theme used when none is asked (SPEC §7).
const Default = "dsfr"

// Load reads the embedded themes, then every *.json of extraDir ("" for none), which add themes
// or override embedded ones of the same name. An embedded theme that fails is an error (a build
// defect). An extra file that fails is refused: it is listed in refused ("file: key: reason")
// and the service keeps the valid themes.
func Load(extraDir string) (r *Registry, refused []error, err error) {
	r = &Registry{byName: map[string]Theme{}}
	embedded, _ := fs.Glob(files, "*.json")
	for _, name := range embedded {
		b, _ := files.ReadFile(name)
		t, err := Parse(b)
		if err != nil {
			return nil, nil, fmt.Errorf("theme %s: %w", name, err)
		}
		r.byName[t.Name] = t
	}
	if extraDir != "" {
		paths, err := filepath.Glob(filepath.Join(extraDir, "*.json"))
		if err != nil {
			return nil, nil, fmt.Errorf("themes dir %s: %w", extraDir, err)
		}
		if _, err := os.Stat(extraDir); err != nil {
			return nil, nil, fmt.Errorf("themes dir: %w", err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err == nil {
				var t Theme
				if t, err = Parse(b); err == nil {
					r.byName[t.Name] = t
					continue
				}
			}
			refused = append(refused, fmt.Errorf("theme %s: %w", p, err))
		}
	}
	if err := r.index(); err != nil {
		return nil, refused, err
	}
	return r, refused, nil
}

// Names lists the theme names, the default first.
func (r *Registry) Names() []string { return append([]string(nil), r.names...) }

// Get returns a theme by name.
func (r *Registry) Get(name string) (Theme, bool) {
	t, ok := r.byName[name]
	return t, ok
}

// Version is a short hash of every loaded theme, part of cache keys: it changes when a theme does.
func (r *Registry) Version() string {
	h := fnv.New64a()
	for _, n := range r.names {
		b, _ := json.Marshal(r.byName[n])
		h.Write(b)
	}
	return fmt.Sprintf("%016x", h.Sum64())
}
