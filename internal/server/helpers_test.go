package server

import (
	"flag"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var servers = map[string]*Server{}

// newServer returns a server on the real data (real=true; skipped when absent) or the embedded
// demonstration data, shared by the tests of the package.
func newServer(tb testing.TB, real bool) *Server { return newServerCache(tb, real, true) }

func newServerCache(tb testing.TB, real, cache bool) *Server {
	tb.Helper()
	dir := ""
	if real {
		dir = realdata.RealDir(tb)
	}
	key := dir
	if !cache {
		key += "|nocache"
	}
	if s, ok := servers[key]; ok {
		return s
	}
	cfg, err := config.Load(nil, "")
	if err != nil {
		tb.Fatal(err)
	}
	th, _, err := themes.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	if !cache {
		cfg.CacheEnabled, cfg.RenderCacheBytes = false, 0
	}
	cfg.RateLimit = config.RateLimit{} // shared by every test of the package: no limit
	cfg.AdminToken = testAdminToken
	s := newServerConfig(tb, cfg, dir, th)
	servers[key] = s
	return s
}

const testAdminToken = "test-admin-token"

// newServerConfig returns a new server with cfg on the data of dir (not shared).
func newServerConfig(tb testing.TB, cfg config.Config, dir string, th *themes.Registry) *Server {
	tb.Helper()
	if th == nil {
		var err error
		if th, _, err = themes.Load(""); err != nil {
			tb.Fatal(err)
		}
	}
	st := store.New(cfg.CacheTTL, cfg.CacheEnabled)
	st.SetRenderCacheBytes(cfg.RenderCacheBytes)
	if _, err := st.Load(dir); err != nil {
		tb.Fatal(err)
	}
	s, err := New(cfg, st, th, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// get serves one request and returns the recorded response.
func get(tb testing.TB, s *Server, path string, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/server -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the golden file (go test ./internal/server -update to accept):\n got: %.600s\nwant: %.600s", path, got, want)
	}
}

// scrape returns the metrics text of s, as the listener of metrics.addr serves it.
func scrape(tb testing.TB, s *Server) string {
	tb.Helper()
	rec := httptest.NewRecorder()
	s.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("/metrics: %d", rec.Code)
	}
	return rec.Body.String()
}

var stylesheetLink = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`)

// withStyles returns an HTML body followed by the stylesheets it links, fetched from s: what a
// browser applies to it (the widget inlines no style).
func withStyles(t testing.TB, s *Server, body string) string {
	t.Helper()
	out := body
	for _, m := range stylesheetLink.FindAllStringSubmatch(body, -1) {
		rec := get(t, s, html.UnescapeString(m[1]))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", m[1], rec.Code)
		}
		out += "\n" + rec.Body.String()
	}
	return out
}
