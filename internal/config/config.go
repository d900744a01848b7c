// Package config reads the service configuration with viper: flags > environment (IJWIDGETS_…)
// > config file > defaults (SPEC §10). Every key has a default.
package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cast"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the typed configuration of the service.
type Config struct {
	Addr      string // listen address, e.g. ":8080"
	Data      string // data directory; "" serves the embedded demonstration dataset
	Themes    string // extra themes directory (reserved; themes are embedded today)
	StaticDir string // extra files served under /static/ (fonts, logos), read into memory at start; "" for none
	PublicURL string // base URL the service writes in links, e.g. "https://widgets.example.fr"
	// PublicURLFrom says where PublicURL comes from (issue 13): PublicURLSet (flag, environment
	// or file), PublicURLLoopback (unset: derived from a loopback Addr) or PublicURLGuessed
	// (unset and Addr not loopback: a guess that partners' readers may not reach).
	PublicURLFrom  string
	FrameAncestors []string      // CSP frame-ancestors of widget responses, e.g. ["*"] or origins
	CacheTTL       time.Duration // lifetime of an indicator look-up in the cache (0: until reload)
	CacheEnabled   bool          // false sends every look-up to the data
	// RenderCacheBytes bounds the rendered-output cache of each snapshot, in bytes (bodies and
	// their gzip forms); 0 disables it. The cache is dropped whole when a reload swaps the data.
	RenderCacheBytes int64
	MaxAge           time.Duration // Cache-Control max-age of widget responses
	// NotFoundMaxAge is the Cache-Control max-age of a 404 the data gives (a code or an
	// establishment nobody has figures for, a millésime without data): short, since the next
	// data may have it. Other 4xx (bad input, admin) are never stored.
	NotFoundMaxAge time.Duration
	LogLevel       string // debug, info, warn, error
	AccessLog      bool   // one JSON log line per request (no IP, no user agent, no query)
	HTTP           HTTP
	RateLimit      RateLimit
	Partners       []Partner // platforms that name themselves with ?partner=KEY (config file only)
	AdminToken     string    // bearer token of POST /admin/reload; "" disables the route
	MetricsEnabled bool      // serve Prometheus metrics at /metrics
	// MetricsAddr is the listen address of /metrics, apart from the public listener (default
	// loopback, for a local scraper or sidecar); "" serves /metrics on the main listener, where
	// it then needs MetricsToken.
	MetricsAddr  string
	MetricsToken string // bearer token of /metrics on the main listener; "" for none
	Load         DataLoad
	// Publication is the publication date of each dataset, shown in every widget's footer and
	// JSON (issue 13, DSFR: a chart gives the date of its data).
	Publication Publication
}

// Publication holds the publication dates of the datasets, ISO 8601 (YYYY-MM-DD); "" shows none.
// The defaults are the dates of the extracts in ../shared/data (their SOURCE.md): set the date
// of the files a deployment serves.
type Publication struct {
	InserJeunes    string // publication.inserjeunes: the regional file (France and region figures)
	Etablissements string // publication.etablissements: the CFA and lycée establishment files
	InserSup       string // publication.insersup: the InserSup export (SISE codes)
}

// DataLoad bounds data loads and guards reloads (issue 10).
type DataLoad struct {
	// Timeout is how long a load or reload may take before it is given up (a read that never
	// returns, e.g. a hung network mount); the snapshot in service stays. 0: no limit.
	Timeout time.Duration
	// MaxLoss is the share (0 to 1) of indicator rows, certifications with figures, labels or
	// establishments that a reload may lose before it is refused (0.02: 2 %).
	MaxLoss float64
}

// HTTP holds the server's timeouts, limits and client-address policy.
type HTTP struct {
	RequestTimeout    time.Duration // deadline of each request's context (Echo ContextTimeout), but the widget routes and static files (answered from memory)
	ReadHeaderTimeout time.Duration // net/http ReadHeaderTimeout
	ReadTimeout       time.Duration // net/http ReadTimeout
	WriteTimeout      time.Duration // net/http WriteTimeout
	IdleTimeout       time.Duration // net/http IdleTimeout (keep-alive)
	ShutdownTimeout   time.Duration // how long SIGTERM waits for in-flight requests
	DrainDelay        time.Duration // after SIGTERM, /readyz answers 503 this long before the listener closes
	BodyLimit         int64         // largest accepted request body, in bytes
	MaxHeaderBytes    int           // largest accepted request header, in bytes
	// CoalesceWrites sends an answer larger than net/http's 4-KiB connection buffer in one
	// writev rather than two writes (internal/coalesce; issue 11: +30 % req/s of the 8-KB
	// cached widget under load). false restores net/http's own writes.
	CoalesceWrites bool
	// RealIPHeader is where the client address comes from: "" (the TCP peer), "X-Forwarded-For"
	// or "X-Real-IP" (behind a proxy or CDN; the header is believed only from TrustedProxies).
	RealIPHeader   string
	TrustedProxies []string // CIDR ranges whose forwarding headers are believed
}

