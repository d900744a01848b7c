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
	query := s.embed.widgetQuery(v.Request, s.opts.Themes)
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
	var rt widget.Route
	switch parts := strings.Split(rest, "/"); {
	case len(parts) == 2 && parts[0] == "certifications":
		rt = widget.Route{Scope: widget.ScopeCertification, Last: parts[1]}
	case len(parts) == 4 && parts[0] == "regions" && parts[2] == "certifications":
		rt = widget.Route{Scope: widget.ScopeRegion, Region: parts[1], Last: parts[3]}
	case len(parts) == 2 && parts[0] == "etablissements":
		rt = widget.Route{Scope: widget.ScopeEtablissement, Last: parts[1]}
	case len(parts) == 3 && parts[0] == "formations":
		rt = widget.Route{Scope: widget.ScopeFormation, UAI: parts[1], Last: parts[2]}
	default:
		return widget.View{}, false
	}
	req, err := widget.ParseRoute(rt, u.Query(), s.opts)
	if err != nil || req.Format != widget.FormatHTML {
		return widget.View{}, false
	}
	v, err := widget.Build(req, src)
	if err != nil || v.State.Unknown() {
		return widget.View{}, false
	}
	return v, true
}

// imageAlt is the text alternative of the widget's image: its finding, which names the
// certification, the place and the promotions (the title when there is no finding).
func imageAlt(v widget.View) string {
	if v.Texts.Resume != "" {
		return v.Texts.Resume
	}
	return templates.SVGTitle(v)
}

// heightWidths are the widths (px) of the columns of heightTable.
var heightWidths = [4]int{320, 480, 640, 1000}

// heightTable gives the heights (px) of HTML widgets at heightWidths, measured in chromium on
// the real data (32032002 and 23220034307 in Île-de-France, 23220022349 for a small group).
var heightTable = map[string]map[widget.Audience][4]int{
	"une voie": {
		widget.AudienceCollege: {700, 625, 590, 590}, widget.AudienceLycee: {760, 595, 590, 445},
		widget.AudienceSuperieur: {725, 515, 445, 370}, widget.AudienceAccompagnateur: {1150, 970, 885, 765},
	},
	"deux voies": {
		widget.AudienceCollege: {1370, 1150, 1120, 645}, widget.AudienceLycee: {1395, 1360, 1060, 615},
		widget.AudienceSuperieur: {1380, 1275, 840, 535}, widget.AudienceAccompagnateur: {2390, 1855, 1720, 1060},
	},
	"sans chiffres": {
		widget.AudienceCollege: {360, 315, 285, 260}, widget.AudienceLycee: {385, 315, 285, 260},
		widget.AudienceSuperieur: {385, 315, 285, 260}, widget.AudienceAccompagnateur: {485, 365, 335, 315},
	},
}

// estimateHeight is the height in px of the HTML widget of v in a column of width px, rounded
// up to 10 px: the height of the snippets' iframes (embed.js then sets the exact one) and the
// oEmbed height. It interpolates heightTable; a long label can add a line or two.
func estimateHeight(v widget.View, width int) int {
	kind := "une voie"
	switch {
	case len(v.Blocs) > 1:
		kind = "deux voies"
	case !v.State.Found() || v.State.CohortOnly():
		kind = "sans chiffres"
	}
	row, ok := heightTable[kind][v.Audience]
	if !ok {
		row = heightTable[kind][widget.AudienceLycee]
	}
	h := row[0]
	switch {
	case width >= heightWidths[3]:
		h = row[3]
	case width > heightWidths[0]:
		for i := 1; i < 4; i++ {
			if width <= heightWidths[i] {
				w0, w1 := heightWidths[i-1], heightWidths[i]
				h = row[i-1] + (row[i]-row[i-1])*(width-w0)/(w1-w0)
				break
			}
		}
	}
	return (h + 9) / 10 * 10
}
