// Package editor is the view model of the editors' configurator, /preview (issue 13): like a
// publishing step, one training at a time, found by a search, every widget option as a control,
// one live preview at a chosen width and one embed box with tabs, all in the page's query string
// so that a configuration is a shareable URL and the page works as a plain GET form.
//
// It is pure: the server gives it the parsed query, the search results, the chosen widget and its
// snippets; it returns what the template shows.
package editor

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Path is the route of the configurator.
const Path = "/preview"

// PageSize is the number of search results per page.
const PageSize = 20

// MaxPage bounds ?page= (a page past the results shows none, and says how many there are).
const MaxPage = 100

// Width is a preview width of the toggle.
type Width struct {
	Key, Label string
	PX         int // the frame's width in px, 0 for the column's full width
}

// Widths are the preview widths (phone, tablet, desktop); the last is the default.
var Widths = []Width{{"phone", "Téléphone (360 px)", 360}, {"tablet", "Tablette (768 px)", 768}, {"desktop", "Ordinateur (pleine largeur)", 0}}

// Tab is one panel of the embed box.
type Tab struct {
	Key, Label string
}

// Tabs are the embed codes, the recommended first (issue 13: the script sizes the frame to the
// widget; the plain iframe has a fixed height).
var Tabs = []Tab{{"script", "Script (recommandé)"}, {"iframe", "Iframe seule"}, {"image", "Image SVG"}, {"oembed", "Adresse oEmbed"}}

// Config is one configuration of the page: the search, the chosen training and every option.
// The zero value is the empty page.
type Config struct {
	Q        string // the search, "" for none
	Page     int    // the search results' page, from 1
	Code     string // the chosen training's code or partner identifier, "" before a choice
	Region   string // INSEE region, "" for France
	Vue      bool   // both voies side by side
	Audience string // "" for the diploma's default
	Theme    string // "" for the deployment's (or partner's) default
	Scheme   string // "", light, dark or auto
	Layout   string // "", auto, vertical, horizontal
	Template string // "" for the default template
	NoTitle  bool   // title=0
	Partner  string // partner key, "" for none
	Width    string // a Widths key
	Tab      string // a Tabs key
}

// MaxSearch is the most characters (runes) a search may have.
const MaxSearch = 100

// searchable reports whether q is a search the configurator accepts: at most MaxSearch
// characters of letters, digits, spaces, punctuation and symbols ("Mécanique & auto", "bac pro
// « commerce »", "c++": the search takes them as separators), but no control character, no
// invalid UTF-8 and none of < > ` (never markup, though the page escapes everything anyway).
func searchable(q string) bool {
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > MaxSearch {
		return false
	}
	for _, r := range q {
		switch {
		case r == '<' || r == '>' || r == '`':
			return false
		case unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs):
		default:
			return false
		}
	}
	return true
}

// Options are the closed lists a configuration is checked against.
type Options struct {
	Widget   widget.Options
	Regions  []Choice // INSEE code → name, France first ("")
	Partners []Choice // key → name; empty when none is configured
}

// Choice is one value of a control.
type Choice struct {
	Value, Label string
}

