// Package gallery is the view model of the designers' page, /gallery (SPEC §1, issue 13): its
// filters, checked against closed lists like the configurator's (widget/editor), the
// combinations they keep, and the page of them shown, with its sentence and its links.
//
// It is pure: the server gives it the query and the registries (themes, templates with the
// audiences each serves, fixture states); the templates draw what it returns.
package gallery

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Path is the route of the gallery.
const Path = "/gallery"

// PageSize is the most tiles one page shows (issue 13: 378 live iframes on one page was
// 84,700 px): each tile is a live iframe and an image, both lazy.
const PageSize = 12

// MaxPage bounds ?page=; a page past the last (and within MaxPage) shows none and links to the
// last, like /preview's results.
const MaxPage = 1000

// Schemes are the colour schemes the gallery draws; the first is the default.
var Schemes = []string{"light", "dark"}

// Surfaces are the surfaces the gallery can show alone ("" shows both).
var Surfaces = []string{"html", "svg"}

// Template is a registered template as the gallery sees it.
type Template struct {
	Name, Label string
	// Audiences are the audiences it is written for, every one listed (templates.Template.Serves;
	// the template/audience rule is templates.Check).
	Audiences []widget.Audience
}

// Options are the registries the filters are checked against.
type Options struct {
	Themes    []string   // theme names
	Templates []Template // in gallery order
	States    []string   // fixture state keys, in gallery order
}

// Filter is what the gallery shows: "" keeps every value (Scheme is always set).
type Filter struct {
	State, Theme, Audience, Template, Scheme string
	Surface                                  string // "html", "svg" or "" for both
	Page                                     int    // from 1
}

// params are the query parameters of the gallery, each given at most once.
var params = []string{"state", "theme", "audience", "template", "scheme", "surface", "page"}

// Parse reads the filters of the gallery's query. A value outside its closed list or range is an
// *widget.InputError naming the parameter, with a French sentence that never repeats the value
// (SPEC §8; issue 13: a bad value used to be dropped silently, a 200 with every combination).
func Parse(q url.Values, o Options) (Filter, error) {
	f := Filter{Scheme: Schemes[0], Page: 1}
	for _, k := range params {
		if len(q[k]) > 1 {
			return f, widget.Invalid(k, "Ce paramètre est donné plusieurs fois : gardez-en un seul.")
		}
	}
	check := func(key string, list []string, msg string) (string, error) {
		v := q.Get(key)
		if v == "" || slices.Contains(list, v) {
			return v, nil
		}
		return "", widget.Invalid(key, msg)
	}
	audiences := make([]string, len(widget.Audiences))
	for i, a := range widget.Audiences {
		audiences[i] = string(a)
	}
	templates := make([]string, len(o.Templates))
	for i, t := range o.Templates {
		templates[i] = t.Name
	}
	var err error
	if f.State, err = check("state", o.States, "L'état doit être l'un de : "+strings.Join(o.States, ", ")+"."); err != nil {
		return f, err
	}
	if f.Theme, err = check("theme", o.Themes, "Le thème doit être l'un de : "+strings.Join(o.Themes, ", ")+"."); err != nil {
		return f, err
	}
	if f.Audience, err = check("audience", audiences, "L'audience doit être l'une de : "+strings.Join(audiences, ", ")+"."); err != nil {
		return f, err
	}
	if f.Template, err = check("template", templates, "Le modèle doit être l'un de : "+strings.Join(templates, ", ")+"."); err != nil {
		return f, err
	}
	if v, err := check("scheme", Schemes, "Le paramètre scheme vaut light ou dark."); err != nil {
		return f, err
	} else if v != "" {
		f.Scheme = v
	}
	if f.Surface, err = check("surface", Surfaces, "Le paramètre surface vaut html ou svg."); err != nil {
		return f, err
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPage {
			return f, widget.Invalid("page", "Le numéro de page est un entier de 1 à "+strconv.Itoa(MaxPage)+".")
		}
		f.Page = n
	}
	return f, nil
}

