package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestChainComposedOnce: for a route's handler (every route of the server, and the not-found
// handler) the chain is the one composed at start-up; a middleware added after the chain still
// runs, inside the chain's middleware, on the routes and on unknown paths.
func TestChainComposedOnce(t *testing.T) {
	s := newServerConfig(t, testConfig(t), "", nil)
	var order []string
	mark := func(name string) echo.MiddlewareFunc {
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error { order = append(order, name); return next(c) }
		}
	}
	ch := newChain(s.echo, []echo.MiddlewareFunc{mark("a"), mark("b")})
	for _, r := range s.echo.Routes() {
		c := s.echo.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), nil)
		s.echo.Router().Find(r.Method, r.Path, c)
		if codeOf(ch.middleware(c.Handler())) != codeOf(ch.once) {
			t.Errorf("%s %s: composed per request", r.Method, r.Path)
		}
	}
	if codeOf(ch.middleware(echo.NotFoundHandler)) != codeOf(ch.once) {
		t.Error("not found: composed per request")
	}
	inner := func(c echo.Context) error { order = append(order, "next"); return nil }
	_ = ch.middleware(inner)(s.echo.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), httptest.NewRecorder()))
	if got := strings.Join(order, ","); got != "a,b,next" {
		t.Errorf("around another next: %s", got)
	}

	// A middleware added after the server's chain runs after the server's middleware.
	var sawID string
	s.echo.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sawID = c.Response().Header().Get(echo.HeaderXRequestID)
			return next(c)
		}
	})
	for _, path := range []string{"/healthz", "/nope"} {
		sawID = ""
		rec := get(t, s, path)
		if sawID == "" || sawID != rec.Header().Get(echo.HeaderXRequestID) {
			t.Errorf("%s: the later middleware saw request id %q, sent %q", path, sawID, rec.Header().Get(echo.HeaderXRequestID))
		}
	}
}