// Parse reads a configuration from the page's query. A value outside its closed list or pattern
// is an *widget.InputError naming the parameter, with a French sentence that never repeats the
// value (SPEC §8). The widget parameters are checked again by widget.ParseRequest.
func Parse(q url.Values, o Options) (Config, error) {
	c := Config{Page: 1, Width: Widths[len(Widths)-1].Key, Tab: Tabs[0].Key}
	for _, k := range []string{"q", "page", "code", "region", "vue", "audience", "theme", "scheme", "layout", "template", "title", "partner", "width", "tab"} {
		if len(q[k]) > 1 {
			return c, widget.Invalid(k, "Ce paramètre est donné plusieurs fois : gardez-en un seul.")
		}
	}
	c.Q = strings.TrimSpace(q.Get("q"))
	if !searchable(c.Q) {
		c.Q = "" // never shown back
		return c, widget.Invalid("q", "La recherche accepte un code ou des mots, avec leur ponctuation, 100 caractères au plus, sans < ni >.")
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPage {
			return c, widget.Invalid("page", "Le numéro de page est un entier de 1 à "+strconv.Itoa(MaxPage)+".")
		}
		c.Page = n
	}
	c.Code = strings.TrimSpace(q.Get("code"))
	if c.Code != "" {
		if _, err := widget.ParseIdentifier(c.Code); err != nil {
			return c, err
		}
	}
	c.Region = q.Get("region")
	if c.Region != "" && !slices.ContainsFunc(o.Regions, func(ch Choice) bool { return ch.Value == c.Region }) {
		return c, widget.Invalid("region", "La région doit être un code région INSEE de la liste, par exemple 11 pour l'Île-de-France.")
	}
	switch q.Get("vue") {
	case "":
	case "filieres":
		c.Vue = true
	default:
		return c, widget.Invalid("vue", "Le paramètre vue vaut filieres (voies scolaire et apprentissage côte à côte).")
	}
	check := func(key string, list []string, msg string) (string, error) {
		v := q.Get(key)
		if v == "" || slices.Contains(list, v) {
			return v, nil
		}
		return "", widget.Invalid(key, msg)
	}
	var err error
	audiences := make([]string, 0, len(widget.Audiences))
	for _, a := range widget.Audiences {
		audiences = append(audiences, string(a))
	}
	if c.Audience, err = check("audience", audiences, "L'audience doit être l'une de : "+strings.Join(audiences, ", ")+"."); err != nil {
		return c, err
	}
	if c.Theme, err = check("theme", o.Widget.Themes, "Le thème doit être l'un de : "+strings.Join(o.Widget.Themes, ", ")+"."); err != nil {
		return c, err
	}
	if c.Scheme, err = check("scheme", []string{"light", "dark", "auto"}, "Le paramètre scheme vaut light, dark ou auto."); err != nil {
		return c, err
	}
	if c.Layout, err = check("layout", []string{"auto", "vertical", "horizontal"}, "Le paramètre layout vaut auto, vertical ou horizontal."); err != nil {
		return c, err
	}
	if c.Template, err = check("template", o.Widget.Templates, "Le modèle doit être l'un de : "+strings.Join(o.Widget.Templates, ", ")+"."); err != nil {
		return c, err
	}
	switch q.Get("title") {
	case "", "1":
	case "0":
		c.NoTitle = true
	default:
		return c, widget.Invalid("title", "Le paramètre title vaut 0 (sans titre) ou 1.")
	}
	partners := make([]string, len(o.Partners))
	for i, p := range o.Partners {
		partners[i] = p.Value
	}
	if c.Partner, err = check("partner", partners, "Ce partenaire n'est pas déclaré sur ce service."); err != nil {
		return c, err
	}
	keys := func(n int, key func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = key(i)
		}
		return out
	}
	if v, err := check("width", keys(len(Widths), func(i int) string { return Widths[i].Key }), "La largeur vaut phone, tablet ou desktop."); err != nil {
		return c, err
	} else if v != "" {
		c.Width = v
	}
	if v, err := check("tab", keys(len(Tabs), func(i int) string { return Tabs[i].Key }), "L'onglet vaut script, iframe, image ou oembed."); err != nil {
		return c, err
	} else if v != "" {
		c.Tab = v
	}
	return c, nil
}

// Values is the canonical query of c: the parameters that differ from the defaults, in a fixed
// order. Parse(c.Values()) gives c back.
func (c Config) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", c.Q)
	if c.Page > 1 {
		set("page", strconv.Itoa(c.Page))
	}
	set("code", c.Code)
	set("region", c.Region)
	if c.Vue {
		set("vue", "filieres")
	}
	set("audience", c.Audience)
	set("theme", c.Theme)
	set("scheme", c.Scheme)
	set("layout", c.Layout)
	set("template", c.Template)
	if c.NoTitle {
		set("title", "0")
	}
	set("partner", c.Partner)
	if c.Width != Widths[len(Widths)-1].Key {
		set("width", c.Width)
	}
	if c.Tab != Tabs[0].Key {
		set("tab", c.Tab)
	}
	return v
}

// URL is the page of c: its shareable address, relative to the service.
func (c Config) URL() string {
	if v := c.Values(); len(v) > 0 {
		return Path + "?" + v.Encode()
	}
	return Path
}

// WidgetQuery is the query of the widget c configures, for widget.ParseRequest.
func (c Config) WidgetQuery() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"audience": c.Audience, "theme": c.Theme, "scheme": c.Scheme, "layout": c.Layout, "template": c.Template, "partner": c.Partner} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if c.Vue {
		v.Set("vue", "filieres")
	}
	if c.NoTitle {
		v.Set("title", "0")
	}
	return v
}

// Scope is the widget scope of c: France, or the region.
func (c Config) Scope() widget.Scope {
	if c.Region != "" {
		return widget.ScopeRegion
	}
	return widget.ScopeCertification
}

// WidthPX is the preview frame's width in px, 0 for the column's.
func (c Config) WidthPX() int {
	for _, w := range Widths {
		if w.Key == c.Width {
			return w.PX
		}
	}
	return 0
}
