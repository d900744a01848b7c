package server

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
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

// TestMetricsSeriesConcurrent: the series kept per label set (httpSeries, metrics.render) count
// every request when routes are driven concurrently, under the names echoprometheus gave them,
// sizes included (issue 11 item 5).
func TestMetricsSeriesConcurrent(t *testing.T) {
	cfg := testConfig(t)
	cfg.RateLimit = config.RateLimit{}    // 200 requests from one address
	s := newServerConfig(t, cfg, "", nil) // its own registry: counts from this test alone
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				path := "/widgets/regions/11/certifications/32032002.svg"
				if i%2 == 1 {
					path = "/widgets/regions/11/certifications/32032002.json"
				}
				do(s, http.MethodGet, path, "203.0.113.9:5000")
			}
		}()
	}
	wg.Wait()
	body := scrape(t, s)
	route := `code="200",host="",method="GET",url="/widgets/regions/:region/certifications/:code"`
	for _, want := range []string{
		`ijwidgets_http_requests_total{` + route + `} 200`,
		`ijwidgets_http_request_duration_seconds_count{` + route + `} 200`,
		`ijwidgets_http_request_size_bytes_count{` + route + `} 200`,
		`ijwidgets_http_response_size_bytes_bucket{` + route + `,le="10000"} 200`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
	var renders int
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "ijwidgets_widget_renders_total{") {
			n, _ := strconv.Atoi(line[strings.LastIndexByte(line, ' ')+1:])
			renders += n
		}
	}
	if renders != workers*each {
		t.Errorf("widget_renders_total sums to %d, want %d", renders, workers*each)
	}
}