// Values is the canonical query of f at page: the filters set, in a fixed order.
func (f Filter) Values(page int) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"state", f.State}, {"theme", f.Theme}, {"audience", f.Audience}, {"template", f.Template}, {"scheme", f.Scheme}, {"surface", f.Surface}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// URL is the gallery page of f at page, relative to the service.
func (f Filter) URL(page int) string {
	return Path + "?" + f.Values(page).Encode()
}

// Combo is one combination the filters keep: a template drawn in a theme for an audience in a
// fixture state (the scheme is the filter's).
type Combo struct {
	Template Template
	Theme    string
	Audience widget.Audience
	State    string
}

// Combos lists the combinations f keeps, in gallery order: template, theme, audience, state;
// a template is shown only for the audiences it serves.
func Combos(f Filter, o Options) []Combo {
	var out []Combo
	for _, tpl := range o.Templates {
		if f.Template != "" && f.Template != tpl.Name {
			continue
		}
		for _, th := range o.Themes {
			if f.Theme != "" && f.Theme != th {
				continue
			}
			for _, a := range widget.Audiences {
				if (f.Audience != "" && string(a) != f.Audience) || !slices.Contains(tpl.Audiences, a) {
					continue
				}
				for _, st := range o.States {
					if f.State == "" || f.State == st {
						out = append(out, Combo{Template: tpl, Theme: th, Audience: a, State: st})
					}
				}
			}
		}
	}
	return out
}

// Page is one page of the combinations f keeps.
type Page struct {
	Filter Filter
	Total  int // combinations kept, every page together
	From   int // index of the first combination shown (0-based); From == To when none
	To     int // index after the last shown
	Last   int // the last page with combinations, 1 when there are none
	// Status says how many combinations there are and which are shown, in one sentence:
	// "1 combinaison, 1 à 1 affichée. …"; a page past the last says so.
	Status string
	// Reason says why the filters keep nothing, when a rule says it: a template not written for
	// the audience asked (the template/audience rule); "" otherwise.
	Reason string
	Prev   string // href of the previous page; past the last, of the last page; "" on the first
	Next   string // href of the next page, "" on the last
	// PastLast is true for a page after the last one (its Prev link goes to the last page).
	PastLast bool
}

// NewPage cuts page f.Page of total combinations.
func NewPage(f Filter, o Options, total int) Page {
	p := Page{Filter: f, Total: total, Last: max(1, (total+PageSize-1)/PageSize)}
	p.From = min((max(f.Page, 1)-1)*PageSize, total)
	p.To = min(p.From+PageSize, total)
	p.PastLast = f.Page > p.Last
	s := plural(total, "combinaison", "combinaisons")
	switch {
	case p.To > p.From:
		s += ", " + strconv.Itoa(p.From+1) + " à " + strconv.Itoa(p.To) + " " + agree(p.To-p.From, "affichée", "affichées")
	case p.PastLast && total > 0:
		s += " ; cette page est au-delà de la dernière (page " + strconv.Itoa(p.Last) + ")"
	}
	p.Status = s + ". Filtrez d’abord : chaque page en montre au plus " + strconv.Itoa(PageSize) + "."
	if total == 0 && f.Template != "" && f.Audience != "" {
		for _, t := range o.Templates {
			if t.Name == f.Template && !slices.Contains(t.Audiences, widget.Audience(f.Audience)) {
				aud := make([]string, len(t.Audiences))
				for i, a := range t.Audiences {
					aud[i] = string(a)
				}
				p.Reason = "Le modèle " + t.Name + " n'est pas proposé pour l'audience " + f.Audience + " : il est fait pour l'audience " + strings.Join(aud, ", ") + "."
			}
		}
	}
	switch {
	case p.PastLast && total > 0:
		p.Prev = f.URL(p.Last)
	case f.Page > 1 && !p.PastLast:
		p.Prev = f.URL(f.Page - 1)
	}
	if p.To < total {
		p.Next = f.URL(f.Page + 1)
	}
	return p
}

// plural writes n and the noun agreeing with it: 0 and 1 take the singular in French.
func plural(n int, one, many string) string {
	return strconv.Itoa(n) + " " + agree(n, one, many)
}

func agree(n int, one, many string) string {
	if n <= 1 {
		return one
	}
	return many
}
