package server

import (
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// galleryStates are the fixture requests of the gallery (SPEC §1: designers see every template
// in every state), drawn from the embedded demonstration data whatever --data says.
var galleryStates = []templates.GalleryState{
	{Key: "ok", Label: "Chiffres publiés", Region: "11", Code: "32032002"},
	{Key: "partiel", Label: "Un chiffre manquant", Region: "11", Code: "36X32318"},
	{Key: "masque", Label: "Effectif trop petit", Region: "84", Code: "36X32318"},
	{Key: "sans-donnee", Label: "Pas de données pour le millésime", Region: "11", Code: "23830031212"},
	{Key: "inconnu", Label: "Code inconnu", Region: "11", Code: "99999999"},
	{Key: "filieres", Label: "Deux voies", Region: "11", Code: "23220034307", Query: "vue=filieres"},
	{Key: "libelle-long", Label: "Libellé long", Region: "11", Code: "36X32318", Query: "millesime=2021_2022"},
}

var (
	fixtureOnce sync.Once
	fixture     *data.Snapshot
	fixtureErr  error
)

// gallerySource returns the fixture data of the gallery: the embedded demonstration dataset.
func gallerySource() (*data.Snapshot, error) {
	fixtureOnce.Do(func() { fixture, _, fixtureErr = data.LoadDemo() })
	return fixture, fixtureErr
}

// galleryTiles lists every template × theme × scheme × audience × state the filters keep.
func (s *Server) galleryTiles(f templates.GalleryFilter) []templates.GalleryTile {
	var tiles []templates.GalleryTile
	for _, tpl := range templates.Templates() {
		if f.Template != "" && f.Template != tpl.Name {
			continue
		}
		for _, th := range s.themes.Names() {
			if f.Theme != "" && f.Theme != th {
				continue
			}
			for _, a := range widget.Audiences {
				if (f.Audience != "" && string(a) != f.Audience) || !tpl.Serves(a) {
					continue
				}
				for _, st := range galleryStates {
					tiles = append(tiles, templates.NewGalleryTile(tpl, th, f.Scheme, a, st))
				}
			}
		}
	}
	return tiles
}

// galleryFilter reads the filters; a value outside its closed list is dropped (the filter form
// only offers valid ones, and a gallery never fails on a stale link).
func (s *Server) galleryFilter(q url.Values) templates.GalleryFilter {
	keep := func(v string, list []string) string {
		if slices.Contains(list, v) {
			return v
		}
		return ""
	}
	audiences := make([]string, len(widget.Audiences))
	for i, a := range widget.Audiences {
		audiences[i] = string(a)
	}
	f := templates.GalleryFilter{
		Theme:     keep(q.Get("theme"), s.themes.Names()),
		Audience:  keep(q.Get("audience"), audiences),
		Template:  keep(q.Get("template"), templates.TemplateNames()),
		Scheme:    keep(q.Get("scheme"), []string{"light", "dark"}),
		Themes:    s.themes.Names(),
		Templates: templates.TemplateNames(),
	}
	if f.Scheme == "" {
		f.Scheme = "light"
	}
	return f
}

// gallery is the designers' page: every registered template × theme × audience × state, rendered
// from fixture data, with the widget URL of each; filters by theme, audience, template, scheme.
func (s *Server) gallery(c echo.Context) error {
	f := s.galleryFilter(c.QueryParams())
	th, _ := s.themes.Get(themes.Default)
	body, err := renderComponent(c.Request().Context(), templates.Gallery(th, f, s.galleryTiles(f)))
	if err != nil {
		return err
	}
	return s.policy.writeResponse(c, &response{status: http.StatusOK, contentType: echo.MIMETextHTMLCharsetUTF8, kind: kindGallery, body: body, noStore: true})
}

// galleryTile renders one tile (HTML, or .svg) from the fixture data.
func (s *Server) galleryTile(c echo.Context) error {
	src, err := gallerySource()
	if err != nil {
		return err
	}
	stateKey, format := widget.SplitFormat(c.Param("state"))
	i := slices.IndexFunc(galleryStates, func(g templates.GalleryState) bool { return g.Key == stateKey })
	if i < 0 {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	st := galleryStates[i]
	q, _ := url.ParseQuery(st.Query)
	q.Set("template", c.Param("template"))
	q.Set("theme", c.Param("theme"))
	q.Set("scheme", c.Param("scheme"))
	q.Set("audience", c.Param("audience"))
	code := st.Code
	if format != widget.FormatHTML {
		code += "." + string(format)
	}
	return s.serveWidget(c, src, "gallery-"+src.Version(), s.galleryCache, widget.Route{Scope: widget.ScopeRegion, Region: st.Region, Last: code}, q, kindTile)
}
