// Package server is the HTTP interface of ijwidgets (SPEC §8), on Echo v4. Handlers are thin:
// parse with widget.ParseRequest, build with widget.Build, render with templates; response.go
// owns every header, the ETag and compression.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/internal/version"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// Server serves the widgets of the store's current snapshot.
type Server struct {
	echo     *echo.Echo
	store    *store.Store
	themes   *themes.Registry
	log      *slog.Logger
	access   atomic.Pointer[accessSink] // the access log's (SetAccessWriter, SetAccessLog; log by default)
	policy   policy
	opts     widget.Options
	embed    embedding
	metrics  *metrics
	static   map[string]*response
	themeCSS map[string]string // versioned URL of each theme × scheme stylesheet, by its path under /static/
	// pageStyles are the stylesheet URLs of the HTML widget, by theme file (styleHrefs).
	pageStyles map[string][]string
	partners   map[string]config.Partner
	assets     string // assetsVersion: code, static files, themes, body settings
	dataDir    string // what Reload reads ("" the embedded demonstration data)
	draining   atomic.Bool
	versions   versionHeaders   // X-Ijwidgets-Version and X-Ijwidgets-Data-Version (version.go)
	now        func() time.Time // the rate limiters' clock (time.Now; tests set their own)
	// renders is the per-IP bucket of answers not served from the rendered-output cache (nil:
	// unlimited); rendersAfter its Retry-After.
	renders      *ipBuckets
	rendersAfter string
	// galleryCache keeps the gallery's tiles: a closed set of fixture widgets.
	galleryCache *store.RenderCache
	// gallerySource is the fixture data of the gallery, the embedded demonstration dataset,
	// loaded on the first tile.
	gallerySource func() (*data.Snapshot, error)
	// loadTimeout bounds each Reload (config load.timeout; 0: none).
	loadTimeout time.Duration
	// apiKeys are the partners' data API keys, by SHA-256 (config partners[].api_keys).
	apiKeys apiKeys
	// openAPI and docsHTML are the description of the data routes and its page (openapi.go).
	openAPI, docsHTML []byte
	// search is the configurator's search index, one per snapshot (issue 13), built from the
	// first /preview on (wantSearch), then for every snapshot swapped in.
	search searchCache
	// searchWanted is set by the first /preview (or WarmSearch): until then no index is built.
	searchWanted atomic.Bool
}

// ctxCache is the echo.Context key of the rendered-output cache result, for the access log.
const ctxCache = "ijw.cache"

