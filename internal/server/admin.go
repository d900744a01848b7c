package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// SetDraining makes /readyz answer 503 from now on, so load balancers stop sending new requests
// while in-flight ones finish (graceful shutdown).
func (s *Server) SetDraining() { s.draining.Store(true) }

// Reload reads the data directory of the configuration into a new snapshot, validates it and
// swaps it in atomically. On failure the previous snapshot keeps being served, and the error is
// logged and reported by /readyz. why says what asked for it (SIGHUP, admin), for the log.
func (s *Server) Reload(why string) error {
	_, err := s.store.Load(s.dataDir)
	cur := s.store.Current()
	last := s.store.LastLoad()
	if err != nil {
		version := ""
		if cur != nil {
			version = cur.Version
		}
		s.log.Error("data reload failed; the previous snapshot is still served", "trigger", why, "data_version", version, "err", err)
		return err
	}
	s.log.Info("data reloaded", "trigger", why, "data_version", cur.Version, "duration", last.Duration.String())
	return nil
}

// adminAuth checks "Authorization: Bearer TOKEN" in constant time (both sides hashed first, so
// neither the content nor the length of the token leaks through timing).
func (s *Server) adminAuth(token string) echo.MiddlewareFunc {
	want := sha256.Sum256([]byte(token))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			scheme, got, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
			ok = ok && strings.EqualFold(scheme, "Bearer") // the scheme is case-insensitive (RFC 9110 §11.1)
			sum := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 || !ok {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="ijwidgets admin"`)
				return echo.NewHTTPError(http.StatusUnauthorized)
			}
			return next(c)
		}
	}
}

// adminReload is POST /admin/reload: 200 with the new data version, or 500 with the reason while
// the previous snapshot keeps being served.
func (s *Server) adminReload(c echo.Context) error {
	err := s.Reload("admin")
	body := map[string]any{"status": "reloaded"}
	status := http.StatusOK
	if err != nil {
		status = http.StatusInternalServerError
		body = map[string]any{
			"error":   "rechargement_echoue",
			"message": "Le rechargement des données a échoué ; les données précédentes restent servies.",
			"detail":  err.Error(),
		}
	}
	if cur := s.store.Current(); cur != nil {
		body["data_version"] = cur.Version
	}
	return s.writeJSONNoStore(c, status, body)
}

// readyz is 200 while a snapshot is served, with its version and, when the latest reload failed,
// why (the previous snapshot is still served); 503 before the first load and while draining.
func (s *Server) readyz(c echo.Context) error {
	snap := s.store.Current()
	switch {
	case s.draining.Load():
		return s.writeJSONNoStore(c, http.StatusServiceUnavailable, map[string]any{"status": "stopping"})
	case snap == nil:
		return s.writeJSONNoStore(c, http.StatusServiceUnavailable, map[string]any{"status": "loading"})
	}
	body := map[string]any{
		"status": "ready", "data_version": snap.Version, "demo": snap.Demo(),
		"loaded_at":        snap.LoadedAt.UTC().Format(time.RFC3339),
		"load_duration_ms": snap.LoadDuration.Milliseconds(),
	}
	if last := s.store.LastLoad(); last != nil && last.Err != nil {
		body["reload_error"] = last.Err.Error()
		body["reload_failed_at"] = last.At.UTC().Format(time.RFC3339)
	}
	if snap.Rendered != nil {
		entries, bytes := snap.Rendered.Len()
		st := s.store.RenderStats()
		body["render_cache"] = map[string]any{"entries": entries, "bytes": bytes, "hits": st.Hits.Load(), "misses": st.Misses.Load()}
	}
	return s.writeJSONNoStore(c, http.StatusOK, body)
}

func (s *Server) writeJSONNoStore(c echo.Context, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.policy.writeResponse(c, &response{status: status, contentType: echo.MIMEApplicationJSON, kind: kindJSON, body: body, noStore: true})
}
