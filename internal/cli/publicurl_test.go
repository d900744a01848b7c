package cli

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
)

// originRe finds the origins of the absolute URLs of a page or a JSON answer (HTML-escaped
// or not).
var originRe = regexp.MustCompile(`https?://[A-Za-z0-9.\[\]:-]+`)

// TestServePublicURLFromAddr (issue 13): `serve --addr 127.0.0.1:PORT` with no public_url writes
// that address in every snippet of /preview, in the oEmbed discovery link and in the oEmbed
// answer, and says at start that it derived it. With port 0, the port the system picked.
func TestServePublicURLFromAddr(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fixed := l.Addr().String()
	l.Close()
	for _, tt := range []struct {
		name string
		args []string
	}{{"fixed port", []string{"--addr", fixed}}, {"port 0", nil}} {
		t.Run(tt.name, func(t *testing.T) {
			base, done, logs := startServe(t, nil, tt.args...)
			if tt.args != nil && base != "http://"+fixed {
				t.Fatalf("listening on %s, asked %s", base, fixed)
			}
			body := func(path string) string {
				t.Helper()
				resp, err := http.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
				}
				return string(b)
			}
			// Every snippet of the configurator (script, iframe, image, oEmbed URL) names base, and
			// no other origin but the source's page.
			preview := html.UnescapeString(body("/preview?code=32032002"))
			for _, o := range originRe.FindAllString(preview, -1) {
				if o != base && o != "https://www.inserjeunes.education.gouv.fr" {
					t.Errorf("preview names %s, want %s", o, base)
				}
			}
			for _, want := range []string{`<script src="` + base + `/embed.js" async>`, `<iframe src="` + base + `/widgets/certifications/32032002`, `<img src="` + base + `/widgets/certifications/32032002.svg`} {
				if n := strings.Count(preview, want); n < 1 {
					t.Errorf("preview: %d times %q, want the configured widget's code", n, want)
				}
			}
			// The discovery link, and the oEmbed answer it leads to.
			page := body("/widgets/certifications/32032002")
			m := regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]+)"`).FindStringSubmatch(page)
			want := base + "/oembed?format=json&url=" + url.QueryEscape(base+"/widgets/certifications/32032002")
			if m == nil || html.UnescapeString(m[1]) != want {
				t.Fatalf("discovery link %q, want %q", m, want)
			}
			var o struct {
				ProviderURL string `json:"provider_url"`
				HTML        string `json:"html"`
				ScriptHTML  string `json:"script_html"`
			}
			ans := body(strings.TrimPrefix(want, base))
			if err := json.Unmarshal([]byte(ans), &o); err != nil {
				t.Fatal(err)
			}
			if o.ProviderURL != base+"/" || !strings.HasPrefix(o.HTML, `<iframe src="`+base+"/widgets/certifications/32032002") ||
				!strings.Contains(o.ScriptHTML, `<script src="`+base+`/embed.js" async>`) {
				t.Errorf("oEmbed %s", ans)
			}
			for _, or := range originRe.FindAllString(ans, -1) {
				if or != base {
					t.Errorf("oEmbed names %s, want %s", or, base)
				}
			}
			if !strings.Contains(logs.String(), `"msg":"public_url not set: derived from the loopback --addr`) ||
				!strings.Contains(logs.String(), `"public_url":"`+base+`"`) {
				t.Errorf("log does not say public_url was derived: %s", logs)
			}
			sendSignal(t, syscall.SIGTERM)
			<-done
		})
	}
}

// TestLogPublicURL: nothing when public_url is set, info when derived from a loopback address,
// a warning when guessed for another one.
func TestLogPublicURL(t *testing.T) {
	for _, tt := range []struct {
		addr, publicURL, want string
	}{
		{"127.0.0.1:19002", "", `{"level":"INFO","msg":"public_url not set: derived from the loopback --addr; snippets, oEmbed and links use it (set --public-url for a public address)","public_url":"http://127.0.0.1:19002","addr":"127.0.0.1:19002"}`},
		{":8080", "", `{"level":"WARN","msg":"PUBLIC_URL NOT SET and --addr is not a loopback address: every snippet, oEmbed answer and link names http://localhost:8080, which partners' readers probably cannot reach; set --public-url (or public_url, IJWIDGETS_PUBLIC_URL) to the service's public address","public_url":"http://localhost:8080","addr":":8080"}`},
		{":8080", "https://w.example", ""},
	} {
		t.Setenv("IJWIDGETS_ADDR", tt.addr)
		t.Setenv("IJWIDGETS_PUBLIC_URL", tt.publicURL)
		cfg, err := config.Load(nil, "")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		logPublicURL(slog.New(slog.NewJSONHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}})), cfg)
		if got := strings.TrimSpace(b.String()); got != tt.want {
			t.Errorf("%s %q:\n got %s\nwant %s", tt.addr, tt.publicURL, got, tt.want)
		}
	}
}
