package server

import (
	"crypto/rand"
	"encoding/hex"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/ijwidgets/ijwidgets/internal/config"
)

// Partner labels for requests without a configured partner (metrics and logs never carry a key
// that is not in the configuration).
const (
	partnerNone    = "aucun"   // no ?partner=
	partnerUnknown = "inconnu" // a key the configuration does not list
)

// partner returns the configured partner a request names with ?partner=, or partnerNone /
// partnerUnknown. The value never leaves this function unless it is a configured key.
func (s *Server) partner(c echo.Context) string {
	if p := keyedPartner(c); p != "" {
		return p // a valid API key names its partner (issue 14 item 5)
	}
	key := queryOf(c).Get("partner")
	if key == "" {
		return partnerNone
	}
	if _, ok := s.partners[key]; ok {
		return key
	}
	return partnerUnknown
}

// provenPartner is the configured partner a request names with ?partner= when the request also
// proves it: its Origin or Referer is one of the partner's origins (a browser sends the embedding
// page's origin in Referer under the default strict-origin-when-cross-origin policy). Anyone can
// write ?partner=KEY; only such requests draw on the partner's bucket (issue 10), the others are
// anonymous. "" when the request proves no partner.
func (s *Server) provenPartner(c echo.Context) string {
	key := queryOf(c).Get("partner")
	p, ok := s.partners[key]
	if !ok || key == "" {
		return ""
	}
	h := c.Request().Header
	for _, raw := range []string{h.Get("Origin"), h.Get("Referer")} {
		u, err := url.Parse(raw)
		if raw == "" || err != nil {
			continue
		}
		for _, o := range p.Origins {
			if originMatches(o, u) {
				return key
			}
		}
	}
	return ""
}

// originMatches reports whether u is on the origin pattern o ("https://host[:port]", or
// "https://*.host" for its subdomains, as config.Partner.Origins writes them): same scheme, same
// port (none: the scheme's default), same host or, for "*.", a subdomain (as CSP matches them).
func originMatches(o string, u *url.URL) bool {
	scheme, hostPort, _ := strings.Cut(o, "://")
	if !strings.EqualFold(u.Scheme, scheme) {
		return false
	}
	host, port := hostPort, ""
	if i := strings.LastIndexByte(hostPort, ':'); i >= 0 {
		host, port = hostPort[:i], hostPort[i+1:]
	}
	if u.Port() != port {
		return false
	}
	got := strings.ToLower(u.Hostname())
	if sub, wild := strings.CutPrefix(host, "*."); wild {
		return strings.HasSuffix(got, "."+sub)
	}
	return got == host
}

// exempt lists the routes that are never rate limited: the probes.
func exempt(c echo.Context) bool {
	switch c.Path() {
	case "/healthz", "/readyz":
		return true
	}
	return false
}

// ipExtractor returns how the client address is found (cfg.RealIPHeader): the TCP peer, or a
// forwarding header believed only when the peer is in cfg.TrustedProxies.
func ipExtractor(cfg config.HTTP) echo.IPExtractor {
	if cfg.RealIPHeader == "" {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, cidr := range cfg.TrustedProxies {
		if _, n, err := net.ParseCIDR(cidr); err == nil { // validated by config.Load
			opts = append(opts, echo.TrustIPRange(n))
		}
	}
	if cfg.RealIPHeader == "X-Real-IP" {
		return echo.ExtractIPFromRealIPHeader(opts...)
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// retryAfter is the Retry-After of a bucket refilled at r req/s: the whole seconds until one
// token is back, at least 1.
func retryAfter(r float64) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(1/r))))
}

