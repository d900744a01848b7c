package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/widget"
)

// testConfig is the default configuration with test-friendly limits (none) and an admin token.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg, err := config.Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.RateLimit = config.RateLimit{}
	cfg.AdminToken = testAdminToken
	return cfg
}

// do serves one request with a method, remote address and headers.
func do(s *Server, method, path, remote string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	if remote != "" {
		req.RemoteAddr = remote
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func TestETagIsDerivedFromInputs(t *testing.T) {
	s := newServer(t, true)
	const base = "/widgets/regions/11/certifications/32032002"
	etag := func(path string) string {
		t.Helper()
		rec := get(t, s, path)
		if rec.Code != http.StatusOK || rec.Header().Get("ETag") == "" {
			t.Fatalf("%s: %d, ETag %q", path, rec.Code, rec.Header().Get("ETag"))
		}
		return rec.Header().Get("ETag")
	}
	// Equal: unknown parameters, their order and the spellings the parser normalises.
	same := [][2]string{
		{base, base + "?utm_source=newsletter&utm_medium=email&fbclid=x"},
		{base + "?millesime=2022_2023&title=0", base + "?title=0&utm_source=a&millesime=2022-2023"},
		{base + ".svg", base + ".svg?utm_campaign=rentree"},
		{base + ".json?theme=dsfr", base + ".json"},
		{base, "/widgets/regions/11/certifications/CFD:32032002"},
	}
	for _, p := range same {
		if a, b := etag(p[0]), etag(p[1]); a != b {
			t.Errorf("ETag of %s (%s) differs from %s (%s)", p[0], a, p[1], b)
		}
	}
	// Different: every input that changes the body.
	variants := []string{base, base + ".svg", base + ".json", base + "?title=0", "/widgets/certifications/32032002",
		"/widgets/regions/84/certifications/32032002", "/widgets/regions/11/certifications/36X32318"}
	for _, m := range []string{"2019_2020", "2020_2021", "2021_2022", "2022_2023"} {
		variants = append(variants, base+"?millesime="+m)
	}
	// Every theme and audience the deployment offers (issue 3 and 4 add to these lists).
	for _, th := range s.opts.Themes[1:] {
		variants = append(variants, base+"?theme="+th)
	}
	for _, a := range audiences {
		variants = append(variants, base+"?audience="+a)
	}
	// Layouts, schemes and templates (issues 3 and 4).
	variants = append(variants, base+".svg?layout=horizontal", base+"?scheme=dark", base+".svg?scheme=dark",
		base+"?template=barre&audience=lycee&title=0", base+"?vue=filieres")
	// All distinct (the explicit default millésime or audience is another key for the same body:
	// a second cache entry, never a wrong one).
	seen := map[string]string{}
	for _, p := range variants {
		e := etag(p)
		if other, dup := seen[e]; dup {
			t.Errorf("%s and %s share ETag %s", p, other, e)
		}
		seen[e] = p
	}
}

// TestETagKeyCoversEveryRequestField: changing any field of widget.Request (theme, audience and
// the layout, scheme or partner fields later issues add) changes the ETag; so do the data and
// assets versions. A field the key forgot would serve one variant's body for another.
func TestETagKeyCoversEveryRequestField(t *testing.T) {
	req := widget.Request{Scope: widget.ScopeRegion, Region: "11", Code: widget.Code{Kind: widget.KindCFD, Value: "32032002"},
		Theme: "dsfr", Format: widget.FormatHTML}
	ref := widgetKey("a", "d", "/r", req)
	// The key is the inputs written out (never sent: the ETag is representationETag's).
	if want := "1:a1:d2:/r6:region2:110:3:CFD8:32032002n0F0:0:0:0:4:dsfr0:0:0:4:htmlF0:0:0:0:0:"; ref != want {
		t.Fatalf("key %q, want %q", ref, want)
	}
	for _, v := range []string{widgetKey("b", "d", "/r", req), widgetKey("a", "e", "/r", req), widgetKey("a", "d", "/s", req)} {
		if v == ref {
			t.Error("assets, data version and route must change the ETag")
		}
	}
	// Every leaf field, nested structs included (Code.Kind and Code.Value each on their own).
	var leaves func(t reflect.Type, path []int) [][]int
	leaves = func(t reflect.Type, path []int) [][]int {
		if t.Kind() != reflect.Struct {
			return [][]int{path}
		}
		var out [][]int
		for i := 0; i < t.NumField(); i++ {
			out = append(out, leaves(t.Field(i).Type, append(append([]int(nil), path...), i))...)
		}
		return out
	}
	for _, path := range leaves(reflect.TypeOf(req), nil) {
		changed := req
		f := reflect.ValueOf(&changed).Elem().FieldByIndex(path)
		name := reflect.TypeOf(req).FieldByIndex(path).Name
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f.SetInt(f.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f.SetUint(f.Uint() + 1)
		case reflect.Float32, reflect.Float64:
			f.SetFloat(f.Float() + 1)
		case reflect.Slice:
			f.Set(reflect.Append(f, reflect.Zero(f.Type().Elem())))
		default:
			t.Errorf("field %s: kind %s not handled by this test", name, f.Kind())
			continue
		}
		if widgetKey("a", "d", "/r", changed) == ref {
			t.Errorf("field %s does not change the ETag", name)
		}
	}
	for _, tt := range []struct{ field, a, b string }{{"Theme", "dsfr", "lba"}, {"Audience", "college", "lycee"}, {"Millesime", "2021_2022", "2022_2023"}} {
		a, b := req, req
		reflect.ValueOf(&a).Elem().FieldByName(tt.field).SetString(tt.a)
		reflect.ValueOf(&b).Elem().FieldByName(tt.field).SetString(tt.b)
		if widgetKey("a", "d", "/r", a) == widgetKey("a", "d", "/r", b) {
			t.Errorf("%s %s and %s share an ETag", tt.field, tt.a, tt.b)
		}
	}
}

func TestConditionalRequests(t *testing.T) {
	s := newServerConfig(t, testConfig(t), "", nil)
	const path = "/widgets/regions/11/certifications/32032002"
	first := get(t, s, path)
	etag := first.Header().Get("ETag")
	stats := s.store.RenderStats()
	hits, misses := stats.Hits.Load(), stats.Misses.Load()
	for _, tt := range []struct {
		name, inm string
		want      int
	}{
		{"strong", etag, http.StatusNotModified},
		{"weak", "W/" + etag, http.StatusNotModified},
		{"in a list", `"other", ` + etag, http.StatusNotModified},
		// The gzip body's ETag does not validate the identity body (RFC 9110 §13.1.2, issue 10).
		{"gzip form", strings.TrimSuffix(etag, `"`) + `-gz"`, http.StatusOK},
		{"star", "*", http.StatusNotModified},
		{"other", `"0123"`, http.StatusOK},
		{"none", "", http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, s, path+"?utm_source=x", "If-None-Match", tt.inm)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d", rec.Code, tt.want)
			}
			if tt.want == http.StatusNotModified {
				if rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag || rec.Header().Get("Content-Length") != "" ||
					rec.Header().Get("Cache-Control") != "public, max-age=300" {
					t.Errorf("304: body %d bytes, headers %v", rec.Body.Len(), rec.Header())
				}
			} else if !bytes.Equal(rec.Body.Bytes(), first.Body.Bytes()) {
				t.Error("body differs from the first answer")
			}
		})
	}
	// Every answer after the first came from the rendered-output cache: no render at all.
	if h, m := stats.Hits.Load()-hits, stats.Misses.Load()-misses; h != 7 || m != 0 {
		t.Errorf("render cache: %d hits %d misses, want 7 and 0", h, m)
	}
	// A 404 representation is never turned into a 304 (RFC 9110 §13.2.1).
	nf := "/widgets/regions/11/certifications/23830031212.json"
	e404 := get(t, s, nf).Header().Get("ETag")
	if rec := get(t, s, nf, "If-None-Match", e404); rec.Code != http.StatusNotFound || e404 == "" {
		t.Errorf("404 with matching If-None-Match: %d (ETag %q)", rec.Code, e404)
	}
}

