package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/internal/version"
)

// SetDraining makes /readyz answer 503 from now on, so load balancers stop sending new requests
// while in-flight ones finish (graceful shutdown).
func (s *Server) SetDraining() { s.draining.Store(true) }

// Reload reads the data directory of the configuration into a new snapshot, checks it and swaps
// it in atomically (store.LoadContext): within load.timeout, refused when it would lose figures
// unless force, at most one at a time (store.ErrLoadRunning). On failure the previous snapshot
// keeps being served, and the error is logged and reported by /readyz and the metrics. why says
// what asked for it (SIGHUP, admin), for the log.
func (s *Server) Reload(why string, force bool) error {
	_, err := s.store.LoadContext(context.Background(), s.dataDir, store.LoadOptions{Force: force, Timeout: s.loadTimeout})
	switch {
	case errors.Is(err, store.ErrLoadRunning):
		since, _ := s.store.Running()
		s.log.Warn("data reload not started: another load is running", "trigger", why, "running_since", since.UTC().Format(time.RFC3339))
		return err
	case errors.Is(err, store.ErrTooManyHungLoads):
		s.log.Error("data reload not started", "trigger", why, "err", err.Error())
		return err
	}
	s.LogLoad("data reload", why)
	return err
}

// LogLoad logs the outcome of the latest load (store.LastLoad): what was swapped in, with its
// problems (an error when there are some: a first load is served with them), or why it failed
// and that the previous snapshot is still served. what names the load ("data load", "data
// reload"), why what asked for it.
func (s *Server) LogLoad(what, why string) {
	last := s.store.LastLoad()
	if last == nil {
		return
	}
	version := ""
	if cur := s.store.Current(); cur != nil {
		version = cur.Version
	}
	attrs := []any{"trigger", why, "result", last.Result, "data_version", version, "duration", last.Duration.String(), "forced", last.Forced}
	switch {
	case last.Err != nil && last.Stack != "":
		s.log.Error(what+" failed; the previous snapshot is still served", append(attrs, "err", last.Err.Error(), "stack", last.Stack)...)
	case last.Err != nil:
		s.log.Error(what+" failed; the previous snapshot is still served", append(attrs, "err", last.Err.Error())...)
	case len(last.Problems) > 0:
		s.log.Error(what+" done WITH PROBLEMS: figures may be missing (run check-data)", append(attrs, "problems", last.Problems)...)
	default:
		s.log.Info(what+" done", attrs...)
	}
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

// adminReload is POST /admin/reload[?force=true]: 200 with the new data version; 409 while another
// load runs; 422 when the new data is refused (it would lose figures: force takes it); 504 when
// it did not load within load.timeout; 503 when store.MaxHungLoads loads given up are still stuck
// reading; 500 when it cannot be read. On every failure the previous
// snapshot keeps being served. Every answer is no-store.
func (s *Server) adminReload(c echo.Context) error {
	force := false
	if vs := c.QueryParams()["force"]; len(vs) > 0 {
		var err error
		force, err = strconv.ParseBool(vs[0])
		if err != nil || len(vs) > 1 {
			return s.writeJSONNoStore(c, http.StatusBadRequest, map[string]any{
				"error": "parametre_invalide", "param": "force",
				"message": "Le paramètre force vaut true ou false, une seule fois.",
			})
		}
	}
	err := s.Reload("admin", force)
	body := map[string]any{"status": "reloaded", "forced": force}
	status := http.StatusOK
	switch {
	case errors.Is(err, store.ErrLoadRunning):
		status = http.StatusConflict
		body = map[string]any{"error": "rechargement_en_cours",
			"message": "Un chargement des données est déjà en cours ; réessayez quand il sera terminé."}
	case errors.Is(err, store.ErrTooManyHungLoads):
		status = http.StatusServiceUnavailable
		body = map[string]any{"error": "chargements_bloques", "detail": err.Error(),
			"message": "Les fichiers de données ne répondent plus (des chargements précédents sont bloqués) : les données précédentes restent servies ; redémarrez le service quand les fichiers seront lisibles."}
	case errors.Is(err, store.ErrRefused):
		status = http.StatusUnprocessableEntity
		body = map[string]any{"error": "rechargement_refuse", "detail": err.Error(),
			"message": "Les nouvelles données ont des lignes rejetées ou perdraient des chiffres : elles sont refusées et les données précédentes restent servies (force=true pour les prendre quand même)."}
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
		body = map[string]any{"error": "rechargement_trop_long", "detail": err.Error(),
			"message": "Le chargement des données n'a pas abouti dans le délai ; les données précédentes restent servies."}
	case err != nil:
		status = http.StatusInternalServerError
		body = map[string]any{"error": "rechargement_echoue", "detail": err.Error(),
			"message": "Le rechargement des données a échoué ; les données précédentes restent servies."}
	}
	if last := s.store.LastLoad(); err == nil && last != nil && len(last.Problems) > 0 {
		body["problems"] = last.Problems
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
		"status": "ready", "data_version": snap.Version, "version": version.String(), "demo": snap.Demo(),
		"loaded_at":        snap.LoadedAt.UTC().Format(time.RFC3339),
		"load_duration_ms": snap.LoadDuration.Milliseconds(),
	}
	if last := s.store.LastLoad(); last != nil && last.Err != nil {
		body["reload_error"] = last.Err.Error()
		body["reload_result"] = last.Result
		body["reload_failed_at"] = last.At.UTC().Format(time.RFC3339)
	}
	if p := snap.Problems; len(p) > 0 {
		body["data_problems"] = p // served with them: a first load, or a forced reload
	}
	if since, ok := s.store.Running(); ok {
		body["load_running_since"] = since.UTC().Format(time.RFC3339)
	}
	if n := s.store.HungLoads(); n > 0 {
		body["hung_loads"] = n // given up at load.timeout, still stuck reading (a hung mount)
	}
	// The configurator's search index: built from the first /preview on (wantSearch); a build
	// takes a core for most of a second, and bench/run waits for none to run.
	body["search_index"] = s.searchStatus(snap)
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