// rateLimiters returns the token-bucket middlewares: one bucket per client IP for every request
// (the ceiling), one per configured partner for the requests that prove it (provenPartner), and
// sets up the per-IP render bucket that allowRender draws on. A rate of 0 disables a limit.
// Denied requests get 429 with Retry-After and no-store. The buckets read the time from s.now
// (tests drive a clock of their own).
func (s *Server) rateLimiters(rl config.RateLimit, partners []config.Partner) []echo.MiddlewareFunc {
	var mws []echo.MiddlewareFunc
	if rl.IPRenderRate > 0 {
		s.renders = newIPBuckets(rl.IPRenderRate, rl.IPRenderBurst)
		s.rendersAfter = retryAfter(rl.IPRenderRate)
	}
	if rl.IPRate > 0 {
		ips := newIPBuckets(rl.IPRate, rl.IPBurst)
		after := retryAfter(rl.IPRate)
		mws = append(mws, func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				if !exempt(c) && keyedPartner(c) == "" && !ips.allow(c.RealIP(), s.now()) {
					return s.tooManyRequests(c, "ip", after)
				}
				return next(c)
			}
		})
	}
	buckets := map[string]*rate.Limiter{}
	after := map[string]string{}
	for _, p := range partners {
		r, b := p.Rate, p.Burst
		if r == 0 {
			r = rl.PartnerRate
		}
		if b == 0 {
			b = rl.PartnerBurst
		}
		if r > 0 {
			buckets[p.Key] = rate.NewLimiter(rate.Limit(r), max(b, 1))
			after[p.Key] = retryAfter(r)
		}
	}
	if len(buckets) > 0 {
		mws = append(mws, func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				key := s.provenPartner(c)
				if l, limited := buckets[key]; limited && !exempt(c) && keyedPartner(c) == "" && !l.AllowN(s.now(), 1) {
					return s.tooManyRequests(c, "partner", after[key])
				}
				return next(c)
			}
		})
	}
	return mws
}

// allowRender takes a token of the client's render bucket before an answer that is not served
// from the rendered-output cache (a render costs about ten cached answers); a nil error when
// there was one or renders are not limited, else the 429 to return.
func (s *Server) allowRender(c echo.Context) error {
	if s.renders == nil || keyedPartner(c) != "" || s.renders.allow(c.RealIP(), s.now()) {
		return nil
	}
	return s.tooManyRequests(c, "render", s.rendersAfter)
}

// rendersAlways is the middleware of the routes that render on every request (no
// rendered-output cache): each draws on the render bucket.
func (s *Server) rendersAlways(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.allowRender(c); err != nil {
			return err
		}
		return next(c)
	}
}

// ipBucketsExpiry is how long the bucket of an address that sends nothing is kept.
const ipBucketsExpiry = 3 * time.Minute

// ipBuckets is one token bucket per client address, dropped after ipBucketsExpiry of silence (a
// full bucket is what a new one would be), so the map does not grow with every address seen.
type ipBuckets struct {
	rate  rate.Limit
	burst int

	mu        sync.Mutex
	buckets   map[string]*ipBucket
	lastSweep time.Time
}

type ipBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newIPBuckets(r float64, burst int) *ipBuckets {
	return &ipBuckets{rate: rate.Limit(r), burst: max(burst, 1), buckets: map[string]*ipBucket{}}
}

// allow takes one token of ip's bucket at now, and reports whether there was one.
func (b *ipBuckets) allow(ip string, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.Sub(b.lastSweep) > ipBucketsExpiry {
		for k, e := range b.buckets {
			if now.Sub(e.seen) > ipBucketsExpiry {
				delete(b.buckets, k)
			}
		}
		b.lastSweep = now
	}
	e, ok := b.buckets[ip]
	if !ok {
		e = &ipBucket{lim: rate.NewLimiter(b.rate, b.burst)}
		b.buckets[ip] = e
	}
	e.seen = now
	return e.lim.AllowN(now, 1)
}

func (s *Server) tooManyRequests(c echo.Context, limit, after string) error {
	s.metrics.rateLimited.WithLabelValues(limit).Inc()
	c.Response().Header().Set("Retry-After", after)
	return echo.NewHTTPError(http.StatusTooManyRequests)
}

// closeWhileDraining answers with Connection: close once SetDraining was called: clients open a
// new connection (to another replica) for their next request, instead of reusing one that the
// shutdown is about to close under them.
func (s *Server) closeWhileDraining(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.draining.Load() {
			c.Response().Header().Set(echo.HeaderConnection, "close")
		}
		return next(c)
	}
}

// requestIDs numbers requests: a random per-process prefix and a counter (cheap and unique).
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return &requestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

// middleware keeps an incoming X-Request-Id of 1 to 64 safe characters (a proxy's), else makes
// one, and sends it back.
func (r *requestIDs) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if safeID(id) {
			c.Response().Header()[echo.HeaderXRequestID] = []string{id}
			return next(c)
		}
		// One string and one backing array for both headers (issue 11 item 5: this runs on
		// every answer): each header gets a capped slice, so an Add on one copies and never
		// writes into the other.
		var buf [64]byte
		id = string(strconv.AppendUint(append(buf[:0], r.prefix...), r.n.Add(1), 36))
		v := [2]string{id, id}
		both := v[:]
		c.Request().Header[echo.HeaderXRequestID] = both[0:1:1]
		c.Response().Header()[echo.HeaderXRequestID] = both[1:2:2]
		return next(c)
	}
}

func safeID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