// New wires the middleware and routes. The store must have a snapshot before requests arrive
// (/readyz says so). The error is a static_dir that cannot be served.
func New(cfg config.Config, st *store.Store, th *themes.Registry, log *slog.Logger) (*Server, error) {
	s := &Server{
		echo:    echo.New(),
		store:   st,
		themes:  th,
		log:     log,
		policy:  policy{frameAncestors: strings.Join(cfg.FrameAncestors, " "), maxAge: cfg.MaxAge, notFoundMaxAge: cfg.NotFoundMaxAge},
		metrics: newMetrics(st),
		opts: widget.Options{Themes: th.Names(), Templates: templates.TemplateNames(), Publication: widget.Publication{
			InserJeunes: cfg.Publication.InserJeunes, Etablissements: cfg.Publication.Etablissements, InserSup: cfg.Publication.InserSup}},
		embed:    newEmbedding(cfg),
		partners: map[string]config.Partner{},
		assets:   assetsVersion(cfg, th),
		dataDir:  cfg.Data,
		now:      time.Now,
		// A tile is about 10 KB and the gallery has a few hundred: 16 MiB holds them all.
		galleryCache: store.NewRenderCache(16<<20, nil),
		gallerySource: sync.OnceValues(func() (*data.Snapshot, error) {
			snap, _, err := data.LoadDemo()
			return snap, err
		}),

		loadTimeout: cfg.Load.Timeout,
	}
	s.access.Store(&accessSink{logger: log})
	// Once /preview has been used, every snapshot swapped in (SIGHUP, admin reload) gets its
	// search index built at once, in the background; searches use the previous one meanwhile.
	// Before, none is built: an index costs 0.8 s of CPU and 275 MB allocated (90 MiB kept) on
	// the real data, competing with the widgets' traffic at start-up and on every reload, for a
	// page only editors open (issue 11 item 5).
	s.search.Failed = func(err error) { s.log.Error("search index not built", "err", err.Error()) }
	st.OnSwap(func(snap *store.Snapshot) {
		if s.searchWanted.Load() {
			s.search.Install(snap.Snapshot)
		}
	})
	s.opts.Partners = s.embed.widgetOptions()
	s.policy.frameAncestors = s.embed.ancestors
	s.apiKeys = apiKeys{}
	for _, p := range cfg.Partners {
		s.partners[p.Key] = p
		for _, h := range p.APIKeys {
			s.apiKeys[h] = p.Key
		}
	}
	var err error
	if s.static, err = loadStatic(cfg.StaticDir); err != nil {
		return nil, err
	}
	if s.themeCSS, err = addThemeFiles(s.static, th); err != nil {
		return nil, err
	}
	s.pageStyles = make(map[string][]string, len(s.themeCSS))
	for file, href := range s.themeCSS {
		s.pageStyles[file] = []string{href, widgetCSSHref}
	}
	s.opts.Partners = s.embed.widgetOptions()
	s.policy.frameAncestors = s.embed.ancestors
	s.policy.prepare()
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.httpError
	e.IPExtractor = ipExtractor(cfg.HTTP)
	// The middleware, outermost first, composed once (chain.go): add to it with use, not e.Use.
	var mws []echo.MiddlewareFunc
	use := func(mw ...echo.MiddlewareFunc) { mws = append(mws, mw...) }
	use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "route", c.Path(), "err", err, "stack", string(stack))
			return err
		},
	}))
	use(newRequestIDs().middleware)
	use(unescapeParams) // the route parameters as their segments say once unescaped (params.go)
	s.versions.code = []string{version.String()}
	use(s.versionMiddleware)
	use(s.closeWhileDraining)
	if cfg.AccessLog {
		use(s.accessLog())
	}
	use(s.metrics.httpMiddleware())
	use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit: strconv.FormatInt(cfg.HTTP.BodyLimit, 10),
		// A request without a body (net/http's NoBody: every GET of a widget) has nothing to
		// limit: no limited reader wrapped around it on every answer (issue 11).
		Skipper: func(c echo.Context) bool { return c.Request().Body == http.NoBody },
	}))
	use(cors, s.apiKeyMiddleware) // before the quotas: a valid API key lifts them (issue 14)
	use(s.rejectBadQuery)
	use(s.rateLimiters(cfg.RateLimit, cfg.Partners)...)
	// The widget routes answer from memory or render without the request's context (a render
	// is shared by the requests of one key), and the static files are in memory: a deadline
	// would change nothing there, and making one cost 6 allocations and a tenth of a cached
	// answer (issue 11). serveWidget sheds a render whose client has left.
	untimed := map[string]bool{"/static/*": true}
	for _, rs := range widget.Routes {
		untimed[rs.Pattern] = true
	}
	use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{
		Timeout: cfg.HTTP.RequestTimeout,
		Skipper: func(c echo.Context) bool { return untimed[c.Path()] },
	}))

	// HEAD is answered like GET (Echo registers GET alone); net/http drops the body.
	get := func(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h, mw...)
	}
	for _, rs := range widget.Routes {
		get(rs.Pattern, s.widgetHandler(rs.Scope))
	}
	s.registerLegacy(get)                      // the predecessor's /api/inserjeunes routes (legacy.go)
	if err := s.registerAPI(get); err != nil { // the data API and its description (dataapi.go, openapi.go)
		return nil, fmt.Errorf("data API description: %w", err)
	}
	get("/healthz", s.healthz)
	get("/readyz", s.readyz)
	get("/", s.index)
	get("/gallery", s.gallery, s.rendersAlways)
	get(templates.GalleryTileRoute, s.galleryTile)
	s.embedRoutes(get)
	get("/static/*", s.staticFile)
	if cfg.MetricsEnabled && cfg.MetricsAddr == "" {
		// On the public listener only behind a token (config.validate requires one); by
		// default /metrics has a listener of its own (MetricsHandler).
		get("/metrics", s.metrics.handler(), metricsAuth(cfg.MetricsToken))
	}
	if cfg.AdminToken != "" {
		e.POST("/admin/reload", s.adminReload, s.adminAuth(cfg.AdminToken))
	}
	e.Use(newChain(e, mws).middleware) // after the routes: it learns their handlers' code
	return s, nil
}

