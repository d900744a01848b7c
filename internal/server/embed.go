package server

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// embedding is what the embedding features (SPEC §9) take from the configuration: the public
// base URL every written URL starts with (never the request's Host or X-Forwarded-Host), the
// partners and the default frame-ancestors.
type embedding struct {
	publicURL string                    // e.g. "https://widgets.example.fr", no trailing slash
	ancestors string                    // CSP frame-ancestors of widgets without a partner
	partners  map[string]config.Partner // by key
	list      []config.Partner          // in config order, for the preview
}

func newEmbedding(cfg config.Config) embedding {
	e := embedding{
		publicURL: strings.TrimRight(cfg.PublicURL, "/"),
		ancestors: withSelf(cfg.FrameAncestors),
		partners:  map[string]config.Partner{},
		list:      cfg.Partners,
	}
	for _, p := range cfg.Partners {
		e.partners[p.Key] = p
	}
	return e
}

// withSelf joins a frame-ancestors source list, adding 'self' (the editors' preview frames the
// widgets) unless the list already allows every origin or is 'none'.
func withSelf(sources []string) string {
	if len(sources) == 0 {
		return "'none'"
	}
	if slices.Contains(sources, "*") || slices.Contains(sources, "'none'") || slices.Contains(sources, "'self'") {
		return strings.Join(sources, " ")
	}
	return "'self' " + strings.Join(sources, " ")
}

// widgetOptions is what ParseRequest needs to know of the partners.
func (e embedding) widgetOptions() map[string]widget.Partner {
	out := make(map[string]widget.Partner, len(e.partners))
	for k, p := range e.partners {
		out[k] = widget.Partner{Theme: p.DefaultTheme, Audience: widget.Audience(p.DefaultAudience), Themes: p.AllowedThemes}
	}
	return out
}

// frameAncestorsKey is the echo.Context key of the frame-ancestors of one response (policy.write
// reads it; the configured default applies when it is absent).
const frameAncestorsKey = "ijwidgets.frame_ancestors"

// setFrameAncestors makes the widget response of c frameable by the partner's origins, or by the
// default frame_ancestors when partner is "" or has no origins.
func (e embedding) setFrameAncestors(c echo.Context, partner string) {
	fa := e.ancestors
	if p, ok := e.partners[partner]; ok && len(p.Origins) > 0 {
		fa = withSelf(p.Origins)
	}
	c.Set(frameAncestorsKey, fa)
}

// frameAncestors returns what setFrameAncestors set on c, or def.
func frameAncestors(c echo.Context, def string) string {
	if fa, ok := c.Get(frameAncestorsKey).(string); ok {
		return fa
	}
	return def
}

// queryOrder is the order of the known query parameters in the URLs the service writes. embed.js
// appends its data-* parameters in the same order after those of data-ijwidget, so the no-script
// iframe of a snippet and the iframe embed.js makes of it have the same URL.
var queryOrder = []string{"title", "partner", "theme", "audience", "template", "scheme", "layout", "vue", "millesime"}

// widgetQuery returns the canonical query of r, in queryOrder: the parameters whose value is not
// the default (for r's partner). It depends on r alone, like the ETag and the body: the same
// widget always gets the same URL, and unknown parameters (utm_source…) never reach it.
func (e embedding) widgetQuery(r widget.Request, themeNames []string) []param {
	defTheme, defAudience := themeNames[0], widget.Audience("")
	if p, ok := e.partners[r.Partner]; ok {
		if len(p.AllowedThemes) > 0 {
			defTheme = p.AllowedThemes[0]
		}
		if p.DefaultTheme != "" {
			defTheme = p.DefaultTheme
		}
		defAudience = widget.Audience(p.DefaultAudience)
	}
	var out []param
	add := func(k, v string, set bool) {
		if set {
			out = append(out, param{k, v})
		}
	}
	add("title", "0", r.HideTitle)
	add("partner", r.Partner, r.Partner != "")
	add("theme", r.Theme, r.Theme != defTheme)
	add("audience", string(r.Audience), r.Audience != defAudience)
	add("template", r.Template, r.Template != "")
	add("scheme", r.Scheme, r.Scheme != "auto" && r.Scheme != "")
	add("layout", string(r.Layout), r.Layout != widget.LayoutAuto && r.Layout != "")
	add("vue", "filieres", r.Filieres && len(r.Codes) == 1)
	add("millesime", string(r.Millesime), r.Millesime != "")
	return out
}

// param is one query parameter of a written URL.
type param struct{ key, value string }

func encode(ps []param) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.key) + "=" + url.QueryEscape(p.value))
	}
	return b.String()
}

func withParams(path string, ps []param) string {
	if len(ps) == 0 {
		return path
	}
	return path + "?" + encode(ps)
}

