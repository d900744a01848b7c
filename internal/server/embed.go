package server

import (
	"net/http"
	"slices"
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
	if p, ok := e.partners[partner]; ok && len(p.Origins) > 0 {
		c.Set(frameAncestorsKey, withSelf(p.Origins))
	}
	// else frameAncestors gives the default: not set, which cost an allocation per answer
}

// frameAncestors returns what setFrameAncestors set on c, or def.
func frameAncestors(c echo.Context, def string) string {
	if fa, ok := c.Get(frameAncestorsKey).(string); ok {
		return fa
	}
	return def
}

// queryOrder is widget.QueryOrder: the order of the parameters in the URLs the service writes.
var queryOrder = widget.QueryOrder

// widgetQuery returns the canonical query of r (widget.CanonicalQuery) with the deployment's
// themes and partners.
func (e embedding) widgetQuery(r widget.Request, themeNames []string) []param {
	return widget.CanonicalQuery(r, widget.Options{Themes: themeNames, Partners: e.widgetOptions()})
}

// param is one query parameter of a written URL.
type param = widget.Param

func encode(ps []param) string { return widget.EncodeQuery(ps) }

func withParams(path string, ps []param) string { return widget.WithQuery(path, ps) }

// oembedHref is the oEmbed discovery URL of the widget page of r (SPEC §9), from public_url.
func (e embedding) oembedHref(r widget.Request, themeNames []string) string {
	// The page's URL, then the discovery URL around it escaped, in stack buffers: one allocation,
	// the result (issue 11 item 5: five before, on every uncached HTML render).
	var pageBuf, buf [512]byte
	page := append(pageBuf[:0], e.publicURL...)
	page = widget.AppendPath(page, r)
	if ps := e.widgetQuery(r, themeNames); len(ps) > 0 {
		page = append(page, '?')
		page = append(page, widget.EncodeQuery(ps)...)
	}
	out := append(buf[:0], e.publicURL...)
	out = append(out, "/oembed?format=json&url="...)
	return string(appendQueryEscape(out, page))
}

// appendQueryEscape appends s escaped as url.QueryEscape escapes it: unreserved bytes kept, the
// space as "+", any other byte as %XX in upper case.
func appendQueryEscape(dst, s []byte) []byte {
	const hex = "0123456789ABCDEF"
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			dst = append(dst, c)
		case c == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
	}
	return dst
}

// pageData is the template data of the HTML widget document of v: its oEmbed link, its script
// and its stylesheets (static files, versioned: the widget has no inline style).
func (s *Server) pageData(v widget.View, th themes.Theme) templates.PageData {
	return templates.PageData{
		View:       v,
		Theme:      th,
		OEmbedURL:  s.embed.oembedHref(v.Request, s.opts.Themes),
		ScriptSrc:  resizeScriptSrc,
		StyleHrefs: s.styleHrefs(v.Request.Theme, v.Request.Scheme),
	}
}

// The versioned URLs of the widget's script and stylesheet, made once.
var (
	resizeScriptSrc = "/static/resize.js?v=" + static.ResizeVersion
	widgetCSSHref   = "/static/widget.css?v=" + static.WidgetCSSVersion
)

// styleHrefs are the stylesheets of a widget of theme and scheme: the theme's, then
// static/widget.css; made once per theme × scheme (New), read-only (templates do not change it).
func (s *Server) styleHrefs(theme, scheme string) []string {
	file := themeFile(theme, scheme)
	if h, ok := s.pageStyles[file]; ok {
		return h
	}
	return []string{s.themeCSS[file], widgetCSSHref}
}

// snippets returns the embed codes of v (widget.Snippets, in that order: script, iframe,
// image, oembed) for a column the editor sized at width px (0: none picked, sized for a phone):
// the iframe height from the measured heights (templates.FrameHeight), both SVG layouts measured.
func (s *Server) snippets(v widget.View, width int) []widget.Snippet {
	return widget.Snippets(s.embed.publicURL, v, s.snippetOptions(v, width))
}

// snippetOptions are the measured sizes of the snippets of v at width px (see snippets).
func (s *Server) snippetOptions(v widget.View, width int) widget.SnippetOptions {
	th, _ := s.themes.Get(v.Request.Theme)
	o := widget.SnippetOptions{Options: s.opts, FrameHeight: templates.FrameHeight(v, width)}
	for _, l := range []widget.Layout{widget.LayoutVertical, widget.LayoutHorizontal} {
		sv := v
		sv.Request.Layout = l
		lay := templates.LayoutSVG(sv, th)
		o.Images = append(o.Images, widget.ImageSize{Layout: l, Width: lay.Width, Height: lay.Height})
	}
	return o
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