// TestRevalidationBeforeRender: with the caches off, a conditional request whose ETag matches
// is answered 304 from the view, before any render: it draws nothing on the render bucket (one
// render per client here, spent by the first request), in either form of the ETag, and the
// headers are those of the 200 (issue 11: a 304 then cost a full render).
func TestRevalidationBeforeRender(t *testing.T) {
	cfg := testConfig(t)
	cfg.CacheEnabled, cfg.RenderCacheBytes = false, 0
	cfg.RateLimit = config.RateLimit{IPRenderRate: 0.001, IPRenderBurst: 1}
	s := newServerConfig(t, cfg, "", nil)
	for _, path := range []string{"/widgets/regions/11/certifications/32032002", "/widgets/regions/11/certifications/32032002.svg?theme=lba",
		"/widgets/regions/11/certifications/32032002.json"} {
		t.Run(path, func(t *testing.T) {
			remote := "203.0.113.7:1"
			if strings.Contains(path, ".svg") {
				remote = "203.0.113.8:1"
			} else if strings.Contains(path, ".json") {
				remote = "203.0.113.9:1"
			}
			first := do(s, http.MethodGet, path, remote, "Accept-Encoding", "gzip")
			if first.Code != http.StatusOK {
				t.Fatalf("first: %d", first.Code)
			}
			if rec := do(s, http.MethodGet, path, remote); rec.Code != http.StatusTooManyRequests {
				t.Fatalf("a second render: %d, want 429 (the bucket holds one)", rec.Code)
			}
			gzTag := first.Header().Get("ETag")
			plainTag := strings.TrimSuffix(gzTag, `-gz"`) + `"`
			for _, tt := range []struct{ inm, enc string }{{gzTag, "gzip"}, {plainTag, ""}, {"W/" + plainTag, ""}} {
				rec := do(s, http.MethodGet, path, remote, "If-None-Match", tt.inm, "Accept-Encoding", tt.enc)
				if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
					t.Fatalf("If-None-Match %s, Accept-Encoding %q: %d, want 304", tt.inm, tt.enc, rec.Code)
				}
				want := plainTag
				if tt.enc != "" {
					want = gzTag
				}
				for k, v := range map[string]string{"ETag": want, "Vary": "Accept-Encoding", "Cache-Control": first.Header().Get("Cache-Control"),
					"Content-Security-Policy": first.Header().Get("Content-Security-Policy")} {
					if got := rec.Header().Get(k); got != v {
						t.Errorf("304 %s: %q, want %q", k, got, v)
					}
				}
			}
			// The other form's ETag does not validate this one: a render, refused here.
			if rec := do(s, http.MethodGet, path, remote, "If-None-Match", gzTag); rec.Code != http.StatusTooManyRequests {
				t.Errorf("the gzip ETag without gzip: %d, want a render (429)", rec.Code)
			}
		})
	}
}

