package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/widget"
)

// OEmbed is the oEmbed 1.0 response of a widget page (type "rich"): the iframe snippet with its
// size. https://oembed.com/ §2.3.
type OEmbed struct {
	Type         string `json:"type"`    // "rich"
	Version      string `json:"version"` // "1.0"
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	CacheAge     int    `json:"cache_age"` // seconds
	HTML         string `json:"html"`      // the plain iframe snippet, with a title
	Width        int    `json:"width"`     // px, at most maxwidth
	Height       int    `json:"height"`    // px, at most maxheight
}

// ProviderName is the provider_name of the oEmbed responses.
const ProviderName = "InserJeunes (ijwidgets)"

// oembed answers GET /oembed?url=…[&maxwidth=…][&maxheight=…][&format=json] (SPEC §9). A URL
// that is not a widget page of this service (another host than public_url, another path, an
// unknown certification) is a 404; a format other than json is a 501 (oEmbed §2.3.4).
func (s *Server) oembed(c echo.Context) error {
	q := c.QueryParams()
	fail := func(status int, code, param, message string) error {
		c.Response().Header().Set("Access-Control-Allow-Origin", "*")
		body, _ := json.Marshal(widget.InputError{Code: code, Message: message, Param: param})
		return s.policy.write(c, status, echo.MIMEApplicationJSON, kindJSON, body)
	}
	if f := q.Get("format"); q.Has("format") && f != "json" {
		return fail(http.StatusNotImplemented, "format_non_pris_en_charge", "format", "Seul le format json est proposé.")
	}
	limits := map[string]int{}
	for _, k := range []string{"maxwidth", "maxheight"} {
		if !q.Has(k) {
			continue
		}
		n, err := strconv.Atoi(q.Get(k))
		if err != nil || n < 1 || n > 10000 {
			return fail(http.StatusBadRequest, "parametre_invalide", k, "Le paramètre "+k+" est un nombre entier de pixels, de 1 à 10000.")
		}
		limits[k] = n
	}
	raw := q.Get("url")
	if raw == "" {
		return fail(http.StatusBadRequest, "parametre_invalide", "url", "Le paramètre url donne l'adresse d'une page de widget, par exemple "+s.embed.publicURL+"/widgets/certifications/32032002.")
	}
	snap := s.store.Current()
	if snap == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	v, ok := s.ourWidget(raw, snap)
	if !ok {
		return fail(http.StatusNotFound, "introuvable", "url", "Cette adresse n'est pas celle d'une page de widget de ce service.")
	}
	th, _ := s.themes.Get(v.Request.Theme)
	u, _ := url.Parse(raw)
	query := widgetQuery(v.Request, u.Query())
	width := 640
	if mw, ok := limits["maxwidth"]; ok {
		width = min(mw, 1200)
	}
	height := estimateHeight(v, width)
	if mh, ok := limits["maxheight"]; ok {
		height = min(height, mh)
	}
	lay := templates.LayoutSVG(v, th)
	sn := makeSnippets(snippetInput{
		base: s.embed.publicURL, path: widgetPath(v.Request), query: query, title: templates.SVGTitle(v), height: height,
		width: width, alt: imageAlt(v), svgW: lay.Width, svgH: lay.Height, svgQuery: query,
	})
	body, err := json.Marshal(OEmbed{
		Type: "rich", Version: "1.0", Title: templates.SVGTitle(v), ProviderName: ProviderName,
		ProviderURL: s.embed.publicURL + "/", CacheAge: int(s.policy.maxAge.Seconds()),
		HTML: sn.IFrame, Width: width, Height: height,
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return s.policy.write(c, http.StatusOK, echo.MIMEApplicationJSON, kindJSON, body)
}

// ourWidget parses raw as the URL of one of our HTML widget pages: same scheme and host as
// public_url, a path under its path + /widgets/, valid parameters, a known certification.
func (s *Server) ourWidget(raw string, src widget.Source) (widget.View, bool) {
	base, err := url.Parse(s.embed.publicURL)
	if err != nil {
		return widget.View{}, false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) {
		return widget.View{}, false
	}
	rest, ok := strings.CutPrefix(u.Path, base.Path+"/widgets/")
	if !ok {
		return widget.View{}, false
	}
	var scope widget.Scope
	var region, code string
	switch parts := strings.Split(rest, "/"); {
	case len(parts) == 2 && parts[0] == "certifications":
		scope, code = widget.ScopeCertification, parts[1]
	case len(parts) == 4 && parts[0] == "regions" && parts[2] == "certifications":
		scope, region, code = widget.ScopeRegion, parts[1], parts[3]
	default:
		return widget.View{}, false
	}
	req, err := widget.ParseRequest(scope, region, code, u.Query(), s.opts)
	if err != nil || req.Format != widget.FormatHTML {
		return widget.View{}, false
	}
	v, err := widget.Build(req, src)
	if err != nil || v.State == widget.StateInconnu {
		return widget.View{}, false
	}
	return v, true
}

// imageAlt is the text alternative of the widget's image: its title and its finding.
func imageAlt(v widget.View) string {
	return strings.TrimSpace(templates.SVGTitle(v) + " " + v.Texts.Resume)
}

// estimateHeight is the height in px of the HTML widget of v at width px, rounded up to 10 px:
// the initial height of the snippets' iframes (embed.js then sets the exact height) and the
// oEmbed height. Measured in chromium on the demo and real data (browser_test.go logs them).
func estimateHeight(v widget.View, width int) int {
	h := map[widget.Audience]int{
		widget.AudienceCollege: 760, widget.AudienceLycee: 560, widget.AudienceSuperieur: 520, widget.AudienceAccompagnateur: 640,
	}[v.Audience]
	if h == 0 {
		h = 600
	}
	if !v.State.Found() {
		h = 320
	}
	if len(v.Blocs) > 1 && width >= 700 {
		h += 80
	} else if len(v.Blocs) > 1 {
		h = h*2 - 120
	}
	if width < 480 {
		h += h / 4
	}
	return (h + 9) / 10 * 10
}
