package editor

import (
	"strconv"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Hit is one training a search found.
type Hit struct {
	CFD, Label, Type string
	Via              string    // how it was found ("intitulé", "métier (ROME I1604)"…)
	Codes            []HitCode // its codes with figures: apprentissage (CFD) first
}

// HitCode is one code of a hit, with its voie.
type HitCode struct {
	Code string
	Voie widget.Voie
}

// Results are what the search found: one page of hits and how many there are.
type Results struct {
	Total      int
	Hits       []Hit
	ROME       []string // the métiers (ROME codes) the words name, when Hits are of their domaines
	Understood string   // the corrected query, "" when no word was corrected
	Ignored    []string // words left out
}

// Chosen is the configured widget, from the server: its label and its embed codes.
type Chosen struct {
	Label  string // "Communication (BTS) – Île-de-France"
	Src    string // the live preview's same-origin URL (path and query)
	Title  string // the iframe's title: the widget's own finding
	Height int    // the iframe's initial height in px, for the chosen width
	// Codes of the embed box, by Tabs key: script, iframe, image, oembed.
	Codes map[string]string
}

// Page is what the template shows.
type Page struct {
	Config   Config
	ShareURL string    // the page of this configuration (relative)
	Error    string    // a French sentence when the request was refused, never the input
	Controls []Control // the widget options, when a training is chosen
	Search   *SearchView
	Chosen   *Chosen
	Widths   []Link // the width toggle
	Tabs     []TabView
}

// Control is one <select> of the configuration form.
type Control struct {
	Name, Label, Help string
	Choices           []Option
}

// Option is one <option>.
type Option struct {
	Value, Label string
	Selected     bool
}

// Link is a link of a toggle or a pager.
type Link struct {
	Key, Label, Href string
	Current          bool
	PX               int
}

// SearchView is the result list.
type SearchView struct {
	Query   string
	Summary string // "35 formations trouvées, 1 à 20"
	Note    string // the correction, the ignored words or the métier fallback, "" for none
	Hits    []HitView
	Prev    string // href of the previous page, "" on the first; past the last, of the last page
	// PastLast is true for a page after the last one (Prev then goes to the last page).
	PastLast bool
	Next     string // href of the next page, "" on the last
}

// HitView is one result with the links choosing each of its codes.
type HitView struct {
	Label, Type, Via string
	Links            []Link
}

// TabView is one tab of the embed box.
type TabView struct {
	Key, Label, Href, Code, Help string
	Current                      bool
}

// NewPage builds the page of c. res is nil without a search, ch nil without a chosen widget.
func NewPage(c Config, o Options, res *Results, ch *Chosen, errMsg string) Page {
	p := Page{Config: c, ShareURL: c.URL(), Error: errMsg, Chosen: ch}
	if res != nil {
		p.Search = searchView(c, *res)
	}
	if ch != nil {
		p.Controls = controls(c, o)
		for _, w := range Widths {
			n := c
			n.Width = w.Key
			p.Widths = append(p.Widths, Link{Key: w.Key, Label: w.Label, Href: n.URL() + "#apercu", Current: w.Key == c.Width, PX: w.PX})
		}
		for _, t := range Tabs {
			n := c
			n.Tab = t.Key
			p.Tabs = append(p.Tabs, TabView{Key: t.Key, Label: t.Label, Href: n.URL() + "#integration", Code: ch.Codes[t.Key], Help: tabHelp[t.Key], Current: t.Key == c.Tab})
		}
	}
	return p
}

var tabHelp = map[string]string{
	"script": "Le script ajuste la hauteur du cadre au widget, à toute largeur. Sans script, le cadre reste affiché.",
	"iframe": "Pour les pages qui refusent les scripts : la hauteur est fixe, calculée pour la largeur choisie ci-dessus.",
	"image":  "Pour les CMS et les courriels : une image SVG avec son texte alternatif.",
	"oembed": "Pour les CMS qui intègrent par oEmbed (WordPress…) : collez cette adresse.",
}

func searchView(c Config, r Results) *SearchView {
	sv := &SearchView{Query: c.Q}
	first := (c.Page-1)*PageSize + 1
	switch {
	case r.Total == 0:
		sv.Summary = "Aucune formation des données ne correspond à cette recherche."
	case len(r.Hits) == 0:
		sv.Summary = plural(r.Total, "formation trouvée", "formations trouvées") + " ; cette page est au-delà de la dernière."
	default:
		sv.Summary = plural(r.Total, "formation trouvée", "formations trouvées") + ", " + strconv.Itoa(first) + " à " + strconv.Itoa(first+len(r.Hits)-1) + "."
	}
	switch {
	case len(r.ROME) > 0:
		sv.Note = "Aucune formation de ces données ne mène directement aux métiers de code ROME " + join(r.ROME) +
			" que nomment ces mots (Certif Info) : voici les formations du même domaine professionnel."
	case r.Understood != "":
		sv.Note = "Résultats pour «\u00a0" + r.Understood + "\u00a0»."
	}
	if len(r.Ignored) > 0 {
		if sv.Note != "" {
			sv.Note += " "
		}
		sv.Note += "Mots sans correspondance, ignorés : " + join(r.Ignored) + "."
	}
	for _, h := range r.Hits {
		hv := HitView{Label: h.Label, Type: h.Type, Via: h.Via}
		if hv.Label == "" {
			hv.Label = "(sans intitulé)"
		}
		for _, code := range h.Codes {
			n := c
			n.Code = code.Code
			hv.Links = append(hv.Links, Link{Key: code.Code, Label: voieLabel(code.Voie) + " (" + code.Code + ")", Href: n.URL() + "#apercu", Current: code.Code == c.Code})
		}
		sv.Hits = append(sv.Hits, hv)
	}
	last := min(max(1, (r.Total+PageSize-1)/PageSize), MaxPage)
	switch {
	case r.Total > 0 && c.Page > last:
		// Past the last page: link the last one (issue 13), like the gallery.
		n := c
		n.Page = last
		sv.Prev, sv.PastLast = n.URL()+"#resultats", true
	case c.Page > 1 && r.Total > 0:
		n := c
		n.Page--
		sv.Prev = n.URL() + "#resultats"
	}
	if c.Page*PageSize < r.Total && c.Page < MaxPage {
		n := c
		n.Page++
		sv.Next = n.URL() + "#resultats"
	}
	return sv
}

func voieLabel(v widget.Voie) string {
	switch v {
	case widget.VoieScolaire:
		return "Voie scolaire"
	case widget.VoieApprentissage:
		return "Apprentissage"
	}
	return string(v)
}

func controls(c Config, o Options) []Control {
	sel := func(name, label, help, cur string, choices []Choice) Control {
		ct := Control{Name: name, Label: label, Help: help}
		for _, ch := range choices {
			ct.Choices = append(ct.Choices, Option{Value: ch.Value, Label: ch.Label, Selected: ch.Value == cur})
		}
		return ct
	}
	audiences := []Choice{{"", "Selon le diplôme"}}
	for _, a := range widget.Audiences {
		audiences = append(audiences, Choice{string(a), widget.AudienceLabel(a)})
	}
	themes := []Choice{{"", "Par défaut"}}
	for _, t := range o.Widget.Themes {
		themes = append(themes, Choice{t, t})
	}
	templates := []Choice{{"", "Standard"}}
	for _, t := range o.Widget.Templates {
		if t != "standard" {
			templates = append(templates, Choice{t, t})
		}
	}
	out := []Control{
		sel("region", "Territoire", "", c.Region, o.Regions),
		sel("audience", "Public", "Les mots et la présentation changent selon le lecteur.", c.Audience, audiences),
		sel("theme", "Thème", "", c.Theme, themes),
		sel("scheme", "Couleurs", "", c.Scheme, []Choice{{"", "Selon le système du lecteur"}, {"light", "Claires"}, {"dark", "Sombres"}}),
		sel("layout", "Disposition", "Pour l'image SVG : verticale (320 px) ou horizontale (720 px).", c.Layout, []Choice{{"", "Automatique"}, {"vertical", "Verticale"}, {"horizontal", "Horizontale"}}),
		sel("template", "Modèle", "", c.Template, templates),
		sel("title", "Titre", "", map[bool]string{true: "0", false: ""}[c.NoTitle], []Choice{{"", "Afficher le titre"}, {"0", "Masquer le titre"}}),
		sel("vue", "Voies", "", map[bool]string{true: "filieres", false: ""}[c.Vue], []Choice{{"", "Celle du code choisi"}, {"filieres", "Scolaire et apprentissage côte à côte"}}),
	}
	if len(o.Partners) > 0 {
		out = append(out, sel("partner", "Partenaire", "Applique le thème et le public du partenaire.", c.Partner, append([]Choice{{"", "Aucun"}}, o.Partners...)))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func join(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
