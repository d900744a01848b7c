package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/search"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/editor"
)

// preview serves GET /preview, the editors' configurator (issue 13): the page model is
// widget/editor's, the search internal/search's; this handler wires them. Never framed, never stored.
func (s *Server) preview(c echo.Context) error {
	snap := s.store.Current()
	if snap == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	s.wantSearch()
	opts := s.editorOptions(snap)
	status, msg := http.StatusOK, ""
	cfg, err := editor.Parse(c.QueryParams(), opts)
	var res *editor.Results
	var chosen *editor.Chosen
	if err == nil && cfg.Q != "" {
		res, err = s.previewSearch(c.Request().Context(), snap, cfg)
	}
	if err == nil && cfg.Code != "" {
		chosen, status, msg = s.previewChosen(snap, cfg)
	}
	if ie := (*widget.InputError)(nil); errors.As(err, &ie) {
		status, msg = http.StatusBadRequest, ie.Message
	} else if err != nil {
		return err
	}
	th, _ := s.themes.Get(themes.Default)
	d := templates.PreviewData{
		Theme:     th,
		StyleHref: "/static/preview.css?v=" + static.Version,
		ScriptSrc: "/static/preview.js?v=" + static.Version,
		EmbedSrc:  "/embed.js?v=" + static.Version,
		Page:      editor.NewPage(cfg, opts, res, chosen, msg),
	}
	body, err := renderComponent(c.Request().Context(), templates.Preview(d))
	if err != nil {
		return err
	}
	return s.policy.write(c, status, echo.MIMETextHTMLCharsetUTF8, kindEditor, body)
}

// editorOptions are the closed lists of the configurator: themes, templates, regions, partners.
func (s *Server) editorOptions(snap *store.Snapshot) editor.Options {
	o := editor.Options{Widget: s.opts, Regions: []editor.Choice{{Value: "", Label: "France entière"}}}
	for _, code := range snap.RegionCodes() {
		r, _ := snap.Region(code)
		o.Regions = append(o.Regions, editor.Choice{Value: code, Label: r.Nom})
	}
	for _, p := range s.embed.list {
		o.Partners = append(o.Partners, editor.Choice{Value: p.Key, Label: p.Name})
	}
	return o
}

// previewSearch runs the configuration's search on the snapshot's index, or while that one is
// being built (a reload) on the previous snapshot's: it never waits for a build but the first.
func (s *Server) previewSearch(ctx context.Context, snap *store.Snapshot, cfg editor.Config) (*editor.Results, error) {
	ix, release, err := s.search.Acquire(ctx, snap.Snapshot)
	if err != nil {
		return nil, err
	}
	defer release()
	r, err := ix.Search(cfg.Q, (cfg.Page-1)*editor.PageSize, editor.PageSize)
	if err != nil {
		return nil, err
	}
	out := r.Editor()
	return &out, nil
}

// previewChosen builds the configured widget and its embed codes; a bad option is a 400, an
// unknown code a 404, each with its French sentence.
func (s *Server) previewChosen(snap *store.Snapshot, cfg editor.Config) (*editor.Chosen, int, string) {
	req, err := widget.ParseRequest(cfg.Scope(), cfg.Region, cfg.Code, cfg.WidgetQuery(), s.opts)
	var v widget.View
	if err == nil {
		v, err = widget.Build(req, snap)
	}
	if ie := (*widget.InputError)(nil); errors.As(err, &ie) {
		return nil, http.StatusBadRequest, ie.Message
	} else if err != nil {
		return nil, http.StatusBadRequest, "Cette demande de prévisualisation n'est pas valide."
	}
	if v.State.Unknown() {
		return nil, http.StatusNotFound, "Cette certification n'est pas connue des données : cherchez-la par son intitulé."
	}
	// The plain iframe's height is made for the width picked; "desktop" is a column of unknown
	// width, at least snippetWidth (wider ones leave some space under the widget).
	width, snipWidth := cfg.WidthPX(), cfg.WidthPX()
	if width == 0 {
		width, snipWidth = 880, snippetWidth // 880: the preview column at 1280 px
	}
	sn := s.previewSnippets(v, snipWidth)
	query := s.embed.widgetQuery(req, s.opts.Themes)
	return &editor.Chosen{
		Label:  v.Texts.Formation + " – " + v.Texts.Lieu,
		Src:    withParams(widget.Path(req), query),
		Title:  v.Texts.Title,
		Height: templates.EstimateHeight(v, width),
		Codes:  map[string]string{"script": sn.Script, "iframe": sn.IFrame, "image": sn.Image, "oembed": sn.OEmbed},
	}, http.StatusOK, ""
}

// snippetWidth is the column width (px) the configurator's iframe code is made for when the
// editor keeps the desktop width, a column of unknown width: a small desktop's (templates
// frameRanges), so a wider column only leaves some space under the widget.
const snippetWidth = 640

// previewSnippets is the one place the configurator gets its embed codes: widget.Snippets, with
// the iframe's height for the chosen width.
func (s *Server) previewSnippets(v widget.View, width int) struct{ IFrame, Script, Image, OEmbed string } {
	sn := s.snippets(v, width)
	return struct{ IFrame, Script, Image, OEmbed string }{widget.SnippetOf(sn, widget.SnippetIFrame),
		widget.SnippetOf(sn, widget.SnippetScript), widget.SnippetOf(sn, widget.SnippetImage), widget.SnippetOf(sn, widget.SnippetOEmbed)}
}

// wantSearch starts, on the first call, the build of the current snapshot's search index in the
// background, and from then on the store's swap hook (New) builds that of each snapshot swapped
// in. The first /preview calls it: the page's own view starts the build (0.8 s on the real data)
// before the editor has typed a query; a search arriving sooner waits for it (Cache.Acquire).
func (s *Server) wantSearch() {
	if s.searchWanted.CompareAndSwap(false, true) {
		// Read after the flag is set: a swap that did not see the flag swapped in before.
		if snap := s.store.Current(); snap != nil {
			s.search.Install(snap.Snapshot)
		}
	}
}

// searchStatus is the state of the current snapshot's search index, for /readyz: "not_wanted"
// (/preview not used yet, none built), "building", "ready" or "failed".
func (s *Server) searchStatus(snap *store.Snapshot) string {
	if !s.searchWanted.Load() {
		return "not_wanted"
	}
	return s.search.Status(snap.Snapshot)
}

// WarmSearch waits until the configurator's search index of the current snapshot is built (and
// has every later snapshot's built when swapped in, as the first /preview does): tests call it
// before timing a browser.
func (s *Server) WarmSearch() {
	s.wantSearch()
	if snap := s.store.Current(); snap != nil {
		if err := s.search.Wait(context.Background(), snap.Snapshot); err != nil {
			s.log.Error("search index not built", "err", err.Error())
		}
	}
}

// searchCache is the type of Server.search (the indexes of the current and previous snapshots).
type searchCache = search.Cache