// oembedHref is the oEmbed discovery URL of the widget page of r (SPEC §9), from public_url.
func (e embedding) oembedHref(r widget.Request, themeNames []string) string {
	page := e.publicURL + withParams(widget.Path(r), e.widgetQuery(r, themeNames))
	return e.publicURL + "/oembed?format=json&url=" + url.QueryEscape(page)
}

// pageData is the template data of the HTML widget document of v: its oEmbed link, its script
// and its stylesheets (static files, versioned: the widget has no inline style).
func (s *Server) pageData(v widget.View, th themes.Theme) templates.PageData {
	return templates.PageData{
		View:       v,
		Theme:      th,
		OEmbedURL:  s.embed.oembedHref(v.Request, s.opts.Themes),
		ScriptSrc:  "/static/resize.js?v=" + static.ResizeVersion,
		StyleHrefs: []string{s.themeCSS[themeFile(v.Request.Theme, v.Request.Scheme)], "/static/widget.css?v=" + static.WidgetCSSVersion},
	}
}

// Snippets are the three embed codes of one widget (SPEC §9), copy-paste ready.
type Snippets struct {
	IFrame string // a plain iframe: no script, a fixed height, scrolling when the widget is taller
	Script string // a div that embed.js sizes to the widget, holding the iframe shown without script
	Image  string // the .svg image with its text alternative, for CMSs that strip iframes and for e-mails
}

// snippetWidth is the column width (px) the snippets' iframe height is made for: a phone in
// landscape or a narrow column. Wider columns leave a little space under a plain iframe; a phone
// in portrait scrolls it (the script snippet fits both exactly).
const snippetWidth = 480

// snippetInput is what the snippets of one widget are made of.
type snippetInput struct {
	base     string  // the service's public URL
	path     string  // the widget's canonical path
	query    []param // its parameters, in queryOrder
	title    string  // the iframe title
	height   int     // the iframe's initial height in px
	width    int     // the iframe's largest width in px (oEmbed maxwidth); 0 for the column's width
	alt      string  // the image's text alternative
	svgW     int     // the image's width and height in px
	svgH     int
	svgQuery []param // the image's parameters
}

func makeSnippets(in snippetInput) Snippets {
	src := in.base + withParams(in.path, in.query)
	width, maxWidth := "100%", ""
	if in.width > 0 {
		width, maxWidth = strconv.Itoa(in.width), "max-width:"+strconv.Itoa(in.width)+"px;"
	}
	iframe := func(src string) string {
		return `<iframe src="` + html.EscapeString(src) + `" title="` + html.EscapeString(in.title) + `" width="` + width + `" height="` +
			strconv.Itoa(in.height) + `" style="width:100%;` + maxWidth + `height:` + strconv.Itoa(in.height) + `px;border:0" loading="lazy"></iframe>`
	}
	frame := iframe(src)
	// The script snippet's iframe carries its id (#ijw=…) from the start: embed.js keeps it as it
	// is, and the widget posts its height under that id.
	sum := sha256.Sum256([]byte(src))
	framed := iframe(src + "#ijw=ijw-" + hex.EncodeToString(sum[:4]))
	// data-ijwidget carries title=0; the other parameters are data-* attributes.
	var dataPath = in.path
	var attrs strings.Builder
	for _, p := range in.query {
		if p.key == "title" {
			dataPath += "?title=0"
			continue
		}
		attrs.WriteString(` data-` + p.key + `="` + html.EscapeString(p.value) + `"`)
	}
	script := `<div data-ijwidget="` + html.EscapeString(dataPath) + `"` + attrs.String() + ` data-title="` + html.EscapeString(in.title) + `">` + "\n" +
		"  " + framed + "\n" +
		`</div>` + "\n" +
		`<script src="` + html.EscapeString(in.base+"/embed.js") + `" async></script>`
	img := `<img src="` + html.EscapeString(in.base+withParams(in.path+".svg", in.svgQuery)) + `" alt="` + html.EscapeString(in.alt) +
		`" width="` + strconv.Itoa(in.svgW) + `" height="` + strconv.Itoa(in.svgH) + `" style="max-width:100%;height:auto" loading="lazy">`
	return Snippets{IFrame: frame, Script: script, Image: img}
}

// embedRoutes registers /embed.js, /oembed and /preview.
func (s *Server) embedRoutes(get func(string, echo.HandlerFunc, ...echo.MiddlewareFunc)) {
	get("/embed.js", s.embedJS)
	get("/oembed", s.oembed, s.rendersAlways)
	get("/preview", s.preview, s.rendersAlways)
}

// embedJS serves static/embed.js to partner pages: cacheable, nosniff, loadable cross-origin.
func (s *Server) embedJS(c echo.Context) error {
	c.Response().Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	return s.policy.write(c, http.StatusOK, "text/javascript; charset=utf-8", kindScript, []byte(static.EmbedJS))
}
