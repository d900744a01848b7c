package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

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
				for _, st := range templates.GalleryStates {
					if f.State != "" && f.State != st.Key {
						continue
					}
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
	states := make([]string, len(templates.GalleryStates))
	for i, st := range templates.GalleryStates {
		states[i] = st.Key
	}
	f := templates.GalleryFilter{
		State:     keep(q.Get("state"), states),
		Theme:     keep(q.Get("theme"), s.themes.Names()),
		Audience:  keep(q.Get("audience"), audiences),
		Template:  keep(q.Get("template"), templates.TemplateNames()),
		Scheme:    keep(q.Get("scheme"), []string{"light", "dark"}),
		Surface:   keep(q.Get("surface"), []string{"html", "svg"}),
		Themes:    s.themes.Names(),
		Templates: templates.TemplateNames(),
	}
	if f.Scheme == "" {
		f.Scheme = "light"
	}
	f.Page = 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n >= 1 && n <= 1000 {
		f.Page = n
	}
	return f
}

// gallery is the designers' page: every registered template × theme × audience × state, rendered
// from fixture data, with the widget URL of each; filters by state, theme, audience, template,
// scheme and surface (HTML, SVG), then pages of templates.GalleryPageSize tiles (issue 13).
func (s *Server) gallery(c echo.Context) error {
	f := s.galleryFilter(c.QueryParams())
	th, _ := s.themes.Get(themes.Default)
	p := templates.NewGalleryPage(f, s.galleryTiles(f))
	s.galleryHeights(p.Tiles)
	body, err := renderComponent(c.Request().Context(), templates.Gallery(th, p))
	if err != nil {
		return err
	}
	return s.policy.writeResponse(c, &response{status: http.StatusOK, contentType: echo.MIMETextHTMLCharsetUTF8, kind: kindGallery, body: body, noStore: true})
}

// galleryTileWidth is the narrowest tile column (22rem): the iframe is as tall as the widget is
// there, so no tile scrolls inside (a wider column leaves some space under it).
const galleryTileWidth = 352

// demoBanner is the height of the "données de démonstration" notice of every tile, which the
// heights table (measured on real data) does not count.
const demoBanner = 70

// galleryHeights sets the iframe height of each tile of a page from its widget (the tiles have
// no script to size them, and one height for all clipped the tall ones).
func (s *Server) galleryHeights(tiles []templates.GalleryTile) {
	src, err := s.gallerySource()
	if err != nil {
		return // the tiles keep the default height; the tile route reports the error
	}
	for i, t := range tiles {
		q, _ := url.ParseQuery(t.State.Query)
		for k, v := range map[string]string{"template": t.Template, "theme": t.Theme, "scheme": t.Scheme, "audience": t.Audience} {
			q.Set(k, v)
		}
		req, err := widget.ParseRoute(widget.Route{Scope: widget.ScopeRegion, Region: t.State.Region, Last: t.State.Code}, q, s.opts)
		if err != nil {
			continue
		}
		if v, err := widget.Build(req, src); err == nil {
			tiles[i].Height = templates.EstimateHeight(v, galleryTileWidth) + demoBanner
		}
	}
}

// galleryTile renders one tile (HTML, or .svg) from the fixture data.
func (s *Server) galleryTile(c echo.Context) error {
	src, err := s.gallerySource()
	if err != nil {
		return err
	}
	stateKey, format := widget.SplitFormat(c.Param("state"))
	st, ok := templates.GalleryStateOf(stateKey)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
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
