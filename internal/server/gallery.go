package server

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/gallery"
)

// gallery is the designers' page: every registered template × theme × audience × state, rendered
// from fixture data, with the widget URL of each; filters by state, theme, audience, template,
// scheme and surface (HTML, SVG), then pages of gallery.PageSize tiles (issue 13). The filters
// and pages are widget/gallery's: a bad filter is a 400 with its French sentence.
func (s *Server) gallery(c echo.Context) error {
	th, _ := s.themes.Get(themes.Default)
	o := templates.GalleryOptions(s.themes.Names())
	f, err := gallery.Parse(c.QueryParams(), o)
	if ie := (*widget.InputError)(nil); errors.As(err, &ie) {
		return s.inputError(c, widget.FormatHTML, ie)
	} else if err != nil {
		return err
	}
	combos := gallery.Combos(f, o)
	p := templates.NewGalleryPage(gallery.NewPage(f, o, len(combos)), o, combos)
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