func TestGzipAndContentLength(t *testing.T) {
	s := newServer(t, false)
	for _, path := range []string{"/widgets/regions/11/certifications/32032002", "/widgets/regions/11/certifications/32032002.svg",
		"/widgets/regions/11/certifications/32032002.json", "/static/widget.css", "/"} {
		t.Run(path, func(t *testing.T) {
			plain := get(t, s, path)
			gz := get(t, s, path, "Accept-Encoding", "br;q=1, gzip;q=0.8")
			refused := get(t, s, path, "Accept-Encoding", "gzip;q=0, identity")
			if plain.Header().Get("Content-Length") != fmt.Sprint(plain.Body.Len()) || gz.Header().Get("Content-Length") != fmt.Sprint(gz.Body.Len()) {
				t.Errorf("Content-Length %q for %d bytes, gzip %q for %d bytes", plain.Header().Get("Content-Length"), plain.Body.Len(),
					gz.Header().Get("Content-Length"), gz.Body.Len())
			}
			compressible := plain.Body.Len() >= gzipMinBytes
			if got := plain.Header().Get("Vary"); (got == "Accept-Encoding") != compressible {
				t.Errorf("Vary %q for %d bytes", got, plain.Body.Len())
			}
			if !compressible {
				if gz.Header().Get("Content-Encoding") != "" {
					t.Error("a short body was compressed")
				}
				return
			}
			if gz.Header().Get("Content-Encoding") != "gzip" || refused.Header().Get("Content-Encoding") != "" || plain.Header().Get("Content-Encoding") != "" {
				t.Fatalf("Content-Encoding: gzip %q, refused %q, plain %q", gz.Header().Get("Content-Encoding"),
					refused.Header().Get("Content-Encoding"), plain.Header().Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(gz.Body)
			if err != nil {
				t.Fatal(err)
			}
			unzipped, _ := io.ReadAll(zr)
			if !bytes.Equal(unzipped, plain.Body.Bytes()) {
				t.Error("gzip body differs from the plain one")
			}
			if pe, ge := plain.Header().Get("ETag"), gz.Header().Get("ETag"); ge != strings.TrimSuffix(pe, `"`)+`-gz"` {
				t.Errorf("ETags: plain %s gzip %s", pe, ge)
			}
		})
	}
}

func TestAcceptsGzipAndMatchETag(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "deflate, gzip": true, "gzip;q=0": false, "gzip; q=0.0": false,
		"gzip;q=0.001": true, "*": true, "*;q=0": false, "br": false, "*;q=0, gzip": true, "gzip;q=0, *": false, "x-gzip": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v", header, got)
		}
	}
	for _, tt := range []struct {
		header, etag string
		want         bool
	}{
		{`"a"`, `"a"`, true}, {`W/"a"`, `"a"`, true}, {`"a-gz"`, `"a"`, false}, {`"a"`, `"a-gz"`, false},
		{`"a-gz"`, `"a-gz"`, true}, {`W/"a-gz"`, `"a-gz"`, true},
		{`"b", "a"`, `"a"`, true}, {`"ab"`, `"a"`, false}, {``, `"a"`, false}, {`*`, `"a"`, true}, {`"a`, `"ab"`, false},
	} {
		if got := matchETag(tt.header, tt.etag); got != tt.want {
			t.Errorf("matchETag(%q, %q) = %v", tt.header, tt.etag, got)
		}
	}
}

