package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestMetricsAreNotPublic: by default /metrics is not on the main handler (its listener is
// metrics.addr); with metrics.addr empty it is there behind metrics.token, and rate limited
// like any other route (issue 10: 1,588 unlimited scrapes/s from one address).
func TestMetricsAreNotPublic(t *testing.T) {
	cfg := testConfig(t)
	s := newServerConfig(t, cfg, "", nil)
	if rec := get(t, s, "/metrics"); rec.Code != http.StatusNotFound {
		t.Errorf("default: public /metrics %d, want 404", rec.Code)
	}
	if !strings.Contains(scrape(t, s), "ijwidgets_data_loads_total") {
		t.Error("MetricsHandler serves no metrics")
	}

	cfg.MetricsAddr, cfg.MetricsToken = "", "scrape-token"
	cfg.RateLimit.IPRate, cfg.RateLimit.IPBurst = 0.01, 2
	s = newServerConfig(t, cfg, "", nil)
	for i, tt := range []struct {
		auth string
		want int
	}{
		{"", http.StatusUnauthorized},
		{"Bearer wrong", http.StatusUnauthorized},
		{"Bearer scrape-token", http.StatusTooManyRequests}, // the address spent its burst of 2
	} {
		rec := do(s, http.MethodGet, "/metrics", "192.0.2.30:1", "Authorization", tt.auth)
		if rec.Code != tt.want || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("step %d: %d %q, want %d no-store", i, rec.Code, rec.Header().Get("Cache-Control"), tt.want)
		}
	}
	rec := do(s, http.MethodGet, "/metrics", "192.0.2.31:1", "Authorization", "bearer scrape-token")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "ijwidgets_data_loads_total") {
		t.Errorf("with the token: %d", rec.Code)
	}
}