// RateLimit holds the token buckets. A rate of 0 disables that limit. Renders (answers not
// served from the rendered-output cache) cost about ten times a cached answer or a 304, so they
// have their own, lower bucket per address (issue 10: a page of 60 widgets, or a class behind
// one NAT, must not be refused).
type RateLimit struct {
	IPRate        float64 // every request per client IP (the ceiling of cached answers and 304s), in req/s
	IPBurst       int     // per client IP, in requests
	IPRenderRate  float64 // renders per client IP, in renders/s
	IPRenderBurst int     // renders per client IP, in renders
	PartnerRate   float64 // per partner (default of Partner.Rate), in req/s
	PartnerBurst  int     // per partner (default of Partner.Burst), in requests
}

// DefaultTrustedProxies are the ranges whose forwarding headers are believed by default:
// loopback and private networks (a load balancer in the same network).
var DefaultTrustedProxies = []string{"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"}

// Keys and their defaults. Flags of the same name override them.
var defaults = map[string]any{
	"addr":                       ":8080",
	"data":                       "",
	"themes":                     "",
	"static_dir":                 "",
	"public_url":                 "", // derived from addr (DerivePublicURL)
	"frame_ancestors":            []string{"*"},
	"cache.ttl":                  "0s",
	"cache.enabled":              true,
	"cache.render_bytes":         int64(64 << 20),
	"http.max_age":               "5m",
	"http.request_timeout":       "5s",
	"http.read_header_timeout":   "5s",
	"http.read_timeout":          "10s",
	"http.write_timeout":         "15s",
	"http.idle_timeout":          "2m",
	"http.shutdown_timeout":      "20s",
	"http.drain_delay":           "0s",
	"http.body_limit":            int64(4096),
	"http.max_header_bytes":      16384,
	"http.coalesce_writes":       true,
	"http.real_ip_header":        "",
	"http.trusted_proxies":       DefaultTrustedProxies,
	"rate_limit.ip.rate":         500.0,
	"rate_limit.ip.burst":        1000,
	"rate_limit.ip.render_rate":  50.0,
	"rate_limit.ip.render_burst": 200,
	"rate_limit.partner.rate":    500.0,
	"rate_limit.partner.burst":   1000,
	"partners":                   []any{},
	"admin.token":                "",
	"metrics.enabled":            true,
	"metrics.addr":               "127.0.0.1:9464",
	"metrics.token":              "",
	"http.not_found_max_age":     "1m",
	"load.timeout":               "2m",
	"load.max_loss":              0.02,
	"log.level":                  "info",
	"log.access":                 true,
	"publication.inserjeunes":    "2025-01-22",
	"publication.etablissements": "2024-12-23",
	"publication.insersup":       "",
}