// ServeHTTP makes the server an http.Handler (used by serve, render and tests alike).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// rendered is a widget answer as kept in the rendered-output cache.
type rendered struct {
	response
	audience string       // the audience the view resolved to (label of the renders metric)
	state    widget.State // the data state shown
	// buf holds body when it is a pooled render buffer (an answer not kept in the cache):
	// release gives it back once the body is written.
	buf *bytes.Buffer
}

// release returns r's render buffer to the pool; r's body must not be read afterwards.
func (r *rendered) release() {
	if r.buf != nil {
		putRenderBuffer(r.buf)
		r.buf, r.body = nil, nil
	}
}

// size is what the entry weighs in the rendered-output cache, in bytes.
func (r *rendered) size() int64 { return int64(len(r.body) + len(r.gzip) + len(r.etag) + 64) }

func (s *Server) widgetHandler(scope widget.Scope) echo.HandlerFunc {
	return func(c echo.Context) error {
		snap := s.store.Current() // one snapshot for the whole request
		if snap == nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
		return s.serveWidget(c, snap, snap.Version, snap.Rendered, widget.RouteOf(scope, c.Param), queryOf(c), kindWidgetHTML)
	}
}

// noQuery is the query of a URL without one, shared and never written: url.Values of an empty
// query cost a map per request (most embeds have no query string).
var noQuery = url.Values{}

// queryOf is the query of c's URL, read-only: Echo's parsed one, or noQuery when there is none.
func queryOf(c echo.Context) url.Values {
	if c.Request().URL.RawQuery == "" {
		return noQuery
	}
	return c.QueryParams()
}

