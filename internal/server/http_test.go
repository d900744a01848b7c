package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestETagValidatesItsOwnRepresentation: the gzip body's ETag ("…-gz") gives a 304 only to a
// request that would get the gzip body, and the identity ETag only to one that would not
// (RFC 9110 §13.1.2; issue 10: each validated the other).
func TestETagValidatesItsOwnRepresentation(t *testing.T) {
	s := newServerConfig(t, testConfig(t), "", nil)
	const path = "/widgets/regions/11/certifications/32032002.svg"
	identity := get(t, s, path).Header().Get("ETag")
	gz := get(t, s, path, "Accept-Encoding", "gzip").Header().Get("ETag")
	if gz != strings.TrimSuffix(identity, `"`)+`-gz"` {
		t.Fatalf("ETags %s and %s", identity, gz)
	}
	for _, tt := range []struct {
		name, acceptEncoding, inm string
		want                      int
	}{
		{"identity request, identity tag", "", identity, http.StatusNotModified},
		{"identity request, gzip tag", "", gz, http.StatusOK},
		{"gzip request, gzip tag", "gzip", gz, http.StatusNotModified},
		{"gzip request, identity tag", "gzip", identity, http.StatusOK},
		{"gzip request, both tags", "gzip", identity + ", " + gz, http.StatusNotModified},
	} {
		rec := get(t, s, path, "Accept-Encoding", tt.acceptEncoding, "If-None-Match", tt.inm)
		if rec.Code != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, rec.Code, tt.want)
		}
		if rec.Code == http.StatusOK && (rec.Header().Get("Content-Encoding") == "gzip") != (tt.acceptEncoding == "gzip") {
			t.Errorf("%s: Content-Encoding %q", tt.name, rec.Header().Get("Content-Encoding"))
		}
	}
}

// TestDrainClosesConnections: once draining, every answer says Connection: close, so a client
// does not reuse a kept-alive connection that the shutdown is about to close (issue 10).
func TestDrainClosesConnections(t *testing.T) {
	s := newServerConfig(t, testConfig(t), "", nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	client := ts.Client()
	fetch := func(path string) *http.Response {
		t.Helper()
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := fetch("/widgets/certifications/32032002"); resp.Close {
		t.Error("before the drain: Connection: close")
	}
	s.SetDraining()
	for _, path := range []string{"/widgets/certifications/32032002", "/readyz", "/nope"} {
		if resp := fetch(path); !resp.Close { // the client read Connection: close
			t.Errorf("%s while draining: the connection stays open", path)
		}
	}
}