// Load builds the configuration from flags (may be nil), the environment and, when file is not
// "", a config file (YAML, TOML or JSON by extension). Errors name the key and the reason.
func Load(flags *pflag.FlagSet, file string) (Config, error) {
	v := viper.New()
	for k, d := range defaults {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix("IJWIDGETS")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	v.AllowEmptyEnv(true) // IJWIDGETS_METRICS_ADDR= means empty, not unset
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
		// A typo (rate_limits:) must not be ignored silently.
		for _, k := range v.AllKeys() {
			if _, known := defaults[k]; !known && k != "partners" && !strings.HasPrefix(k, "partners.") {
				return Config{}, fmt.Errorf("config file %s: unknown key %q", file, k)
			}
		}
	}
	if flags != nil {
		for k, name := range map[string]string{"addr": "addr", "data": "data", "themes": "themes", "public_url": "public-url"} {
			if f := flags.Lookup(name); f != nil {
				if err := v.BindPFlag(k, f); err != nil {
					return Config{}, fmt.Errorf("config flag --%s: %w", name, err)
				}
			}
		}
	}
	r := &typed{v: v}
	c := Config{
		Addr:             v.GetString("addr"),
		Data:             v.GetString("data"),
		Themes:           v.GetString("themes"),
		StaticDir:        v.GetString("static_dir"),
		PublicURL:        strings.TrimRight(v.GetString("public_url"), "/"),
		FrameAncestors:   v.GetStringSlice("frame_ancestors"),
		LogLevel:         v.GetString("log.level"),
		AccessLog:        r.bool("log.access"),
		CacheEnabled:     r.bool("cache.enabled"),
		RenderCacheBytes: r.int64("cache.render_bytes"),
		AdminToken:       v.GetString("admin.token"),
		MetricsEnabled:   r.bool("metrics.enabled"),
		Load:             DataLoad{MaxLoss: r.float("load.max_loss")},
		MetricsAddr:      v.GetString("metrics.addr"),
		MetricsToken:     v.GetString("metrics.token"),
		Publication: Publication{
			InserJeunes:    v.GetString("publication.inserjeunes"),
			Etablissements: v.GetString("publication.etablissements"),
			InserSup:       v.GetString("publication.insersup"),
		},
		HTTP: HTTP{
			BodyLimit:      r.int64("http.body_limit"),
			MaxHeaderBytes: r.int("http.max_header_bytes"),
			CoalesceWrites: r.bool("http.coalesce_writes"),
			RealIPHeader:   v.GetString("http.real_ip_header"),
			TrustedProxies: v.GetStringSlice("http.trusted_proxies"),
		},
		RateLimit: RateLimit{
			IPRate:        r.float("rate_limit.ip.rate"),
			IPBurst:       r.int("rate_limit.ip.burst"),
			IPRenderRate:  r.float("rate_limit.ip.render_rate"),
			IPRenderBurst: r.int("rate_limit.ip.render_burst"),
			PartnerRate:   r.float("rate_limit.partner.rate"),
			PartnerBurst:  r.int("rate_limit.partner.burst"),
		},
	}
	if r.err != nil {
		return c, r.err
	}
	c.PublicURLFrom = PublicURLSet
	if c.PublicURL == "" {
		var loopback bool
		c.PublicURL, loopback = DerivePublicURL(c.Addr)
		c.PublicURLFrom = PublicURLGuessed
		if loopback {
			c.PublicURLFrom = PublicURLLoopback
		}
	}
	for key, dst := range map[string]*time.Duration{
		"cache.ttl": &c.CacheTTL, "http.max_age": &c.MaxAge, "http.not_found_max_age": &c.NotFoundMaxAge,
		"http.request_timeout": &c.HTTP.RequestTimeout, "http.read_header_timeout": &c.HTTP.ReadHeaderTimeout,
		"http.read_timeout": &c.HTTP.ReadTimeout, "http.write_timeout": &c.HTTP.WriteTimeout,
		"http.idle_timeout": &c.HTTP.IdleTimeout, "http.shutdown_timeout": &c.HTTP.ShutdownTimeout,
		"http.drain_delay": &c.HTTP.DrainDelay, "load.timeout": &c.Load.Timeout,
	} {
		d, err := duration(v, key)
		if err != nil {
			return c, err
		}
		*dst = d
	}
	var err error
	if c.Partners, err = loadPartners(v); err != nil {
		return c, err
	}
	return c, c.validate()
}

// Where Config.PublicURL comes from.
const (
	PublicURLSet      = "set"      // --public-url, IJWIDGETS_PUBLIC_URL or public_url
	PublicURLLoopback = "loopback" // derived from a loopback --addr: right for this machine
	PublicURLGuessed  = "guessed"  // derived from a --addr that is not loopback: say so loudly
)

// DerivePublicURL is the public URL of a service listening on addr when none is configured
// (issue 13): http://HOST:PORT for a loopback host (127.0.0.1:PORT, [::1]:PORT, localhost:PORT),
// where the links work from this machine, with loopback true. Otherwise (":8080", "0.0.0.0:8080",
// a LAN address) a guess with loopback false: http://localhost:PORT for a wildcard address,
// http://HOST:PORT for a named one; the caller warns. An addr without a port gives port 8080.
func DerivePublicURL(addr string) (publicURL string, loopback bool) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		host, port = addr, "8080"
	}
	ip := net.ParseIP(host)
	switch {
	case strings.EqualFold(host, "localhost"):
		return "http://localhost:" + port, true
	case ip != nil && ip.IsLoopback():
		return "http://" + net.JoinHostPort(ip.String(), port), true
	case host == "" || (ip != nil && ip.IsUnspecified()):
		return "http://localhost:" + port, false
	}
	return "http://" + net.JoinHostPort(host, port), false
}

