package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ijwidgets/ijwidgets/internal/store"
)

// metrics are the Prometheus series of one Server, on a registry of its own (tests run several
// servers in one process). Label values come from closed lists only: route templates, status
// codes, scopes, formats, themes, audiences and configured partner keys.
type metrics struct {
	reg         *prometheus.Registry
	renders     *prometheus.CounterVec // widget answers by scope, format, theme, audience, partner, cache
	rateLimited *prometheus.CounterVec // 429 answers by limit
}

// latencyBuckets are the request-duration histogram bounds, in seconds: widgets answer in tens of
// microseconds from the cache and in a millisecond or so when rendered.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

func newMetrics(st *store.Store) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "ijwidgets", Name: "widget_renders_total",
			Help: "Widget answers by scope, format, theme, audience, partner and rendered-output cache result (hit, miss, off).",
		}, []string{"scope", "format", "theme", "audience", "partner", "cache"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "ijwidgets", Name: "rate_limited_total",
			Help: "Requests answered 429 by limit (ip, partner).",
		}, []string{"limit"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.renders, m.rateLimited, storeCollector{st},
	)
	return m
}

// httpMiddleware counts requests and observes their latency by route template, method and
// status (echo-contrib's echoprometheus). The host label is blanked and unmatched paths share
// one label, so clients cannot grow the series.
func (m *metrics) httpMiddleware() echo.MiddlewareFunc {
	return echoprometheus.NewMiddlewareWithConfig(echoprometheus.MiddlewareConfig{
		Namespace:                 "ijwidgets",
		Subsystem:                 "http",
		Registerer:                m.reg,
		DoNotUseRequestPathFor404: true,
		LabelFuncs: map[string]echoprometheus.LabelValueFunc{
			"host": func(echo.Context, error) string { return "" },
			// The method is the client's text: any name outside HTTP's own is one label value.
			"method": func(c echo.Context, _ error) string {
				switch m := c.Request().Method; m {
				case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodPatch:
					return m
				}
				return "OTHER"
			},
		},
		HistogramOptsFunc: func(o prometheus.HistogramOpts) prometheus.HistogramOpts {
			if o.Name == "request_duration_seconds" {
				o.Buckets = latencyBuckets
			}
			return o
		},
	})
}

// metricsAuth checks "Authorization: Bearer TOKEN" on /metrics when it is served on the main
// listener, in constant time (both sides hashed first, as adminAuth does).
func metricsAuth(token string) echo.MiddlewareFunc {
	want := sha256.Sum256([]byte(token))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			scheme, got, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
			sum := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 || !ok || !strings.EqualFold(scheme, "Bearer") {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="ijwidgets metrics"`)
				return echo.NewHTTPError(http.StatusUnauthorized)
			}
			return next(c)
		}
	}
}

// MetricsHandler serves /metrics alone, for the listener of metrics.addr (never public by
// default: scrapes are unlimited). Every answer is no-store.
func (s *Server) MetricsHandler() http.Handler {
	prom := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		prom.ServeHTTP(w, r)
	})
	return mux
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() echo.HandlerFunc {
	return echoprometheus.NewHandlerWithConfig(echoprometheus.HandlerConfig{Gatherer: m.reg})
}

// storeCollector reads the data snapshot and cache counters of a store at scrape time.
type storeCollector struct{ st *store.Store }

var (
	descCache = prometheus.NewDesc("ijwidgets_cache_requests_total",
		"Cache look-ups by cache (lookup: indicator counts; render: rendered bodies) and result (hit, miss).", []string{"cache", "result"}, nil)
	descEvictions = prometheus.NewDesc("ijwidgets_render_cache_evictions_total",
		"Rendered bodies dropped to stay under cache.render_bytes.", nil, nil)
	descRenderEntries = prometheus.NewDesc("ijwidgets_render_cache_entries",
		"Rendered bodies held for the current snapshot.", nil, nil)
	descRenderBytes = prometheus.NewDesc("ijwidgets_render_cache_bytes",
		"Bytes held by the rendered-output cache of the current snapshot.", nil, nil)
	descSnapshot = prometheus.NewDesc("ijwidgets_data_snapshot_info",
		"The data snapshot being served (always 1), by version and demo flag.", []string{"version", "demo"}, nil)
	descLoadedAt = prometheus.NewDesc("ijwidgets_data_loaded_timestamp_seconds",
		"When the snapshot being served finished loading, in Unix seconds.", nil, nil)
	descLoadDuration = prometheus.NewDesc("ijwidgets_data_load_duration_seconds",
		"How long loading and validating the snapshot being served took, in seconds.", nil, nil)
	descLastLoadOK = prometheus.NewDesc("ijwidgets_data_last_load_success",
		"1 when the latest load or reload succeeded, 0 when it failed (the previous snapshot is still served).", nil, nil)
	descLoads = prometheus.NewDesc("ijwidgets_data_loads_total",
		"Loads and reloads by result: ok, error (unreadable, or the loader failed), refused (it would lose figures: "+
			"the previous snapshot is still served), timeout (data.load_timeout passed).", []string{"result"}, nil)
	descLoadRunning = prometheus.NewDesc("ijwidgets_data_load_running",
		"1 while a load or reload is running, 0 otherwise.", nil, nil)
	descHungLoads = prometheus.NewDesc("ijwidgets_data_loads_hung",
		"Loads given up at load.timeout whose read has not returned yet (a hung mount); at 2, reloads are refused until a restart.", nil, nil)
)

func (storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descCache, descEvictions, descRenderEntries, descRenderBytes, descSnapshot,
		descLoadedAt, descLoadDuration, descLastLoadOK, descLoads, descLoadRunning, descHungLoads} {
		ch <- d
	}
}

func (c storeCollector) Collect(ch chan<- prometheus.Metric) {
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	lk, rd := c.st.LookupStats(), c.st.RenderStats()
	counter(descCache, lk.Hits.Load(), "lookup", "hit")
	counter(descCache, lk.Misses.Load(), "lookup", "miss")
	counter(descCache, rd.Hits.Load(), "render", "hit")
	counter(descCache, rd.Misses.Load(), "render", "miss")
	counter(descEvictions, rd.Evictions.Load())
	for result, n := range c.st.LoadCounts() {
		counter(descLoads, n, result)
	}
	running := 0.0
	if _, ok := c.st.Running(); ok {
		running = 1
	}
	gauge(descLoadRunning, running)
	gauge(descHungLoads, float64(c.st.HungLoads()))
	if last := c.st.LastLoad(); last != nil {
		v := 1.0
		if last.Err != nil {
			v = 0
		}
		gauge(descLastLoadOK, v)
	}
	snap := c.st.Current()
	if snap == nil {
		return
	}
	demo := "false"
	if snap.Demo() {
		demo = "true"
	}
	gauge(descSnapshot, 1, snap.Version, demo)
	gauge(descLoadedAt, float64(snap.LoadedAt.UnixNano())/1e9)
	gauge(descLoadDuration, snap.LoadDuration.Seconds())
	var entries int
	var bytes int64
	if snap.Rendered != nil {
		entries, bytes = snap.Rendered.Len()
	}
	gauge(descRenderEntries, float64(entries))
	gauge(descRenderBytes, float64(bytes))
}
