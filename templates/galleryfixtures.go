package templates

import (
	"net/url"
	"strconv"
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

// GalleryPageSize is the most tiles one gallery page shows (issue 13: 378 live iframes on one
// page was 84,700 px): each tile is a live iframe and an image, both lazy.
const GalleryPageSize = 12

// GalleryPage is one page of the filtered tiles.
type GalleryPage struct {
	Filter     GalleryFilter
	Total      int // tiles the filters keep, every page together
	Tiles      []GalleryTile
	First      int    // 1-based index of the first tile shown, 0 when none
	Prev, Next string // hrefs of the neighbouring pages, "" at the ends
}

// NewGalleryPage cuts the page f.Page of tiles.
func NewGalleryPage(f GalleryFilter, tiles []GalleryTile) GalleryPage {
	p := GalleryPage{Filter: f, Total: len(tiles)}
	from := min((max(f.Page, 1)-1)*GalleryPageSize, len(tiles))
	p.Tiles = tiles[from:min(from+GalleryPageSize, len(tiles))]
	if len(p.Tiles) > 0 {
		p.First = from + 1
	}
	href := func(page int) string {
		v := url.Values{}
		for k, val := range map[string]string{"state": f.State, "theme": f.Theme, "audience": f.Audience, "template": f.Template, "scheme": f.Scheme, "surface": f.Surface} {
			if val != "" {
				v.Set(k, val)
			}
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return "/gallery?" + v.Encode()
	}
	if f.Page > 1 {
		p.Prev = href(f.Page - 1)
	}
	if from+GalleryPageSize < len(tiles) {
		p.Next = href(f.Page + 1)
	}
	return p
}
