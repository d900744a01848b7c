package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	apiAnswers  *prometheus.CounterVec // data API answers by route, content type, partner, cache (issue 14)

	renderers seriesCache[renderKey, prometheus.Counter] // renders' series already looked up (issue 11 item 5)
}

// seriesCache keeps the series looked up, by label set, at most maxHTTPSeries (past the bound,
// series are looked up each time). Reads load a map published whole and write nothing shared:
// the read lock of an RWMutex, taken on every answer, is an atomic add both cores contend for
// (issue 11). A new label set copies the map, which happens a few hundred times in a process's
// life (the labels come from closed lists). Safe for concurrent use; the zero value is ready.
type seriesCache[K comparable, V any] struct {
	mu sync.Mutex // serializes the copies
	m  atomic.Pointer[map[K]V]
}

// get returns the series of k, made with create the first time.
func (c *seriesCache[K, V]) get(k K, create func() V) V {
	if m := c.m.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var old map[K]V
	if m := c.m.Load(); m != nil {
		old = *m
	}
	if v, ok := old[k]; ok {
		return v
	}
	v := create()
	if len(old) < maxHTTPSeries {
		next := make(map[K]V, len(old)+1)
		for k, v := range old {
			next[k] = v
		}
		next[k] = v
		c.m.Store(&next)
	}
	return v
}

// renderKey names one series of metrics.renders, in its label order.
type renderKey struct{ scope, format, theme, audience, partner, cache string }

// render counts one widget answer. The series is looked up once per label set and kept (the
// labels come from closed lists; past maxHTTPSeries, looked up each time). Safe for concurrent use.
func (m *metrics) render(k renderKey) {
	m.renderers.get(k, func() prometheus.Counter {
		return m.renders.WithLabelValues(k.scope, k.format, k.theme, k.audience, k.partner, k.cache)
	}).Inc()
}

// api counts one data API answer (labels from closed lists: route templates, our content
// types, configured partner keys).
func (m *metrics) api(route, contentType, partner, cache string) {
	m.apiAnswers.WithLabelValues(route, contentType, partner, cache).Inc()
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
		apiAnswers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "ijwidgets", Name: "api_answers_total",
			Help: "Data API answers (lists, exports) by route template, content type, partner (its API key, or aucun) and cache result.",
		}, []string{"route", "content_type", "partner", "cache"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.renders, m.rateLimited, m.apiAnswers, storeCollector{st},
	)
	return m
}

// httpMiddleware counts requests and observes their latency, request and response sizes by
// status, method and route template, under the names and labels echo-contrib's echoprometheus
// gives them (ijwidgets_http_requests_total{code,host,method,url}…). It is ours because that one
// builds the label values and looks the four series up by hashing them on every request (about
// a tenth of a cached answer, issue 11 item 5): here the series of a (status, method, route) are
// looked up once and kept. The host label is blanked and unmatched paths share one label, so
// clients cannot grow the series.
func (m *metrics) httpMiddleware() echo.MiddlewareFunc {
	labels := []string{"code", "method", "host", "url"}
	hist := func(name, help string, buckets []float64) *prometheus.HistogramVec {
		return prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "ijwidgets", Subsystem: "http", Name: name, Help: help, Buckets: buckets,
		}, labels)
	}
	hs := &httpSeries{
		count: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "ijwidgets", Subsystem: "http", Name: "requests_total",
			Help: "How many HTTP requests processed, partitioned by status code and HTTP method.",
		}, labels),
		duration:     hist("request_duration_seconds", "The HTTP request latencies in seconds.", latencyBuckets),
		responseSize: hist("response_size_bytes", "The HTTP response sizes in bytes.", sizeBuckets),
		requestSize:  hist("request_size_bytes", "The HTTP request sizes in bytes.", sizeBuckets),
	}
	m.reg.MustRegister(hs.count, hs.duration, hs.responseSize, hs.requestSize)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			reqSize := approximateRequestSize(c.Request())
			start := time.Now()
			err := next(c)
			elapsed := time.Since(start).Seconds()
			h := hs.get(httpKey{code: metricStatus(c, err), method: methodLabel(c.Request().Method), url: c.Path()})
			h.duration.Observe(elapsed)
			h.count.Inc()
			h.requestSize.Observe(float64(reqSize))
			h.responseSize.Observe(float64(c.Response().Size))
			return err
		}
	}
}

// sizeBuckets are echoprometheus's size histogram bounds, in bytes (1 kB to 10 MB).
var sizeBuckets = []float64{1e3, 2e3, 5e3, 10e3, 100e3, 500e3, 1e6, 2.5e6, 5e6, 10e6}

// maxHTTPSeries bounds the kept handles: statuses, methods and route templates are closed lists,
// so a few hundred at most; past the bound, series are looked up on each request.
const maxHTTPSeries = 4096

// httpKey names the series of one answer: status, method label, route template ("" unmatched).
type httpKey struct {
	code        int
	method, url string
}

// httpHandles are the four series of one httpKey.
type httpHandles struct {
	count                               prometheus.Counter
	duration, requestSize, responseSize prometheus.Observer
}

// httpSeries are the HTTP metrics and the handles already looked up. Safe for concurrent use.
type httpSeries struct {
	count                               *prometheus.CounterVec
	duration, requestSize, responseSize *prometheus.HistogramVec

	handles seriesCache[httpKey, *httpHandles]
}

func (s *httpSeries) get(k httpKey) *httpHandles {
	return s.handles.get(k, func() *httpHandles {
		values := []string{strconv.Itoa(k.code), k.method, "", strings.ToValidUTF8(k.url, "\uFFFD")}
		return &httpHandles{
			count: s.count.WithLabelValues(values...), duration: s.duration.WithLabelValues(values...),
			requestSize: s.requestSize.WithLabelValues(values...), responseSize: s.responseSize.WithLabelValues(values...),
		}
	})
}

// methodLabel is the method as a label: the client's text, so any name outside HTTP's own is one
// value.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodPatch:
		return m
	}
	return "OTHER"
}

// metricStatus is the status an answer is counted under (echoprometheus's rule): the response's, or
// for an error the echo.HTTPError's code, else 500.
func metricStatus(c echo.Context, err error) int {
	status := c.Response().Status
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			status = he.Code
		}
		if status == 0 || status == http.StatusOK {
			status = http.StatusInternalServerError
		}
	}
	return status
}

// approximateRequestSize is echoprometheus's estimate of a request's size: path, method,
// protocol, headers, host and body length.
func approximateRequestSize(r *http.Request) int {
	s := len(r.Method) + len(r.Proto) + len(r.Host)
	if r.URL != nil {
		s += len(r.URL.Path)
	}
	for name, values := range r.Header {
		s += len(name)
		for _, v := range values {
			s += len(v)
		}
	}
	if r.ContentLength != -1 {
		s += int(r.ContentLength)
	}
	return s
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