func (c Config) validate() error {
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(c.PublicURL, " \t\r\n\"'<>") {
		return fmt.Errorf("config public_url: %q is not an absolute http(s) URL", c.PublicURL)
	}
	for _, o := range c.FrameAncestors {
		if strings.ContainsAny(o, ";,\r\n\"") || o == "" {
			return fmt.Errorf("config frame_ancestors: %q is not a CSP source", o)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config log.level: %q is not debug, info, warn or error", c.LogLevel)
	}
	if c.Load.MaxLoss < 0 || c.Load.MaxLoss > 1 {
		return fmt.Errorf("config load.max_loss: %v is not a share from 0 to 1 (0.02 for 2 %%)", c.Load.MaxLoss)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("config metrics.addr: %q is not a listen address such as 127.0.0.1:9464", c.MetricsAddr)
		}
	}
	if c.MetricsEnabled && c.MetricsAddr == "" && c.MetricsToken == "" {
		// Scrapes are unlimited and costly (issue 10): never public by default.
		return fmt.Errorf("config metrics: with metrics.addr empty (/metrics on the main listener), set metrics.token")
	}
	for key, d := range map[string]string{"publication.inserjeunes": c.Publication.InserJeunes,
		"publication.etablissements": c.Publication.Etablissements, "publication.insersup": c.Publication.InserSup} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return fmt.Errorf("config %s: %q is not a date written YYYY-MM-DD", key, d)
		}
	}
	if c.RenderCacheBytes < 0 {
		return fmt.Errorf("config cache.render_bytes: %d is negative", c.RenderCacheBytes)
	}
	if c.HTTP.RequestTimeout <= 0 {
		return fmt.Errorf("config http.request_timeout: must be above 0")
	}
	if c.HTTP.BodyLimit <= 0 || c.HTTP.MaxHeaderBytes <= 0 {
		return fmt.Errorf("config http.body_limit and http.max_header_bytes: must be above 0 bytes")
	}
	switch c.HTTP.RealIPHeader {
	case "", "X-Forwarded-For", "X-Real-IP":
	default:
		return fmt.Errorf("config http.real_ip_header: %q is not \"\", X-Forwarded-For or X-Real-IP", c.HTTP.RealIPHeader)
	}
	for _, cidr := range c.HTTP.TrustedProxies {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			return fmt.Errorf("config http.trusted_proxies: %q is not a CIDR range such as 10.0.0.0/8", cidr)
		}
	}
	r := c.RateLimit
	if r.IPRate < 0 || r.PartnerRate < 0 || r.IPBurst < 0 || r.PartnerBurst < 0 || r.IPRenderRate < 0 || r.IPRenderBurst < 0 {
		return fmt.Errorf("config rate_limit: rates and bursts must not be negative")
	}
	for i, p := range c.Partners { // keys, origins and audiences: loadPartners
		if p.Rate < 0 || p.Burst < 0 {
			return fmt.Errorf("config partners[%d] (%s): rate and burst must not be negative", i, p.Key)
		}
	}
	return nil
}

// typed reads numbers and booleans and keeps the first value that is not one: viper's Get…
// methods turn "50/s" or "64MiB" into 0, which would turn a limit or a cache off without a word.
type typed struct {
	v   *viper.Viper
	err error
}

func (t *typed) fail(key, what string) {
	if t.err == nil {
		t.err = fmt.Errorf("config %s: %q is not %s", key, t.v.GetString(key), what)
	}
}

func (t *typed) float(key string) float64 {
	f, err := cast.ToFloat64E(t.v.Get(key))
	if err != nil {
		t.fail(key, "a number such as 50 or 0.02")
	}
	return f
}

func (t *typed) int64(key string) int64 {
	n, err := cast.ToInt64E(t.v.Get(key))
	if err != nil {
		t.fail(key, "a whole number such as 4096")
	}
	return n
}

func (t *typed) int(key string) int { return int(t.int64(key)) }

func (t *typed) bool(key string) bool {
	b, err := cast.ToBoolE(t.v.Get(key))
	if err != nil {
		t.fail(key, "true or false")
	}
	return b
}

func duration(v *viper.Viper, key string) (time.Duration, error) {
	d, err := time.ParseDuration(v.GetString(key))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("config %s: %q is not a duration such as 5m", key, v.GetString(key))
	}
	return d, nil
}
