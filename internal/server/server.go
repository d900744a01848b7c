// Package server is the HTTP interface of ijwidgets (SPEC §8), on Echo v4. Handlers are thin:
// parse with widget.ParseRequest, build with widget.Build, render with templates.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// Server serves the widgets of the store's current snapshot.
type Server struct {
	echo   *echo.Echo
	store  *store.Store
	themes *themes.Registry
	log    *slog.Logger
	policy policy
	opts   widget.Options
	embed  embedding
}

// New wires the routes. The store must have a snapshot before requests arrive (/readyz says so).
func New(cfg config.Config, st *store.Store, th *themes.Registry, log *slog.Logger) *Server {
	s := &Server{
		echo:   echo.New(),
		store:  st,
		themes: th,
		log:    log,
		policy: policy{frameAncestors: strings.Join(cfg.FrameAncestors, " "), maxAge: cfg.MaxAge},
		opts:   widget.Options{Themes: th.Names()},
		embed:  newEmbedding(cfg),
	}
	s.opts.Partners = s.embed.widgetOptions()
	s.policy.frameAncestors = s.embed.ancestors
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.httpError
	e.Use(middleware.Recover())
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 512}))

	// HEAD is answered like GET (Echo registers GET alone); net/http drops the body.
	get := func(path string, h echo.HandlerFunc) { e.Match([]string{http.MethodGet, http.MethodHead}, path, h) }
	get("/widgets/certifications/:code", s.widgetHandler(widget.ScopeCertification))
	get("/widgets/regions/:region/certifications/:code", s.widgetHandler(widget.ScopeRegion))
	get("/healthz", s.healthz)
	get("/readyz", s.readyz)
	get("/", s.index)
	s.embedRoutes(get)
	get("/static/*", echo.WrapHandler(http.StripPrefix("/static/", http.FileServerFS(static.Files))))
	return s
}

// ServeHTTP makes the server an http.Handler (used by serve, render and tests alike).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

func (s *Server) widgetHandler(scope widget.Scope) echo.HandlerFunc {
	return func(c echo.Context) error {
		snap := s.store.Current()
		if snap == nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
		_, format := widget.SplitFormat(c.Param("code"))
		req, err := widget.ParseRequest(scope, c.Param("region"), c.Param("code"), c.QueryParams(), s.opts)
		if err == nil {
			var v widget.View
			if v, err = widget.Build(req, snap); err == nil {
				return s.renderView(c, v)
			}
		}
		var ie *widget.InputError
		if errors.As(err, &ie) {
			return s.inputError(c, format, ie)
		}
		return err
	}
}

func (s *Server) renderView(c echo.Context, v widget.View) error {
	th, _ := s.themes.Get(v.Request.Theme)
	s.embed.setFrameAncestors(c, v.Request.Partner)
	ctx := c.Request().Context()
	switch v.Request.Format {
	case widget.FormatJSON:
		status := http.StatusOK
		if !v.State.Found() {
			status = http.StatusNotFound
		}
		body, err := json.Marshal(v.JSON())
		if err != nil {
			return err
		}
		return s.policy.write(c, status, echo.MIMEApplicationJSON, kindJSON, body)
	case widget.FormatSVG:
		body, err := render(ctx, templates.SVGDoc(templates.LayoutSVG(v, th)))
		if err != nil {
			return err
		}
		return s.policy.write(c, http.StatusOK, "image/svg+xml; charset=utf-8", kindWidgetSVG, body)
	default:
		status := http.StatusOK
		if v.State == widget.StateInconnu {
			status = http.StatusNotFound
		}
		body, err := render(ctx, templates.Page(s.embed.pageData(v, th, s.opts.Themes)))
		if err != nil {
			return err
		}
		return s.policy.write(c, status, echo.MIMETextHTMLCharsetUTF8, kindWidgetHTML, body)
	}
}

// render renders a component into a buffer, so a failure never sends half a page.
func render(ctx context.Context, comp templ.Component) ([]byte, error) {
	var b bytes.Buffer
	if err := comp.Render(ctx, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// inputError answers 400: a JSON body {error, message, param} for .json and .svg, a readable page
// for HTML (SPEC §8). The message is ours; the rejected value is never echoed.
func (s *Server) inputError(c echo.Context, format widget.Format, ie *widget.InputError) error {
	if format == widget.FormatHTML {
		return s.errorPage(c, http.StatusBadRequest, "Paramètre invalide : "+ie.Param, ie.Message)
	}
	body, _ := json.Marshal(ie)
	return s.policy.write(c, http.StatusBadRequest, echo.MIMEApplicationJSON, kindJSON, body)
}

func (s *Server) errorPage(c echo.Context, status int, title, message string) error {
	th, _ := s.themes.Get(themes.Default)
	body, err := render(c.Request().Context(), templates.ErrorPage(th, title, message))
	if err != nil {
		return err
	}
	return s.policy.write(c, status, echo.MIMETextHTMLCharsetUTF8, kindPage, body)
}

// httpError turns every error that reaches Echo into our own bodies: unknown routes are 404,
// anything unexpected is logged and answered 500 with no detail (and no-store).
func (s *Server) httpError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	if status >= 500 {
		s.log.Error("request failed", "path", c.Path(), "status", status, "err", err)
	}
	title, msg := "Erreur du service", "Le service n'a pas pu afficher ce contenu. Réessayez plus tard."
	switch status {
	case http.StatusNotFound:
		title, msg = "Page introuvable", "Cette adresse ne correspond à aucun widget. Les adresses commencent par /widgets/."
	case http.StatusMethodNotAllowed:
		title, msg = "Méthode non autorisée", "Les widgets se lisent avec GET."
	case http.StatusServiceUnavailable:
		title, msg = "Service en démarrage", "Les données ne sont pas encore chargées. Réessayez dans un instant."
	}
	if strings.HasSuffix(c.Request().URL.Path, ".json") || strings.HasSuffix(c.Request().URL.Path, ".svg") {
		body, _ := json.Marshal(widget.InputError{Code: http.StatusText(status), Message: msg})
		_ = s.policy.write(c, status, echo.MIMEApplicationJSON, kindJSON, body)
		return
	}
	_ = s.errorPage(c, status, title, msg)
}

func (s *Server) healthz(c echo.Context) error {
	return s.policy.write(c, http.StatusOK, echo.MIMETextPlainCharsetUTF8, kindPage, []byte("ok\n"))
}

// readyz is 200 once a snapshot is loaded, with its version; 503 before.
func (s *Server) readyz(c echo.Context) error {
	snap := s.store.Current()
	if snap == nil {
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "loading"})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{
		"status": "ready", "data_version": snap.Version, "demo": snap.Demo(),
		"loaded_at": snap.LoadedAt.UTC().Format("2006-01-02T15:04:05Z"),
	})
}
