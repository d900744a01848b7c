package templates

import (
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/gallery"
)

// GalleryStates are the fixture requests of the gallery (SPEC §1: designers see every template
// in every state), drawn from the embedded demonstration data whatever --data says: beside the
// templates they show, not in the server (issue 11: internal/server holds no rule).
var GalleryStates = []GalleryState{
	{Key: "ok", Label: "Chiffres publiés", Region: "11", Code: "32032002"},
	{Key: "partiel", Label: "Un chiffre manquant", Region: "11", Code: "36X32318"},
	{Key: "masque", Label: "Effectif trop petit", Region: "84", Code: "36X32318"},
	{Key: "sans-donnee", Label: "Pas de données pour le millésime", Region: "11", Code: "23830031212"},
	{Key: "inconnu", Label: "Code inconnu", Region: "11", Code: "99999999"},
	{Key: "filieres", Label: "Deux voies", Region: "11", Code: "23220034307", Query: "vue=filieres"},
	{Key: "libelle-long", Label: "Libellé long", Region: "11", Code: "36X32318", Query: "millesime=2021_2022"},
}

// GalleryStateOf returns the fixture state of key.
func GalleryStateOf(key string) (GalleryState, bool) {
	for _, st := range GalleryStates {
		if st.Key == key {
			return st, true
		}
	}
	return GalleryState{}, false
}

// GalleryPageSize is the most tiles one gallery page shows (gallery.PageSize).
const GalleryPageSize = gallery.PageSize

// GalleryPage is one page of the filtered tiles: the page model of widget/gallery, the choices
// of the filter form and the tiles of the combinations shown.
type GalleryPage struct {
	gallery.Page
	Themes, Templates []string // the choices of the filter form
	Tiles             []GalleryTile
}

// GalleryOptions are the registries the gallery filters are checked against: the themes given,
// every registered template with the audiences it serves (Template.Serves) and GalleryStates.
func GalleryOptions(themes []string) gallery.Options {
	o := gallery.Options{Themes: themes}
	for _, t := range registry {
		gt := gallery.Template{Name: t.Name, Label: t.Label}
		for _, a := range widget.Audiences {
			if t.Serves(a) {
				gt.Audiences = append(gt.Audiences, a)
			}
		}
		o.Templates = append(o.Templates, gt)
	}
	for _, st := range GalleryStates {
		o.States = append(o.States, st.Key)
	}
	return o
}

// NewGalleryPage builds the tiles of the combinations page p shows.
func NewGalleryPage(p gallery.Page, o gallery.Options, combos []gallery.Combo) GalleryPage {
	gp := GalleryPage{Page: p, Themes: o.Themes, Templates: TemplateNames()}
	for _, c := range combos[p.From:p.To] {
		tpl, _ := LookupTemplate(c.Template.Name)
		st, _ := GalleryStateOf(c.State)
		gp.Tiles = append(gp.Tiles, NewGalleryTile(tpl, c.Theme, p.Filter.Scheme, c.Audience, st))
	}
	return gp
}
