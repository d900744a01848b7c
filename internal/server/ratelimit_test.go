package server

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/static"
)

// traffic is one simulated request: when (from the start of a scenario), what, from where.
type traffic struct {
	at      time.Duration
	path    string
	remote  string
	header  []string
	counted bool // counted in the scenario's result
}

// replay serves hits in time order on a clock of its own (the rate limiters read s.now, so no
// wall-clock time is involved) and returns how many of the counted requests got 429, and how
// many were counted.
func replay(t *testing.T, s *Server, hits []traffic) (refused, counted int) {
	t.Helper()
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := t0
	s.now = func() time.Time { return now }
	for _, h := range hits {
		now = t0.Add(h.at)
		rec := do(s, http.MethodGet, h.path, h.remote, h.header...)
		switch {
		case rec.Code == http.StatusTooManyRequests:
			if h.counted {
				refused++
			}
		case rec.Code != http.StatusOK && rec.Code != http.StatusNotModified && rec.Code != http.StatusNotFound:
			t.Fatalf("%s: %d", h.path, rec.Code)
		}
		if h.counted {
			counted++
		}
	}
	return refused, counted
}

// realWidgets returns n distinct France HTML widgets of the real data (known codes).
func realWidgets(t *testing.T, s *Server, n int) []string {
	t.Helper()
	snap := s.store.Current()
	var out []string
	for _, c := range snap.Codes() {
		if _, ok := snap.Certification(c); ok && len(out) < n {
			out = append(out, "/widgets/certifications/"+c.String())
		}
	}
	if len(out) < n {
		t.Fatalf("%d known codes, want %d", len(out), n)
	}
	return out
}

// pageLoad is what a browser asks for one partner page of widgets from remote at `at`: embed.js,
// the widgets' resize.js (then in its cache) and every widget, at once.
func pageLoad(at time.Duration, remote string, widgets []string) []traffic {
	hits := []traffic{
		{at: at, path: "/embed.js", remote: remote, counted: true},
		{at: at, path: "/static/resize.js?v=" + static.ResizeVersion, remote: remote, counted: true},
	}
	for _, w := range widgets {
		hits = append(hits, traffic{at: at, path: w, remote: remote, counted: true})
	}
	return hits
}

// limitsBefore are the defaults before issue 10: every request of an address in one bucket.
var limitsBefore = config.RateLimit{IPRate: 50, IPBurst: 100, PartnerRate: 500, PartnerBurst: 1000}

// TestHonestTrafficIsNotRefused replays the two honest cases of issue 10 under the limits of
// before and the defaults: one reader opening three pages of 60 widgets in a row (pages 60 ms
// apart: 186 requests), and ten readers of one 10-widget page behind one school NAT (10 ms
// apart: 120 requests). Before, one bucket of 100 requests at 50/s for everything refused 80
// and 16 of them; the defaults count renders only against the render bucket, and cached answers
// against a ceiling ten times higher.
func TestHonestTrafficIsNotRefused(t *testing.T) {
	dir := realdata.RealDir(t)
	defaults := testConfig(t)
	if cfg, err := config.Load(nil, ""); err != nil {
		t.Fatal(err)
	} else {
		defaults.RateLimit = cfg.RateLimit
	}
	widgets := realWidgets(t, newServer(t, true), 180)
	const reader = "192.0.2.10:50000"
	threePages := func(warm bool) []traffic {
		var hits []traffic
		if warm { // the pages' widgets were read before by others
			for i, w := range widgets {
				hits = append(hits, traffic{at: -time.Minute + time.Duration(i)*time.Second/10, path: w, remote: fmt.Sprintf("198.51.100.%d:1", 1+i%200)})
			}
		}
		for p := range 3 {
			hits = append(hits, pageLoad(time.Duration(p)*60*time.Millisecond, reader, widgets[p*60:(p+1)*60])...)
		}
		return hits
	}
	nat := func() []traffic {
		var hits []traffic
		for r := range 10 {
			hits = append(hits, pageLoad(time.Duration(r)*10*time.Millisecond, reader, widgets[:10])...)
		}
		return hits
	}
	for _, tt := range []struct {
		name          string
		hits          []traffic
		total         int
		before, after int // 429 answers with limitsBefore and with the defaults
	}{
		{"three pages of 60 widgets, widgets never rendered", threePages(false), 186, 80, 0},
		{"three pages of 60 widgets, widgets in the cache", threePages(true), 186, 80, 0},
		{"ten readers behind one NAT", nat(), 120, 16, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, lim := range []struct {
				name string
				rl   config.RateLimit
				want int
			}{{"before", limitsBefore, tt.before}, {"defaults", defaults.RateLimit, tt.after}} {
				cfg := defaults
				cfg.RateLimit = lim.rl
				s := newServerConfig(t, cfg, dir, nil)
				refused, total := replay(t, s, tt.hits)
				t.Logf("%s: %d of %d refused", lim.name, refused, total)
				if refused != lim.want || total != tt.total {
					t.Errorf("%s limits: %d of %d refused, want %d of %d", lim.name, refused, total, lim.want, tt.total)
				}
			}
		})
	}
}