func TestCacheHeadersByStatus(t *testing.T) {
	cfg := testConfig(t)
	cfg.HTTP.RequestTimeout = 20 * time.Millisecond
	s := newServerConfig(t, cfg, "", nil)
	s.echo.GET("/test/slow", func(c echo.Context) error {
		<-c.Request().Context().Done()
		return c.Request().Context().Err()
	})
	s.echo.GET("/test/panic.json", func(c echo.Context) error { panic("boom") })
	// A widget request whose context ended before the render (its client left) is not rendered.
	s.echo.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("X-Test-Gone") != "" {
				ctx, cancel := context.WithCancel(c.Request().Context())
				cancel()
				c.SetRequest(c.Request().WithContext(ctx))
			}
			return next(c)
		}
	})
	if rec := get(t, s, "/widgets/regions/11/certifications/32032002.svg", "X-Test-Gone", "1"); rec.Code != http.StatusServiceUnavailable ||
		rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("widget of a client gone: %d %v", rec.Code, rec.Header())
	}
	for _, tt := range []struct {
		path, cacheControl string
		status             int
	}{
		{"/widgets/regions/11/certifications/32032002", "public, max-age=300", 200},
		// Bad input is never stored; a 404 the data gives is, briefly (issue 10).
		{"/widgets/regions/10/certifications/32032002.json", "no-store", 400},
		{"/widgets/regions/11/certifications/32032002?theme=nope", "no-store", 400},
		{"/widgets/regions/11/certifications/99999999", "public, max-age=60", 404},
		{"/widgets/regions/11/certifications/99999999.json", "public, max-age=60", 404},
		{"/widgets/regions/11/certifications/99999999.svg?onerror=status", "public, max-age=60", 404},
		// The image and the empty image of a code without data say so with a 200: kept briefly too.
		{"/widgets/regions/11/certifications/99999999.svg", "public, max-age=60", 200},
		{"/widgets/regions/11/certifications/99999999.svg?onerror=empty", "public, max-age=60", 200},
		{"/widgets/regions/11/certifications/32032002.svg?millesime=2000_2001", "public, max-age=60", 200},
		{"/widgets/regions/11/certifications/32032002.json?millesime=2000_2001", "public, max-age=60", 404},
		{"/api/inserjeunes/certifications/99999999", "public, max-age=60", 404},
		{"/api/inserjeunes/certifications/1", "no-store", 400},
		{"/nope", "no-store", 404},
		{"/oembed?url=https%3A%2F%2Fexample.org%2F", "no-store", 404},
		{"/test/slow", "no-store", 503},
		{"/test/panic.json", "no-store", 500},
		{"/readyz", "no-store", 200},
		{"/healthz", "no-store", 200},
	} {
		rec := get(t, s, tt.path)
		if rec.Code != tt.status || rec.Header().Get("Cache-Control") != tt.cacheControl {
			t.Errorf("%s: %d %q, want %d %q", tt.path, rec.Code, rec.Header().Get("Cache-Control"), tt.status, tt.cacheControl)
		}
		if tt.status >= 500 && rec.Header().Get("ETag") != "" {
			t.Errorf("%s: a 5xx carries an ETag", tt.path)
		}
	}
	big := httptest.NewRequest(http.MethodPost, "/admin/reload", strings.NewReader(strings.Repeat("x", 5000)))
	big.Header.Set("Authorization", "Bearer "+testAdminToken)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, big)
	if rec.Code != http.StatusRequestEntityTooLarge || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("5000-byte body: %d %q, want 413 no-store", rec.Code, rec.Header().Get("Cache-Control"))
	}
	for _, tt := range []struct {
		method, path, auth string
		status             int
	}{
		{http.MethodPost, "/admin/reload", "", http.StatusUnauthorized},
		{http.MethodPost, "/admin/reload", "Bearer " + testAdminToken, http.StatusOK},
		{http.MethodGet, "/admin/reload", "Bearer " + testAdminToken, http.StatusMethodNotAllowed},
		{http.MethodPost, "/widgets/certifications/32032002", "", http.StatusMethodNotAllowed},
	} {
		rec := do(s, tt.method, tt.path, "", "Authorization", tt.auth)
		if rec.Code != tt.status || rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("ETag") != "" {
			t.Errorf("%s %s: %d %q, want %d no-store without ETag", tt.method, tt.path, rec.Code, rec.Header().Get("Cache-Control"), tt.status)
		}
	}
}

