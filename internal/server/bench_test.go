package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchServer serves the real data (the benchmarks skip without it).
func benchServer(b *testing.B) *Server {
	return newServer(b, true)
}

func benchPath(b *testing.B, s *Server, path string) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, rec.Code)
		}
	}
}

// BenchmarkJSONCached: a regional .json whose look-up is in the indicator cache.
func BenchmarkJSONCached(b *testing.B) {
	benchPath(b, benchServer(b), "/widgets/regions/11/certifications/32032002.json")
}

// BenchmarkSVGCached: a national .svg (17-region sum served from the cache).
func BenchmarkSVGCached(b *testing.B) {
	benchPath(b, benchServer(b), "/widgets/certifications/32032002.svg")
}

// BenchmarkHTMLUncached: a national HTML widget with the indicator cache disabled: the sum of
// the regions, the view and the HTML are all computed on every request.
func BenchmarkHTMLUncached(b *testing.B) {
	benchPath(b, newServerCache(b, true, false), "/widgets/certifications/32032002")
}