// TestRenderLimitStopsScrapers: with the defaults, one address asking for 1,000 distinct
// widgets nobody asked before at 250 req/s (every one a render) gets 200 at once and then 50/s,
// while its cached answers and 304s go on being served.
func TestRenderLimitStopsScrapers(t *testing.T) {
	dir := realdata.RealDir(t)
	cfg := testConfig(t)
	def, err := config.Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.RateLimit = def.RateLimit
	s := newServerConfig(t, cfg, dir, nil)
	snap := s.store.Current()
	const scraper = "203.0.113.50:40000"
	var hits []traffic
	for i, c := range snap.Codes()[:1000] {
		hits = append(hits, traffic{at: time.Duration(i) * time.Second / 250, path: "/widgets/regions/84/certifications/" + c.String() + ".svg", remote: scraper, counted: true})
	}
	refused, total := replay(t, s, hits)
	// 200 tokens, then one every 20 ms while the requests come every 4 ms: 200 served at once,
	// then 199 in the 3.996 s up to the last request.
	if want := 1000 - 200 - 199; refused != want || total != 1000 {
		t.Errorf("distinct renders: %d of %d refused, want %d", refused, total, want)
	}
	// Right after, with its render bucket empty: a cached widget and a 304 are still served
	// (the first of the scraper's widgets, rendered at the start).
	now := s.now()
	s.now = func() time.Time { return now }
	w := hits[0].path
	etag := do(s, http.MethodGet, w, scraper).Header().Get("ETag")
	if rec := do(s, http.MethodGet, w, scraper); rec.Code != http.StatusOK {
		t.Errorf("cached widget with an empty render bucket: %d, want 200", rec.Code)
	}
	if rec := do(s, http.MethodGet, w, scraper, "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("304 with an empty render bucket: %d", rec.Code)
	}
	if rec := do(s, http.MethodGet, hits[999].path+"?theme=lba", scraper); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("a new render with an empty render bucket: %d Retry-After %q, want 429 1", rec.Code, rec.Header().Get("Retry-After"))
	}
	// Cached answers: 800 more at 400 req/s, under the ceiling (1,000 at once, 500/s).
	hits = nil
	for i := range 800 {
		hits = append(hits, traffic{at: time.Hour + time.Duration(i)*time.Second/400, path: w, remote: scraper, header: []string{"If-None-Match", etag}, counted: true})
	}
	if refused, _ := replay(t, s, hits); refused != 0 {
		t.Errorf("cached 304s at 400/s: %d refused, want 0", refused)
	}
}

// TestPartnerBucketNeedsProof replays issue 10's case: one anonymous client adds ?partner=onisep
// to 48 req/s (under its address's limits) from t=0, while 25 of the partner's readers, each
// from its own address and page (Referer on the partner's origin), ask for a widget every 280
// ms from t=5 s. The partner's bucket is 40 req/s with a burst of 80. Before, the anonymous
// requests drained it and 9 of the 25 readers were refused; only requests that prove the
// partner draw on it now.
func TestPartnerBucketNeedsProof(t *testing.T) {
	dir := realdata.RealDir(t)
	cfg := testConfig(t)
	def, err := config.Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.RateLimit = def.RateLimit
	cfg.Partners = []config.Partner{{Key: "onisep", Name: "Onisep", Origins: []string{"https://www.onisep.fr", "https://*.onisep.fr"}, Rate: 40, Burst: 80}}
	s := newServerConfig(t, cfg, dir, nil)
	const w = "/widgets/certifications/32032002?partner=onisep"
	var hits []traffic
	for i := range 48 * 20 {
		hits = append(hits, traffic{at: time.Duration(i) * time.Second / 48, path: w, remote: "203.0.113.9:1000"})
	}
	for i := range 25 {
		hits = append(hits, traffic{at: 5*time.Second + time.Duration(i)*280*time.Millisecond, path: w,
			remote: fmt.Sprintf("198.51.100.%d:1000", i+1), header: []string{"Referer", "https://www.onisep.fr/metiers/"}, counted: true})
	}
	if refused, total := replay(t, s, hits); refused != 0 || total != 25 {
		t.Errorf("partner readers: %d of %d refused, want 0", refused, total)
	}
	// The bucket still limits the partner's own traffic: 100 proven requests at once from 100
	// readers (a subdomain's page, then an Origin header) get the burst of 80.
	hits = nil
	for i := range 100 {
		h := []string{"Referer", "https://lycees.onisep.fr/"}
		if i%2 == 1 {
			h = []string{"Origin", "https://www.onisep.fr"}
		}
		hits = append(hits, traffic{at: time.Hour, path: w, remote: fmt.Sprintf("198.51.100.%d:1000", 100+i), header: h, counted: true})
	}
	if refused, _ := replay(t, s, hits); refused != 20 {
		t.Errorf("100 proven requests at once: %d refused, want 20", refused)
	}
}

func TestOriginMatches(t *testing.T) {
	for _, tt := range []struct {
		pattern, url string
		want         bool
	}{
		{"https://www.onisep.fr", "https://www.onisep.fr/", true},
		{"https://www.onisep.fr", "https://WWW.onisep.fr/page?x=1", true},
		{"https://www.onisep.fr", "http://www.onisep.fr/", false},
		{"https://www.onisep.fr", "https://www.onisep.fr:8443/", false},
		{"https://www.onisep.fr", "https://www.onisep.fr.evil.example/", false},
		{"https://www.onisep.fr", "https://evil.example/?https://www.onisep.fr", false},
		{"https://*.onisep.fr", "https://a.b.onisep.fr/", true},
		{"https://*.onisep.fr", "https://onisep.fr/", false},
		{"https://*.onisep.fr", "https://evilonisep.fr/", false},
		{"http://localhost:3000", "http://localhost:3000/x", true},
		{"http://localhost:3000", "http://localhost/x", false},
	} {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := originMatches(tt.pattern, u); got != tt.want {
			t.Errorf("originMatches(%q, %q) = %v, want %v", tt.pattern, tt.url, got, tt.want)
		}
	}
}
