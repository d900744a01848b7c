package server

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// searcher is the search of the data snapshot (data.Snapshot.Search).
type searcher interface {
	Search(query string, limit int) []data.Match
}

// regionLister lists the regions that have data (data.Snapshot.RegionCodes).
type regionLister interface {
	RegionCodes() []string
}

// searchPattern is what the preview's search accepts: a code or words, never markup.
var searchPattern = regexp.MustCompile(`^[\p{L}\p{N} '’(),.:/-]{0,100}$`)

// preview serves GET /preview, the editors' page (SPEC §1): ?q= searches the certifications of
// the data; ?code= (with region=, partner=, vue=filieres) shows every theme × audience of one as
// live iframes with their snippets. Never framed, never stored.
func (s *Server) preview(c echo.Context) error {
	snap := s.store.Current()
	if snap == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	th, _ := s.themes.Get(themes.Default)
	d := templates.PreviewData{
		Theme:     th,
		StyleHref: "/static/preview.css?v=" + static.Version,
		ScriptSrc: "/static/preview.js?v=" + static.Version,
		EmbedSrc:  "/embed.js?v=" + static.Version,
	}
	q := c.QueryParams()
	status, msg := s.previewSearch(&d, q, snap)
	if msg == "" && q.Get("code") != "" {
		status, msg = s.previewCards(&d, q, snap)
	}
	d.Error = msg
	body, err := renderComponent(c.Request().Context(), templates.Preview(d))
	if err != nil {
		return err
	}
	return s.policy.write(c, status, echo.MIMETextHTMLCharsetUTF8, kindEditor, body)
}

// previewSearch fills the search results of ?q=. It returns the status and the French error.
func (s *Server) previewSearch(d *templates.PreviewData, q url.Values, src widget.Source) (int, string) {
	if !q.Has("q") {
		return http.StatusOK, ""
	}
	query := strings.TrimSpace(q.Get("q"))
	if !searchPattern.MatchString(query) {
		return http.StatusBadRequest, "La recherche accepte un code ou des mots : lettres, chiffres, espaces, apostrophes et tirets, 100 caractères au plus."
	}
	d.Query, d.Searched = query, true
	if se, ok := src.(searcher); ok {
		for _, m := range se.Search(query, 30) {
			label := m.LibelleAffiche // accented (issue 12 item 6)
			if label == "" {
				label = "(sans intitulé)"
			}
			d.Matches = append(d.Matches, templates.PreviewMatch{
				Href: "/preview?code=" + url.QueryEscape(m.Code.String()), Label: label, Code: m.Code.String(), Voie: string(m.Voie),
			})
		}
	}
	return http.StatusOK, ""
}

// previewWidth is the column width (px) the preview's snippets are made for: a phone's, so the
// plain iframe never scrolls inside (issue 13).
const previewWidth = 360

// previewCards fills the choice of ?code= and its cards: every allowed theme × audience.
func (s *Server) previewCards(d *templates.PreviewData, q url.Values, src widget.Source) (int, string) {
	scope, region := widget.ScopeCertification, q.Get("region")
	if region != "" {
		scope = widget.ScopeRegion
	}
	partner := q.Get("partner")
	themeList := s.themes.Names()
	if partner != "" {
		p, ok := s.embed.partners[partner]
		if !ok {
			return http.StatusBadRequest, "Ce partenaire n'est pas déclaré sur ce service."
		}
		if len(p.AllowedThemes) > 0 {
			themeList = p.AllowedThemes
		}
	}
	vue := q.Get("vue") == "filieres"
	var cards []templates.PreviewCard
	for _, t := range themeList {
		th, _ := s.themes.Get(t)
		for _, a := range widget.Audiences {
			wq := url.Values{"theme": {t}, "audience": {string(a)}}
			if partner != "" {
				wq.Set("partner", partner)
			}
			if vue {
				wq.Set("vue", "filieres")
			}
			req, err := widget.ParseRequest(scope, region, q.Get("code"), wq, s.opts)
			var v widget.View
			if err == nil {
				v, err = widget.Build(req, src)
			}
			if ie := (*widget.InputError)(nil); errors.As(err, &ie) {
				return http.StatusBadRequest, ie.Message
			} else if err != nil {
				return http.StatusBadRequest, "Cette demande de prévisualisation n'est pas valide."
			}
			if v.State.Unknown() {
				return http.StatusNotFound, "Cette certification n'est pas connue des données : cherchez-la par son intitulé."
			}
			if len(cards) == 0 {
				d.Code = req.Code.String()
				d.Label = v.Texts.Formation + " – " + v.Texts.Lieu
			}
			query := s.embed.widgetQuery(req, s.opts.Themes)
			path := widget.Path(req)
			sn := s.snippets(v, previewWidth)
			id := "c" + strconv.Itoa(len(cards)+1)
			cards = append(cards, templates.PreviewCard{
				ID: id, Heading: widget.AudienceLabel(a) + " · thème " + th.Label, Path: withParams(path, query), Title: v.Texts.Title,
				Height: templates.EstimateHeight(v, 560), IFrame: widget.SnippetOf(sn, widget.SnippetIFrame),
				Script: widget.SnippetOf(sn, widget.SnippetScript), Image: widget.SnippetOf(sn, widget.SnippetImage),
			})
		}
	}
	d.Cards, d.Vue = cards, vue
	d.Regions = []templates.PreviewOption{{Value: "", Label: "France entière", Selected: region == ""}}
	if rl, ok := src.(regionLister); ok {
		for _, code := range rl.RegionCodes() {
			r, _ := src.Region(code)
			d.Regions = append(d.Regions, templates.PreviewOption{Value: code, Label: r.Nom, Selected: code == region})
		}
	}
	if len(s.embed.list) > 0 {
		d.Partners = []templates.PreviewOption{{Value: "", Label: "Aucun", Selected: partner == ""}}
		for _, p := range s.embed.list {
			d.Partners = append(d.Partners, templates.PreviewOption{Value: p.Key, Label: p.Name, Selected: p.Key == partner})
		}
	}
	return http.StatusOK, ""
}
