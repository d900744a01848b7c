package server

import (
	"net/http"
	"net/http/httptest"
	"reflect"

	"github.com/labstack/echo/v4"
)

// chain is the server's middleware composed once. Echo composes the middleware of e.Use on every
// request, one closure per middleware per request (seven allocations of every answer, issue 11
// item 5). chain is registered last with e.Use: when next is a route's handler (what Echo passes
// to the last middleware: c.Handler()), the middleware composed at start-up around c.Handler()
// is returned as is; after a middleware added later (a test's), next is another function, and
// the middleware is composed around it on each request, as Echo does.
type chain struct {
	mws  []echo.MiddlewareFunc
	once echo.HandlerFunc // mws around c.Handler()
	// handlers are the code pointers of the functions Echo's router hands out as c.Handler():
	// the closure of every route (echo.add) and the not-found and not-allowed handlers.
	handlers map[uintptr]bool
}

// newChain composes mws (outermost first, as e.Use takes them) for e, whose routes are
// registered: e's router gives the code of its route handlers.
func newChain(e *echo.Echo, mws []echo.MiddlewareFunc) *chain {
	ch := &chain{mws: mws, handlers: map[uintptr]bool{
		codeOf(echo.NotFoundHandler): true, codeOf(echo.MethodNotAllowedHandler): true,
	}}
	ch.once = compose(func(c echo.Context) error { return c.Handler()(c) }, mws)
	for _, r := range e.Routes() {
		c := e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), nil)
		e.Router().Find(r.Method, r.Path, c)
		ch.handlers[codeOf(c.Handler())] = true
	}
	return ch
}

// middleware is the chain as the last middleware of e.Use.
func (ch *chain) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	if ch.handlers[codeOf(next)] {
		return ch.once // next is c.Handler(): nothing to compose, nothing allocated
	}
	return compose(next, ch.mws)
}

// compose wraps h in mws, the first outermost (Echo's applyMiddleware).
func compose(h echo.HandlerFunc, mws []echo.MiddlewareFunc) echo.HandlerFunc {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// codeOf is the code pointer of a function value (closures of one literal share it).
func codeOf(h echo.HandlerFunc) uintptr { return reflect.ValueOf(h).Pointer() }