// serveWidget parses, builds, renders (through the rendered-output cache rc when not nil) and
// writes one widget of src, whose data version is version: the widget routes and the gallery
// tiles share it. A conditional request is answered before any render: from the cached entry
// when there is one, else from the view's representation ETag (issue 11: with the caches off a
// 304 cost a full render).
func (s *Server) serveWidget(c echo.Context, src widget.Source, version string, rc *store.RenderCache, rt widget.Route, q url.Values, htmlKind kind) error {
	_, format := widget.SplitFormat(rt.Last)
	req, err := widget.ParseRoute(rt, q, s.opts)
	if err != nil {
		return s.requestError(c, format, err)
	}
	// A request whose client has left (or whose context an outer layer ended) is shed with a
	// 503 rather than rendered.
	if err := c.Request().Context().Err(); err != nil {
		return echo.ErrServiceUnavailable.WithInternal(err)
	}
	s.embed.setFrameAncestors(c, req.Partner) // per request: never from the rendered-output cache
	// The cache key is the request as parsed; the ETag of the entry is that of the body's
	// representation (representationETag), shared by the requests that render the same body.
	route := c.Path()
	var keyBuf [keyBufBytes]byte
	keyBytes := appendWidgetKey(keyBuf[:0], s.assets, version, route, req)
	var (
		out   *rendered
		cache = cacheOff
		pre   built // built ahead of the render for a conditional request
	)
	// A cached answer (or its 304) first: one look-up, nothing else made (issue 11).
	if rc != nil {
		if entry, hit := rc.HitBytes(keyBytes); hit {
			out = entry.(*rendered)
			c.Set(ctxCache, cacheHit)
			s.metrics.render(renderKey{string(req.Scope), string(req.Format), req.Theme, out.audience, s.partner(c), cacheHit.(string)})
			return s.policy.writeResponse(c, &out.response)
		}
	}
	if c.Request().Header.Get("If-None-Match") != "" {
		if pre, err = s.build(src, req, version, route, htmlKind); err != nil {
			return s.requestError(c, format, err)
		}
		if s.policy.notModified(c, &pre.out.response) {
			c.Set(ctxCache, cacheRevalidated)
			s.metrics.render(renderKey{string(req.Scope), string(req.Format), req.Theme, pre.out.audience, s.partner(c), "revalidated"})
			return nil
		}
	}
	// Not from the cache: a render, drawn on the client's render bucket (issue 10).
	if err := s.allowRender(c); err != nil {
		return err
	}
	key := string(keyBytes)
	// Rendering is shared by the concurrent requests of one key: it must not stop with the
	// first one's context (made only for a render: a hit needs none, issue 11).
	renderCtx := func() context.Context { return context.WithoutCancel(c.Request().Context()) }
	if rc == nil {
		if out, err = s.render(renderCtx(), src, req, pre, version, route, false, htmlKind); err == nil {
			defer out.release() // after the body is written
		}
	} else {
		var entry any
		var hit bool
		entry, hit, err = rc.Get(key, func() (any, int64, bool, error) {
			r, err := s.render(renderCtx(), src, req, pre, version, route, true, htmlKind)
			if err != nil {
				return nil, 0, false, err
			}
			// A code nobody knows has an unbounded key space: render it, do not keep it.
			return r, r.size(), !r.state.Unknown(), nil
		})
		out, _ = entry.(*rendered)
		cache = cacheMiss
		if hit {
			cache = cacheHit
		}
	}
	if err != nil {
		return s.requestError(c, format, err)
	}
	c.Set(ctxCache, cache)
	s.metrics.render(renderKey{string(req.Scope), string(req.Format), req.Theme, out.audience, s.partner(c), cache.(string)})
	return s.policy.writeResponse(c, &out.response)
}

// The cache results of the access log, as interface values made once (c.Set of a string
// variable would allocate on every request).
var (
	cacheOff, cacheMiss, cacheHit, cacheRevalidated any = "off", "miss", "hit", "revalidated"
)

// built is a view with its answer but the body (status, kind, content type, representation
// ETag), ready to render.
type built struct {
	view widget.View // by value: a render keeps it on its stack (issue 11 item 5)
	out  *rendered   // nil: not built
}

// build builds the view of req on src and its answer but the body. The assets and data
// versions and the route make the ETag with the representation (route "": the body's hash).
func (s *Server) build(src widget.Source, req widget.Request, version, route string, htmlKind kind) (built, error) {
	v, err := widget.Build(req, src)
	if err == nil {
		err = templates.Check(v)
	}
	if err != nil {
		return built{}, err
	}
	out := &rendered{audience: string(v.Audience), state: v.State}
	surface := v.Surface()
	out.status = statusOf(surface, v.Outcome())
	// No figures because the data lacks them: kept briefly, the next data may have them.
	out.dataNotFound = v.Outcome() != widget.OutcomeFound
	out.alwaysCompressible = surface != widget.SurfaceEmptySVG
	switch surface {
	case widget.SurfaceJSON:
		out.contentType, out.kind = echo.MIMEApplicationJSON, kindJSON
	case widget.SurfaceCSV:
		out.contentType, out.kind = csvContentType, kindJSON
		out.disposition = `attachment; filename="` + widgetCSVName(v) + `"`
	case widget.SurfaceSVG, widget.SurfaceEmptySVG:
		out.contentType, out.kind = svgContentType, kindWidgetSVG
	default:
		out.contentType, out.kind = echo.MIMETextHTMLCharsetUTF8, htmlKind
	}
	if route != "" {
		out.etag = representationETag(s.assets, version, route, representationOf(v, surface))
	}
	return built{view: v, out: out}, nil
}

