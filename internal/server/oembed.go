package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/widget"
)

// OEmbed is the oEmbed 1.0 response of a widget page (type "rich"): the iframe snippet with its
// size (height for the maxwidth column, templates.FrameHeight), and the script snippet. https://oembed.com/ §2.3.
type OEmbed struct {
	Type         string `json:"type"`    // "rich"
	Version      string `json:"version"` // "1.0"
	Title        string `json:"title"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	CacheAge     int    `json:"cache_age"` // seconds
	HTML         string `json:"html"`      // the plain iframe snippet, with a title (oEmbed §2.3.4: rich)
	// ScriptHTML is the script snippet (div + embed.js), sized to the widget at every width: the
	// code we recommend (issue 13), for consumers that accept a script. An extension field:
	// oEmbed §2.3.4 lets a provider add its own.
	ScriptHTML string `json:"script_html"`
	Width      int    `json:"width"`  // px, at most maxwidth
	Height     int    `json:"height"` // px, at most maxheight
}

// ProviderName is the provider_name of the oEmbed responses.
const ProviderName = "InserJeunes (ijwidgets)"

// oembed answers GET /oembed?url=…[&maxwidth=…][&maxheight=…][&format=json] (SPEC §9). A URL
// that is not a widget page of this service (another host than public_url, another path, an
// unknown certification) is a 404; a format other than json is a 501 (oEmbed §2.3.4).
func (s *Server) oembed(c echo.Context) error {
	q := c.QueryParams()
	fail := func(status int, code, param, message string) error {
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
	width := 640
	if mw, ok := limits["maxwidth"]; ok {
		width = min(mw, 1200)
	}
	o := s.snippetOptions(v, width)
	height := o.FrameHeight
	if mh, ok := limits["maxheight"]; ok {
		height = min(height, mh)
	}
	o.FrameHeight = height
	sn := widget.Snippets(s.embed.publicURL, v, o)
	body, err := json.Marshal(OEmbed{
		Type: "rich", Version: "1.0", Title: v.Texts.Title, ProviderName: ProviderName,
		ProviderURL: s.embed.publicURL + "/", CacheAge: int(s.policy.maxAge.Seconds()),
		HTML: widget.SnippetOf(sn, widget.SnippetIFrame), ScriptHTML: widget.SnippetOf(sn, widget.SnippetScript),
		Width: width, Height: height,
	})
	if err != nil {
		return err
	}
	// CORS: the cors middleware (sendsCORS), on every answer and on the preflight.
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
	rt, ok := widget.ParsePath("/widgets/" + rest)
	if !ok {
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
