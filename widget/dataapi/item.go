package dataapi

import (
	"net/url"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Item is one entry of a list (issue 14 item 1): exactly the widget's JSON view model for the
// same key (figures, states, donnee_source, labels: widget.View.JSON, one implementation), plus
// the links to that widget's URLs; an item a partner identifier selected also says it in
// identifiant, as that identifier's own widget would.
type Item struct {
	widget.ViewJSON
	Liens Liens `json:"liens"`
}

// Liens are the absolute URLs of an item's widget in each format, with its millésime: the
// service's public URL and the widget's path (issue 14 defect 3: a downloaded file's relative
// paths pointed nowhere; every link we write starts with public_url, issue 13).
type Liens struct {
	Widget string `json:"widget"` // the HTML widget
	SVG    string `json:"svg"`
	JSON   string `json:"json"`
	CSV    string `json:"csv"`
}

// Request is the widget request of key k in scope, exactly as the widget route would parse it
// (widget.ParseRoute of its path and ?millesime=): the item and the widget share it.
func Request(scope widget.Scope, k Key, opt widget.Options) (widget.Request, error) {
	last := k.Code.String()
	if scope == widget.ScopeEtablissement {
		last = k.UAI
	}
	rt := widget.Route{Scope: scope, Region: k.Region, UAI: k.UAI, Last: last + widget.Extensions[widget.FormatJSON]}
	if scope == widget.ScopeCertification {
		rt.Region = ""
	}
	q := url.Values{}
	if k.Millesime != "" {
		q.Set("millesime", string(k.Millesime))
	}
	return widget.ParseRoute(rt, q, opt)
}

// ItemOf builds the item of key k in scope from cat: the view widget.Build makes for the
// widget of that key (its default audience and theme) and its links, prefixed with base (the
// service's public URL, no trailing slash).
func ItemOf(cat Catalog, scope widget.Scope, k Key, opt widget.Options, base string) (Item, error) {
	req, err := Request(scope, k, opt)
	if err != nil {
		return Item{}, err
	}
	v, err := widget.Build(req, cat)
	if err != nil {
		return Item{}, err
	}
	j := v.JSON()
	if j.Identifiant == "" {
		j.Identifiant = k.Identifiant
	}
	return Item{ViewJSON: j, Liens: links(req, base)}, nil
}

// Items builds the items of keys, in order, their links prefixed with base (see ItemOf).
func Items(cat Catalog, scope widget.Scope, keys []Key, opt widget.Options, base string) ([]Item, error) {
	out := make([]Item, 0, len(keys))
	for _, k := range keys {
		it, err := ItemOf(cat, scope, k, opt, base)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func links(req widget.Request, base string) Liens {
	p := base + widget.Path(req)
	q := ""
	if req.Millesime != "" {
		q = "?millesime=" + string(req.Millesime)
	}
	ext := widget.Extensions
	return Liens{
		Widget: p + ext[widget.FormatHTML] + q,
		SVG:    p + ext[widget.FormatSVG] + q,
		JSON:   p + ext[widget.FormatJSON] + q,
		CSV:    p + ext[widget.FormatCSV] + q,
	}
}

// List is the JSON body of an /api/v1 list.
type List struct {
	Scope widget.Scope `json:"scope"`
	// Millesimes are the millésimes served: those asked, else the newest of each voie.
	Millesimes           []widget.Millesime `json:"millesimes"`
	Indicateurs          []Item             `json:"indicateurs"`
	Pagination           Pagination         `json:"pagination"`
	DonneesDemonstration bool               `json:"donnees_de_demonstration,omitempty"`
}