// render renders req on src in its format (from pre when a conditional request built it
// already). With compress (the entry is going into the cache), the gzip form and the header
// values are computed too: most clients want them.
func (s *Server) render(ctx context.Context, src widget.Source, req widget.Request, pre built, version, route string, compress bool, htmlKind kind) (*rendered, error) {
	b := pre
	if b.out == nil {
		var err error
		if b, err = s.build(src, req, version, route, htmlKind); err != nil {
			return nil, err
		}
	}
	v, out := &b.view, b.out
	th, _ := s.themes.Get(v.Request.Theme)
	var err error
	switch v.Surface() {
	case widget.SurfaceJSON:
		out.body, err = json.Marshal(v.JSON())
	case widget.SurfaceCSV:
		out.body, err = widgetCSV(src, *v, s.opts, s.embed.publicURL)
	case widget.SurfaceSVG:
		out.buf = getRenderBuffer()
		err = templates.RenderSVG(out.buf, v, th)
	case widget.SurfaceEmptySVG: // SPEC §8 onerror=empty: nothing drawn, nothing broken
		out.body = []byte(emptySVG)
	default:
		out.buf = getRenderBuffer()
		d := s.pageData(*v, th)
		err = templates.WritePage(ctx, out.buf, &d)
	}
	if out.buf != nil {
		out.body = out.buf.Bytes()
	}
	if err != nil {
		out.release()
		return nil, fmt.Errorf("render %s widget: %w", v.Request.Format, err)
	}
	if compress { // going into the cache: hold the bytes only, not the render buffer
		out.body = bytes.Clone(out.body)
		if out.buf != nil {
			putRenderBuffer(out.buf)
			out.buf = nil
		}
		if out.compressible() {
			out.gzip = gzipBytes(out.body)
		}
		out.seal()
	}
	return out, nil
}

// renderBufferBytes is the initial buffer of a render, in bytes: above today's widgets (HTML
// about 9.5 KB, SVG 6 KB), so a render does not grow its buffer several times.
const renderBufferBytes = 16 << 10

// renderBuffers are the buffers of widget renders, reused: a 16 KiB buffer per render was a
// third of an uncached render's bytes (issue 11), and so of its garbage collection.
var renderBuffers = sync.Pool{New: func() any {
	b := new(bytes.Buffer)
	b.Grow(renderBufferBytes)
	return b
}}

func getRenderBuffer() *bytes.Buffer {
	b := renderBuffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// putRenderBuffer gives b back, unless a rare large body grew it (the pool keeps usual sizes).
func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() <= 4*renderBufferBytes {
		renderBuffers.Put(b)
	}
}

// renderComponent renders a component into a buffer, so a failure never sends half a page.
func renderComponent(ctx context.Context, comp templ.Component) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(renderBufferBytes)
	if err := comp.Render(ctx, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// requestError answers a parse or build error: an *widget.InputError is a 400, anything else
// goes to httpError (500).
func (s *Server) requestError(c echo.Context, format widget.Format, err error) error {
	var ie *widget.InputError
	if errors.As(err, &ie) {
		return s.inputError(c, format, ie)
	}
	return err
}

// inputError answers 400: a JSON body {error, message, param} for .json and .svg, a readable page
// for HTML (SPEC §8). The message is ours; the rejected value is never echoed.
func (s *Server) inputError(c echo.Context, format widget.Format, ie *widget.InputError) error {
	if format == widget.FormatHTML {
		return s.errorPage(c, errorStatus(ie), "Paramètre invalide : "+ie.Param, ie.Message)
	}
	body, _ := json.Marshal(ie)
	return s.policy.write(c, errorStatus(ie), echo.MIMEApplicationJSON, kindJSON, body)
}

func (s *Server) errorPage(c echo.Context, status int, title, message string) error {
	th, _ := s.themes.Get(themes.Default)
	// Errors are also written after the middleware returned, when ContextTimeout has cancelled
	// the request context; templ refuses to render into a cancelled context.
	body, err := renderComponent(context.WithoutCancel(c.Request().Context()), templates.ErrorPage(th, title, message))
	if err != nil {
		return err
	}
	k := kindPage
	if strings.HasPrefix(c.Request().URL.Path, "/widgets/") {
		// A partner's typo or a rate limit must read as a sentence in its iframe, not as the
		// browser's "refused to connect".
		k = kindWidgetError
	}
	return s.policy.write(c, status, echo.MIMETextHTMLCharsetUTF8, k, body)
}

// httpError turns every error that reaches Echo into our own bodies: unknown routes are 404,
// anything unexpected is logged and answered 500 with no detail (and no-store).
// jsonErrors reports whether errors on path p are written as JSON (SPEC §8): the data formats,
// the API and the admin routes; the rest are read by people, as a page.
func jsonErrors(p string) bool {
	return strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".svg") || strings.HasSuffix(p, ".csv") || strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "/api/")
}

