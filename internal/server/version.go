package server

import (
	"net/http"

	"sync/atomic"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/version"
)

// Headers naming what answered (issue 15): the build (internal/version) and the data snapshot
// (its Version, also in /readyz, /healthz and every widget ETag). A cache in front keeps them
// with the body, so a cached answer says which data it was rendered from.
const (
	headerVersion     = "X-Ijwidgets-Version"
	headerDataVersion = "X-Ijwidgets-Data-Version"
)

// versionHeaders holds the header values as the []string the header map holds, assigned
// rather than Set so that they cost no allocation per request (issue 11); the data one is
// rebuilt when a reload swaps the snapshot.
type versionHeaders struct {
	code []string
	data atomic.Pointer[dataVersionHeader]
}

// dataVersionHeader is the header value of one snapshot version.
type dataVersionHeader struct {
	version string
	value   []string
}

// versionMiddleware writes headerVersion on every answer, and headerDataVersion once a
// snapshot is served. The handler reads the snapshot again: a reload between the two can label
// one answer with the previous version (its ETag, computed by the handler, is always right).
func (s *Server) versionMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h[headerVersion] = s.versions.code
		if snap := s.store.Current(); snap != nil {
			d := s.versions.data.Load()
			if d == nil || d.version != snap.Version {
				d = &dataVersionHeader{version: snap.Version, value: []string{snap.Version}}
				s.versions.data.Store(d)
			}
			h[headerDataVersion] = d.value
		}
		return next(c)
	}
}

// healthz is the liveness answer: 200 while the process serves HTTP, whatever the data (a
// failed load is /readyz's business), with the build and the data version served ("" before
// the first load).
func (s *Server) healthz(c echo.Context) error {
	body := map[string]any{"status": "ok", "version": version.String(), "data_version": ""}
	if snap := s.store.Current(); snap != nil {
		body["data_version"] = snap.Version
	}
	return s.writeJSONNoStore(c, http.StatusOK, body)
}
