package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchServer serves the real data (the benchmarks skip without it).
func benchServer(b *testing.B) *Server {
	return benchServerCache(b, true)
}

// benchServerCache serves the real data with or without the caches, its access log written as
// serve writes it (SetAccessWriter), to nowhere.
func benchServerCache(b *testing.B, cache bool) *Server {
	s := newServerCache(b, true, cache)
	s.SetAccessWriter(io.Discard, slog.LevelInfo)
	// No search index build while measuring (one starts only after a /preview: a test's).
	if s.search.Status(s.store.Current().Snapshot) == "building" {
		s.WarmSearch()
	}
	return s
}

// benchWriter is the benchmarks' http.ResponseWriter, costing what net/http's does: a new header
// map per request (net/http makes one per response), the body written into a buffer reused from
// one request to the next (net/http writes it into pooled buffers). httptest.NewRecorder also
// allocates a recorder, a body buffer grown to the answer's size and a clone of the header map
// per request: about half the bytes an uncached render allocated (issue 11 item 5), which the
// server does not pay in production.
type benchWriter struct {
	header http.Header
	body   bytes.Buffer
	code   int
}

func newBenchWriter() *benchWriter { return &benchWriter{} }

// reset readies the writer for the next request: a new header map, the body's storage kept.
func (w *benchWriter) reset() {
	w.header = make(http.Header)
	w.body.Reset()
	w.code = 0
}

// Header implements http.ResponseWriter.
func (w *benchWriter) Header() http.Header { return w.header }

// WriteHeader implements http.ResponseWriter (the first call counts, as in net/http).
func (w *benchWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

// Write implements http.ResponseWriter.
func (w *benchWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

// Flush implements http.Flusher (the streamed export flushes).
func (w *benchWriter) Flush() {}

// benchRequest answers req in a loop into one reused writer and fails unless each answer has
// the status want.
func benchRequest(b *testing.B, s *Server, req *http.Request, want int) {
	b.Helper()
	w := newBenchWriter()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		s.ServeHTTP(w, req)
		if w.code != want {
			b.Fatalf("%s: %d, want %d", req.URL, w.code, want)
		}
	}
}

func benchPath(b *testing.B, s *Server, path string) {
	b.Helper()
	benchRequest(b, s, httptest.NewRequest(http.MethodGet, path, nil), http.StatusOK)
}

// BenchmarkJSONCached: a regional .json whose look-up is in the indicator cache.
func BenchmarkJSONCached(b *testing.B) {
	benchPath(b, benchServer(b), "/widgets/regions/11/certifications/32032002.json")
}

// BenchmarkSVGCached: a national .svg (17-region sum served from the cache).
func BenchmarkSVGCached(b *testing.B) {
	benchPath(b, benchServer(b), "/widgets/certifications/32032002.svg")
}

// BenchmarkHTMLUncached: a regional HTML widget with the indicator and rendered-output caches
// disabled: the view and the HTML are computed on every request (issue 11 item 5: ≤ 20 µs,
// ≤ 100 allocations).
func BenchmarkHTMLUncached(b *testing.B) {
	benchPath(b, benchServerCache(b, false), "/widgets/regions/11/certifications/32032002")
}

// BenchmarkSVGUncached: the same widget as an SVG image, rendered on every request (issue 11
// item 5: ≤ 20 µs, ≤ 100 allocations).
func BenchmarkSVGUncached(b *testing.B) {
	benchPath(b, benchServerCache(b, false), "/widgets/regions/11/certifications/32032002.svg")
}

// BenchmarkHTMLUncachedFrance: a national HTML widget, uncached: the sum of the regions too.
func BenchmarkHTMLUncachedFrance(b *testing.B) {
	benchPath(b, benchServerCache(b, false), "/widgets/certifications/32032002")
}

// BenchmarkHTMLCached: a regional HTML widget served from the rendered-output cache.
func BenchmarkHTMLCached(b *testing.B) {
	benchPath(b, benchServer(b), "/widgets/regions/11/certifications/32032002")
}

// BenchmarkStaticBaseline: an embedded static file through the same middleware and builder: the
// floor the cached widgets are compared with.
func BenchmarkStaticBaseline(b *testing.B) {
	benchPath(b, benchServer(b), "/static/widget.css")
}

// BenchmarkNotModified: a conditional request answered 304 from the ETag, without rendering.
func BenchmarkNotModified(b *testing.B) {
	s := benchServer(b)
	path := "/widgets/regions/11/certifications/32032002.svg"
	etag := get(b, s, path).Header().Get("ETag")
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("If-None-Match", etag)
	benchRequest(b, s, req, http.StatusNotModified)
}

// BenchmarkAPIListCached: a page of 100 regional indicators from the rendered-output cache
// (issue 14: compared with BenchmarkStaticBaseline in the same run).
func BenchmarkAPIListCached(b *testing.B) {
	benchPath(b, benchServer(b), "/api/v1/regions?regions=11&page=2")
}

// BenchmarkAPIExportRegions: the whole regional export (every row, every millésime), streamed
// as gzip-compressed CSV.
func BenchmarkAPIExportRegions(b *testing.B) {
	benchPath(b, benchServer(b), "/api/v1/export/regions.csv.gz")
}

// BenchmarkAPIListCachedGzip: the same page as a browser asks it (gzip, 12 KB on the wire).
func BenchmarkAPIListCachedGzip(b *testing.B) {
	s := benchServer(b)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/regions?regions=11&page=2", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			b.Fatalf("%d %v", rec.Code, rec.Header())
		}
	}
}