func TestRateLimits(t *testing.T) {
	cfg := testConfig(t)
	cfg.RateLimit = config.RateLimit{IPRate: 0.01, IPBurst: 2, PartnerRate: 0.5, PartnerBurst: 1}
	cfg.Partners = []config.Partner{{Key: "acme", Name: "Acme", Origins: []string{"https://acme.example"}}, {Key: "big", Rate: 1000, Burst: 1000}}
	s := newServerConfig(t, cfg, "", nil)
	const w = "/widgets/regions/11/certifications/32032002.json"
	type step struct {
		path, remote string
		status       int
		retryAfter   string
		referer      string
	}
	steps := []step{
		{w, "192.0.2.1:1000", 200, "", ""},
		{w, "192.0.2.1:1001", 200, "", ""},
		{w, "192.0.2.1:1002", 429, "100", ""}, // third request of one IP: 1 token per 100 s
		{"/healthz", "192.0.2.1:1003", 200, "", ""},
		{"/readyz", "192.0.2.1:1003", 200, "", ""},
		{w, "192.0.2.2:1000", 200, "", ""}, // another IP has its own bucket
		{w + "?partner=acme", "192.0.2.3:1000", 200, "", "https://acme.example/page"},
		{w + "?partner=acme", "192.0.2.4:1000", 429, "2", "https://acme.example/"}, // the partner's bucket: 0.5 req/s, burst 1
		{w + "?partner=acme", "192.0.2.9:1000", 200, "", ""},                       // not from its pages: anonymous (issue 10)
		{w + "?partner=big", "192.0.2.5:1000", 200, "", ""},
		{w + "?partner=big", "192.0.2.6:1000", 200, "", ""},
		{w + "?partner=nobody", "192.0.2.7:1000", 400, "", ""}, // unknown key: a 400 (issue 5), never a bucket
		{w + "?partner=nobody", "192.0.2.8:1000", 400, "", ""},
	}
	for i, st := range steps {
		rec := do(s, http.MethodGet, st.path, st.remote, "Referer", st.referer)
		if rec.Code != st.status || rec.Header().Get("Retry-After") != st.retryAfter {
			t.Fatalf("step %d %s from %s: %d Retry-After %q, want %d %q", i, st.path, st.remote, rec.Code,
				rec.Header().Get("Retry-After"), st.status, st.retryAfter)
		}
		if st.status == 429 {
			var body map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["message"] == "" ||
				rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("ETag") != "" {
				t.Errorf("429: %s %v", rec.Body, rec.Header())
			}
		}
	}
	metrics := scrape(t, s)
	for _, want := range []string{`ijwidgets_rate_limited_total{limit="ip"} 1`, `ijwidgets_rate_limited_total{limit="partner"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestClientIPBehindProxy(t *testing.T) {
	for _, tt := range []struct {
		name, header string
		want         []int // statuses of three requests from the proxy for clients A, A, B
	}{
		{"direct: the proxy is the client", "", []int{200, 429, 429}},
		{"X-Forwarded-For from a trusted proxy", "X-Forwarded-For", []int{200, 429, 200}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.RateLimit = config.RateLimit{IPRate: 0.01, IPBurst: 1}
			cfg.HTTP.RealIPHeader = tt.header
			s := newServerConfig(t, cfg, "", nil)
			for i, client := range []string{"198.51.100.1", "198.51.100.1", "198.51.100.2"} {
				rec := do(s, http.MethodGet, "/healthz?x", "10.0.0.5:4000") // exempt: warms nothing
				_ = rec
				rec = do(s, http.MethodGet, "/", "10.0.0.5:4000", "X-Forwarded-For", client)
				if rec.Code != tt.want[i] {
					t.Errorf("request %d for %s: %d, want %d", i, client, rec.Code, tt.want[i])
				}
			}
		})
	}
	// An untrusted peer's header is ignored: both "clients" are the peer.
	cfg := testConfig(t)
	cfg.RateLimit = config.RateLimit{IPRate: 0.01, IPBurst: 1}
	cfg.HTTP.RealIPHeader = "X-Forwarded-For"
	cfg.HTTP.TrustedProxies = []string{"10.9.0.0/16"}
	s := newServerConfig(t, cfg, "", nil)
	a := do(s, http.MethodGet, "/", "10.0.0.5:4000", "X-Forwarded-For", "198.51.100.1")
	b := do(s, http.MethodGet, "/", "10.0.0.5:4000", "X-Forwarded-For", "198.51.100.2")
	if a.Code != 200 || b.Code != 429 {
		t.Errorf("untrusted proxy: %d %d, want 200 429", a.Code, b.Code)
	}
}

func TestReloadKeepsServingOldFiguresOnFailure(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	cfg := testConfig(t)
	cfg.Data = dir
	var logs bytes.Buffer
	s := newServerConfig(t, cfg, dir, nil)
	s.log = slog.New(slog.NewJSONHandler(&logs, nil))
	const w = "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023"
	figures := func() (string, string) {
		t.Helper()
		rec := get(t, s, w)
		var v struct {
			E int `json:"taux_en_emploi_6_mois"`
			F int `json:"taux_en_formation"`
			A int `json:"taux_autres_6_mois"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return fmt.Sprintf("%d/%d/%d", v.E, v.F, v.A), rec.Header().Get("ETag")
	}
	reload := func(token string) *httptest.ResponseRecorder {
		return do(s, http.MethodPost, "/admin/reload", "", "Authorization", "Bearer "+token)
	}
	ready := func() map[string]any {
		t.Helper()
		rec := get(t, s, "/readyz")
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || rec.Code != 200 {
			t.Fatalf("readyz %d %s", rec.Code, rec.Body)
		}
		return m
	}
	before, etagBefore := figures()
	if before != "20/30/50" {
		t.Fatalf("test data: %s, want 20/30/50", before)
	}
	oldSnap := s.store.Current()
	if n, _ := oldSnap.Rendered.Len(); n != 1 {
		t.Fatalf("render cache holds %d entries", n)
	}

	if rec := reload("wrong"); rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" || s.store.LastLoad().At != oldSnap.LoadedAt {
		t.Errorf("wrong token: %d %v", rec.Code, rec.Header())
	}
	if rec := do(s, http.MethodGet, "/admin/reload", "", "Authorization", "Bearer "+testAdminToken); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /admin/reload: %d", rec.Code)
	}

	// A broken file: the reload fails, the old snapshot (and its cache) stays.
	regions := filepath.Join(dir, "geo_regions_insee_cog2026.json")
	if err := os.WriteFile(regions, []byte(`[{"code":"11"`), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := reload(testAdminToken)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "geo_regions_insee_cog2026.json") ||
		rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("failed reload: %d %s", rec.Code, rec.Body)
	}
	if after, etag := figures(); after != before || etag != etagBefore || s.store.Current() != oldSnap {
		t.Errorf("after a failed reload: %s %s, want the old %s %s", after, etag, before, etagBefore)
	}
	if m := ready(); m["status"] != "ready" || !strings.Contains(fmt.Sprint(m["reload_error"]), "geo_regions_insee_cog2026.json") ||
		m["data_version"] != oldSnap.Version {
		t.Errorf("readyz after a failed reload: %v", m)
	}
	if !strings.Contains(logs.String(), `"msg":"data reload failed; the previous snapshot is still served"`) {
		t.Errorf("log: %s", logs.String())
	}

	// Fixed and changed: the reload swaps in new figures, a new ETag and an empty render cache.
	ok, _ := os.ReadFile("../data/testdata/ok/geo_regions_insee_cog2026.json")
	if err := os.WriteFile(regions, ok, 0o644); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "inserjeunes_regional_formations_2019-2023.csv")
	b, _ := os.ReadFile(csv)
	b = bytes.Replace(b, []byte(";11;apprentissage;32032002;;100;25;;;20;30;"), []byte(";11;apprentissage;32032002;;100;25;;;40;30;"), 1)
	if err := os.WriteFile(csv, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if rec := reload(testAdminToken); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"reloaded"`) {
		t.Fatalf("reload: %d %s", rec.Code, rec.Body)
	}
	newSnap := s.store.Current()
	if n, _ := newSnap.Rendered.Len(); newSnap == oldSnap || n != 0 {
		t.Fatalf("new snapshot %v, its render cache holds %d entries", newSnap != oldSnap, n)
	}
	if after, etag := figures(); after != "40/30/30" || etag == etagBefore {
		t.Errorf("after reload: %s %s", after, etag)
	}
	if m := ready(); m["reload_error"] != nil || m["data_version"] != newSnap.Version {
		t.Errorf("readyz after a good reload: %v", m)
	}
}

func TestAdminRouteNeedsAToken(t *testing.T) {
	cfg := testConfig(t)
	cfg.AdminToken = ""
	s := newServerConfig(t, cfg, "", nil)
	if rec := do(s, http.MethodPost, "/admin/reload", "", "Authorization", "Bearer "); rec.Code != http.StatusNotFound {
		t.Errorf("no token configured: %d, want 404", rec.Code)
	}
}

func TestNoRequestSeesHalfASnapshot(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	cfg := testConfig(t)
	cfg.Data = dir
	s := newServerConfig(t, cfg, dir, nil)
	const w = "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023"
	want := get(t, s, w).Body.String()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	errs := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 300 && ctx.Err() == nil; i++ {
			if got := get(t, s, w); got.Code != 200 || got.Body.String() != want {
				select {
				case errs <- fmt.Sprintf("%d %s", got.Code, got.Body):
				default:
				}
				return
			}
		}
	}()
	for i := 0; i < 5; i++ { // reloads of identical files while the requests run
		if err := s.Reload("test", false); err != nil {
			t.Fatal(err)
		}
	}
	<-done
	select {
	case e := <-errs:
		t.Errorf("a request during reloads got %s", e)
	default:
	}
}

func TestMetricsAndAccessLog(t *testing.T) {
	cfg := testConfig(t)
	cfg.Partners = []config.Partner{{Key: "onisep", Name: "Onisep"}}
	var logs bytes.Buffer
	st := store.New(0, true)
	st.SetRenderCacheBytes(1 << 20)
	if _, err := st.Load(""); err != nil {
		t.Fatal(err)
	}
	th, _ := newServer(t, false).themes, 0
	s, err := New(cfg, st, th, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	const w = "/widgets/regions/11/certifications/32032002.svg"
	do(s, http.MethodGet, w+"?partner=onisep&utm_source=x", "203.0.113.9:5000", "User-Agent", "Secret-Browser/1.0")
	do(s, http.MethodGet, w+"?partner=onisep", "203.0.113.9:5000")
	do(s, http.MethodGet, w+"?partner=someone-else", "203.0.113.9:5000")
	do(s, http.MethodGet, "/nope/12345", "203.0.113.9:5000")
	body := scrape(t, s)
	for _, want := range []string{
		`ijwidgets_http_requests_total{code="200",host="",method="GET",url="/widgets/regions/:region/certifications/:code"} 2`,
		`ijwidgets_http_requests_total{code="400",host="",method="GET",url="/widgets/regions/:region/certifications/:code"} 1`,
		`ijwidgets_http_requests_total{code="404",host="",method="GET",url=""} 1`,
		`ijwidgets_http_request_duration_seconds_bucket{code="200",host="",method="GET",url="/widgets/regions/:region/certifications/:code",le="5"} 2`,
		`ijwidgets_widget_renders_total{audience="lycee",cache="miss",format="svg",partner="onisep",scope="region",theme="dsfr"} 1`,
		`ijwidgets_widget_renders_total{audience="lycee",cache="hit",format="svg",partner="onisep",scope="region",theme="dsfr"} 1`,
		`ijwidgets_cache_requests_total{cache="render",result="hit"} 1`,
		`ijwidgets_cache_requests_total{cache="render",result="miss"} 1`,
		`ijwidgets_cache_requests_total{cache="lookup",result="miss"} 1`,
		`ijwidgets_render_cache_entries 1`,
		`ijwidgets_data_snapshot_info{demo="true",version="` + st.Current().Version + `"} 1`,
		`ijwidgets_data_loads_total{result="ok"} 1`,
		`ijwidgets_data_last_load_success 1`,
		"ijwidgets_data_load_duration_seconds ",
		"ijwidgets_data_loaded_timestamp_seconds ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "someone-else") || strings.Contains(body, "nope") { // not "12345": a value may contain it
		t.Error("metrics carry a value sent by the client")
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 4 { // the scrape is on the metrics listener, not logged
		t.Fatalf("%d log lines, want 4:\n%s", len(lines), logs.String())
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"msg": "request", "method": "GET", "route": "/widgets/regions/:region/certifications/:code",
		"path": "/widgets/regions/11/certifications/32032002.svg", "status": 200.0, "partner": "onisep", "cache": "miss"} {
		if first[k] != v {
			t.Errorf("log %s = %v, want %v", k, first[k], v)
		}
	}
	if id, _ := first["request_id"].(string); id == "" {
		t.Error("no request_id")
	}
	for _, personal := range []string{"203.0.113.9", "Secret-Browser", "utm_source"} {
		if strings.Contains(logs.String(), personal) {
			t.Errorf("the access log contains %q", personal)
		}
	}
}

func TestRequestID(t *testing.T) {
	s := newServer(t, false)
	a := get(t, s, "/healthz").Header().Get("X-Request-Id")
	b := get(t, s, "/healthz").Header().Get("X-Request-Id")
	if a == "" || a == b {
		t.Errorf("ids %q %q", a, b)
	}
	if got := get(t, s, "/healthz", "X-Request-Id", "proxy-42.a_b").Header().Get("X-Request-Id"); got != "proxy-42.a_b" {
		t.Errorf("a proxy's id is kept: %q", got)
	}
	for _, bad := range []string{"<script>", strings.Repeat("a", 65), "a b"} {
		if got := get(t, s, "/healthz", "X-Request-Id", bad).Header().Get("X-Request-Id"); got == bad || got == "" {
			t.Errorf("unsafe id %q kept as %q", bad, got)
		}
	}
}

func TestStaticDir(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>même taille qu'un widget</p>\n", 100)
	if err := os.WriteFile(filepath.Join(dir, "baseline.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".hidden"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.StaticDir = dir
	s := newServerConfig(t, cfg, "", nil)
	rec := get(t, s, "/static/baseline.html")
	if rec.Code != 200 || rec.Body.String() != page || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("%d %q", rec.Code, rec.Header())
	}
	if rec := get(t, s, "/static/baseline.html", "If-None-Match", rec.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("304 expected, got %d", rec.Code)
	}
	for _, p := range []string{"/static/.hidden", "/static/../go.mod", "/static/", "/static/nope.css"} {
		if rec := get(t, s, p); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, rec.Code)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "widget.css"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadStatic(dir); err == nil || !strings.Contains(err.Error(), "widget.css would shadow") {
		t.Errorf("shadowing an embedded file: %v", err)
	}
}

// TestMetricsMethodLabelIsBounded: made-up methods share one label value.
func TestMetricsMethodLabelIsBounded(t *testing.T) {
	s := newServer(t, false)
	for i := range 5 {
		do(s, fmt.Sprintf("M%04dX", i), "/", "203.0.113.10:5000")
	}
	body := scrape(t, s)
	if strings.Contains(body, "M0001X") || !strings.Contains(body, `method="OTHER"`) {
		t.Errorf("method label not bounded")
	}
}