// rejectBadQuery answers 400 before any handler when the query would be read only in part
// (widget.CheckQuery): a dropped filter must not become an unfiltered answer.
func (s *Server) rejectBadQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ie := widget.CheckQuery(c.Request().URL.RawQuery); ie != nil {
			format := widget.FormatHTML
			if jsonErrors(c.Request().URL.Path) {
				format = widget.FormatJSON
			}
			return s.inputError(c, format, ie)
		}
		return next(c)
	}
}

func (s *Server) httpError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		status = http.StatusServiceUnavailable
	}
	if status >= 500 {
		s.log.Error("request failed", "path", c.Path(), "status", status, "err", err)
	}
	code, title, msg := "erreur_du_service", "Erreur du service", "Le service n'a pas pu afficher ce contenu. Réessayez plus tard."
	switch status {
	case http.StatusNotFound:
		code, title, msg = "introuvable", "Page introuvable", "Cette adresse ne correspond à aucun widget. Les adresses commencent par /widgets/."
	case http.StatusMethodNotAllowed:
		code, title, msg = "methode_non_autorisee", "Méthode non autorisée", "Les widgets se lisent avec GET."
	case http.StatusServiceUnavailable:
		code, title, msg = "service_indisponible", "Service indisponible", "Le service est en démarrage ou surchargé. Réessayez dans un instant."
	case http.StatusTooManyRequests:
		code, title, msg = "trop_de_requetes", "Trop de requêtes", "Trop de requêtes en peu de temps. Réessayez dans quelques secondes."
	case http.StatusRequestEntityTooLarge:
		code, title, msg = "requete_trop_grande", "Requête trop grande", "Les widgets se lisent avec GET, sans corps de requête."
	case http.StatusUnauthorized:
		code, title, msg = "acces_refuse", "Accès refusé", "Cette adresse demande un jeton d'administration valide."
	}
	p := c.Request().URL.Path
	if strings.HasPrefix(p, "/api/") {
		// The API's own words (issue 14 defect 5): a partner's program is not a widget's reader.
		switch status {
		case http.StatusNotFound:
			msg = "Cette adresse ne correspond à aucune route de l'API de données. Les routes sont décrites sur /api/docs (et /api/openapi.json)."
		case http.StatusMethodNotAllowed:
			msg = "L'API de données se lit avec GET (ou HEAD). Les routes sont décrites sur /api/docs."
		case http.StatusRequestEntityTooLarge:
			msg = "L'API de données se lit avec GET, sans corps de requête. Les routes sont décrites sur /api/docs."
		case http.StatusInternalServerError:
			msg = "Le service n'a pas pu répondre à cette requête. Réessayez plus tard ; les routes sont décrites sur /api/docs."
		}
	}
	if jsonErrors(p) {
		// The JSON error form of SPEC §8, without "param": no parameter is at fault.
		body, _ := json.Marshal(map[string]string{"error": code, "message": msg})
		_ = s.policy.write(c, status, echo.MIMEApplicationJSON, kindJSON, body)
		return
	}
	if err := s.errorPage(c, status, title, msg); err != nil {
		s.log.Error("error page failed", "status", status, "err", err)
		c.Response().Header().Set("Cache-Control", "no-store")
		_ = c.NoContent(status)
	}
}
