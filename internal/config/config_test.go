package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestPrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ijwidgets.yaml")
	if err := os.WriteFile(file, []byte("addr: ':7000'\ndata: /from/file\npublic_url: https://widgets.example.fr/\ncache:\n  ttl: 2m\nframe_ancestors: ['https://a.example', 'https://b.example']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("IJWIDGETS_DATA", "/from/env")
	t.Setenv("IJWIDGETS_HTTP_MAX_AGE", "1m")
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("addr", ":8080", "")
	fs.String("data", "", "")
	if err := fs.Parse([]string{"--addr", ":9000"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(fs, file)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.Data != "/from/env" || c.PublicURL != "https://widgets.example.fr" || c.CacheTTL != 2*time.Minute ||
		c.MaxAge != time.Minute || len(c.FrameAncestors) != 2 || !c.CacheEnabled || c.LogLevel != "info" {
		t.Errorf("config %+v", c)
	}
}

func TestDefaultsAndErrors(t *testing.T) {
	c, err := Load(nil, "")
	if err != nil || c.Addr != ":8080" || c.Data != "" || c.FrameAncestors[0] != "*" || c.MaxAge != 5*time.Minute {
		t.Fatalf("%+v %v", c, err)
	}
	for key, val := range map[string]string{"IJWIDGETS_PUBLIC_URL": "javascript:alert(1)", "IJWIDGETS_CACHE_TTL": "soon", "IJWIDGETS_LOG_LEVEL": "loud"} {
		t.Run(key, func(t *testing.T) {
			t.Setenv(key, val)
			if _, err := Load(nil, ""); err == nil {
				t.Errorf("%s=%s accepted", key, val)
			}
		})
	}
	if _, err := Load(nil, filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing config file must be an error")
	}
}

func TestServingDefaults(t *testing.T) {
	c, err := Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want := HTTP{
		RequestTimeout: 5 * time.Second, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 2 * time.Minute, ShutdownTimeout: 20 * time.Second,
		BodyLimit: 4096, MaxHeaderBytes: 16384, CoalesceWrites: true, TrustedProxies: DefaultTrustedProxies,
	}
	if fmt.Sprint(c.HTTP) != fmt.Sprint(want) {
		t.Errorf("http %+v\nwant %+v", c.HTTP, want)
	}
	if c.RateLimit != (RateLimit{IPRate: 500, IPBurst: 1000, IPRenderRate: 50, IPRenderBurst: 200, PartnerRate: 500, PartnerBurst: 1000}) {
		t.Errorf("rate_limit %+v", c.RateLimit)
	}
	if c.NotFoundMaxAge != time.Minute || c.MetricsAddr != "127.0.0.1:9464" || c.MetricsToken != "" {
		t.Errorf("not_found_max_age %v, metrics.addr %q, metrics.token %q", c.NotFoundMaxAge, c.MetricsAddr, c.MetricsToken)
	}
	if c.RenderCacheBytes != 64<<20 || !c.AccessLog || !c.MetricsEnabled || c.AdminToken != "" || len(c.Partners) != 0 || c.StaticDir != "" {
		t.Errorf("config %+v", c)
	}
}

func TestPartnersAndLimitsFromFileAndEnv(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ijwidgets.yaml")
	yaml := `partners:
  - key: onisep
    name: Onisep
    rate: 200
    burst: 400
  - key: lba
    name: La bonne alternance
rate_limit:
  ip:
    rate: 5
http:
  real_ip_header: X-Forwarded-For
  trusted_proxies: ['10.1.0.0/16']
cache:
  render_bytes: 1048576
`
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("IJWIDGETS_ADMIN_TOKEN", "s3cret")
	t.Setenv("IJWIDGETS_RATE_LIMIT_IP_BURST", "7")
	t.Setenv("IJWIDGETS_HTTP_REQUEST_TIMEOUT", "2s")
	c, err := Load(nil, file)
	if err != nil {
		t.Fatal(err)
	}
	wantPartners := []Partner{{Key: "onisep", Name: "Onisep", Rate: 200, Burst: 400}, {Key: "lba", Name: "La bonne alternance"}}
	if fmt.Sprint(c.Partners) != fmt.Sprint(wantPartners) {
		t.Errorf("partners %+v", c.Partners)
	}
	if c.RateLimit.IPRate != 5 || c.RateLimit.IPBurst != 7 || c.AdminToken != "s3cret" || c.HTTP.RequestTimeout != 2*time.Second ||
		c.HTTP.RealIPHeader != "X-Forwarded-For" || fmt.Sprint(c.HTTP.TrustedProxies) != "[10.1.0.0/16]" || c.RenderCacheBytes != 1<<20 {
		t.Errorf("config %+v", c)
	}
}

func TestServingErrors(t *testing.T) {
	for _, tt := range []struct{ name, yaml, wantErr string }{
		{"bad cidr", "http:\n  trusted_proxies: ['10.0.0.0']\n", "http.trusted_proxies"},
		{"bad header", "http:\n  real_ip_header: Forwarded\n", "http.real_ip_header"},
		{"negative rate", "rate_limit:\n  ip:\n    rate: -1\n", "rate_limit"},
		{"bad partner key", "partners:\n  - key: 'Not OK'\n", "partners[0].key"},
		{"duplicate partner", "partners:\n  - key: a\n  - key: a\n", "listed twice"},
		{"negative partner rate", "partners:\n  - key: a\n    rate: -2\n", "partners[0] (a)"},
		{"negative render cache", "cache:\n  render_bytes: -1\n", "cache.render_bytes"},
		{"zero request timeout", "http:\n  request_timeout: 0s\n", "http.request_timeout"},
		{"bad shutdown timeout", "http:\n  shutdown_timeout: later\n", "http.shutdown_timeout"},
		{"negative render rate", "rate_limit:\n  ip:\n    render_rate: -1\n", "rate_limit"},
		{"bad not-found max-age", "http:\n  not_found_max_age: soon\n", "http.not_found_max_age"},
		{"bad metrics addr", "metrics:\n  addr: 'localhost'\n", "metrics.addr"},
		{"public metrics without token", "metrics:\n  addr: ''\n", "metrics.token"},
		// viper reads these as 0, which turned a limit or the cache off without a word.
		{"rate with a unit", "rate_limit:\n  ip:\n    render_rate: 50/s\n", `rate_limit.ip.render_rate: "50/s" is not a number`},
		{"bytes with a unit", "cache:\n  render_bytes: 64MiB\n", `cache.render_bytes: "64MiB" is not a whole number`},
		{"share in %", "load:\n  max_loss: 2%\n", `load.max_loss: "2%" is not a number`},
		{"max_loss above 1", "load:\n  max_loss: 2\n", "load.max_loss: 2 is not a share"},
		{"bad load timeout", "load:\n  timeout: forever\n", "load.timeout"},
		{"bad boolean", "cache:\n  enabled: maybe\n", `cache.enabled: "maybe" is not true or false`},
		{"publication date in French", "publication:\n  inserjeunes: 22/01/2025\n", `publication.inserjeunes: "22/01/2025" is not a date written YYYY-MM-DD`},
		{"impossible publication date", "publication:\n  etablissements: '2024-02-30'\n", `publication.etablissements`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(file, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(nil, file)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one naming %q", err, tt.wantErr)
			}
		})
	}
}

func TestUnknownKeysAndBadPublicURL(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.yaml")
	if err := os.WriteFile(typo, []byte("rate_limits:\n  ip:\n    rate: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(nil, typo); err == nil || !strings.Contains(err.Error(), `unknown key "rate_limits.ip.rate"`) {
		t.Errorf("typo: %v", err)
	}
	ok := filepath.Join(dir, "ok.yaml")
	if err := os.WriteFile(ok, []byte("partners:\n  - key: onisep\n    name: Onisep\n    origins: ['https://www.onisep.fr']\nhttp:\n  max_age: 1m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(nil, ok); err != nil {
		t.Errorf("valid file: %v", err)
	}
	t.Setenv("IJWIDGETS_PUBLIC_URL", "http://x/a b?c#d")
	if _, err := Load(nil, ""); err == nil {
		t.Error("a public_url with a space, a query and a fragment must be refused")
	}
}

// TestNumbersFromTheEnvironment: a number with a unit in the environment is refused like in a
// file; an empty variable means empty (IJWIDGETS_METRICS_ADDR= serves /metrics on the main
// listener, behind its token), not unset.
func TestNumbersFromTheEnvironment(t *testing.T) {
	t.Setenv("IJWIDGETS_RATE_LIMIT_IP_RATE", "fast")
	if _, err := Load(nil, ""); err == nil || !strings.Contains(err.Error(), `rate_limit.ip.rate: "fast" is not a number`) {
		t.Errorf("IJWIDGETS_RATE_LIMIT_IP_RATE=fast: %v", err)
	}
	t.Setenv("IJWIDGETS_RATE_LIMIT_IP_RATE", "75.5")
	t.Setenv("IJWIDGETS_METRICS_ADDR", "")
	t.Setenv("IJWIDGETS_METRICS_TOKEN", "scrape-token")
	c, err := Load(nil, "")
	if err != nil || c.RateLimit.IPRate != 75.5 || c.MetricsAddr != "" {
		t.Errorf("rate %v, metrics.addr %q, %v", c.RateLimit.IPRate, c.MetricsAddr, err)
	}
}

// TestDerivePublicURL: with no public_url, a loopback --addr gives the links that work on this
// machine; any other address is a guess the caller warns about (issue 13).
func TestDerivePublicURL(t *testing.T) {
	tests := []struct {
		addr, want string
		loopback   bool
	}{
		{"127.0.0.1:19002", "http://127.0.0.1:19002", true},
		{"127.0.0.2:80", "http://127.0.0.2:80", true},
		{"[::1]:8081", "http://[::1]:8081", true},
		{"localhost:9000", "http://localhost:9000", true},
		{"LocalHost:9000", "http://localhost:9000", true},
		{":8080", "http://localhost:8080", false},
		{"0.0.0.0:8090", "http://localhost:8090", false},
		{"[::]:8090", "http://localhost:8090", false},
		{"192.168.1.10:8080", "http://192.168.1.10:8080", false},
		{"widgets.internal:8080", "http://widgets.internal:8080", false},
		{"localhost", "http://localhost:8080", true},
	}
	for _, tt := range tests {
		if got, lb := DerivePublicURL(tt.addr); got != tt.want || lb != tt.loopback {
			t.Errorf("%s: %s %v, want %s %v", tt.addr, got, lb, tt.want, tt.loopback)
		}
	}
}

// TestPublicURLFlag: --public-url is public_url; unset, it is derived from --addr and says how.
func TestPublicURLFlag(t *testing.T) {
	tests := []struct {
		args     []string
		env      string
		want     string
		wantFrom string
	}{
		{nil, "", "http://localhost:8080", PublicURLGuessed},
		{[]string{"--addr", "127.0.0.1:19002"}, "", "http://127.0.0.1:19002", PublicURLLoopback},
		{[]string{"--addr", "127.0.0.1:19002", "--public-url", "https://w.example/ij/"}, "", "https://w.example/ij", PublicURLSet},
		{[]string{"--addr", "127.0.0.1:19002"}, "https://env.example", "https://env.example", PublicURLSet},
		{[]string{"--addr", "127.0.0.1:19002", "--public-url", "https://flag.example"}, "https://env.example", "https://flag.example", PublicURLSet},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" env="+tt.env, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv("IJWIDGETS_PUBLIC_URL", tt.env)
			}
			fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
			fs.String("addr", ":8080", "")
			fs.String("public-url", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			c, err := Load(fs, "")
			if err != nil || c.PublicURL != tt.want || c.PublicURLFrom != tt.wantFrom {
				t.Errorf("%q (%s) %v, want %q (%s)", c.PublicURL, c.PublicURLFrom, err, tt.want, tt.wantFrom)
			}
		})
	}
}

// Issue 13: each dataset's publication date has a default, and the file and environment set it.
func TestPublicationDates(t *testing.T) {
	c, err := Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Publication != (Publication{InserJeunes: "2025-01-22", Etablissements: "2024-12-23"}) {
		t.Errorf("defaults %+v", c.Publication)
	}
	file := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(file, []byte("publication:\n  insersup: '2025-06-30'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("IJWIDGETS_PUBLICATION_INSERJEUNES", "2025-03-01")
	if c, err = Load(nil, file); err != nil || c.Publication != (Publication{InserJeunes: "2025-03-01", Etablissements: "2024-12-23", InserSup: "2025-06-30"}) {
		t.Errorf("from file and env: %+v, %v", c.Publication, err)
	}
}
