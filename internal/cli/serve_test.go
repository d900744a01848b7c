package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs `ijwidgets serve --addr 127.0.0.1:0 args…` in the background and returns its
// base URL, its exit channel and its log. wrap, when not nil, wraps the handler.
func startServe(t *testing.T, wrap func(http.Handler) http.Handler, args ...string) (string, <-chan int, *syncBuffer) {
	t.Helper()
	t.Setenv("IJWIDGETS_METRICS_ADDR", "127.0.0.1:0") // not the default port: tests run side by side
	addrc := make(chan net.Addr, 1)
	testHookListening = func(a net.Addr) { addrc <- a }
	testHookHandler = wrap
	t.Cleanup(func() { testHookListening, testHookHandler = nil, nil })
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Main(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, logs)
	}()
	select {
	case a := <-addrc:
		return "http://" + a.String(), done, logs
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start: %s", logs)
	}
	return "", nil, nil
}

func sendSignal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(os.Getpid(), sig); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond every 10 ms for at most limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestServeDrainsInFlightRequestsOnSIGTERM(t *testing.T) {
	t.Setenv("IJWIDGETS_HTTP_DRAIN_DELAY", "300ms")
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	slow := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Test-Slow") != "" {
				once.Do(func() { close(started) })
				select {
				case <-release:
				case <-time.After(10 * time.Second):
				}
			}
			h.ServeHTTP(w, r)
		})
	}
	base, done, logs := startServe(t, slow)
	const path = "/widgets/regions/11/certifications/32032002.json"
	want, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	wantBody, _ := io.ReadAll(want.Body)
	want.Body.Close()

	type result struct {
		status int
		body   []byte
		err    error
	}
	inflight := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("X-Test-Slow", "1")
		resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
		if err != nil {
			inflight <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		inflight <- result{resp.StatusCode, b, err}
	}()
	<-started
	sendSignal(t, syscall.SIGTERM)

	// During the drain delay /readyz says 503 so that load balancers stop sending traffic…
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Second}
	waitFor(t, 2*time.Second, "/readyz 503", func() bool {
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
	// …then the listener closes while the slow request is still running…
	waitFor(t, 5*time.Second, "the listener to close", func() bool {
		_, err := client.Get(base + "/healthz")
		return err != nil
	})
	select {
	case code := <-done:
		t.Fatalf("serve exited (%d) before its in-flight request finished", code)
	default:
	}
	// …and the in-flight request completes whole before serve returns 0.
	close(release)
	r := <-inflight
	if r.err != nil || r.status != http.StatusOK || !bytes.Equal(r.body, wantBody) {
		t.Fatalf("in-flight request: %v %d %q", r.err, r.status, r.body)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, logs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after draining")
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("log: %s", logs)
	}
}

func copyTestData(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := "../data/testdata/ok"
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestServeReloadsOnSIGHUP(t *testing.T) {
	dir := copyTestData(t)
	base, done, logs := startServe(t, nil, "--data", dir)
	readyz := func() map[string]any {
		t.Helper()
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
			t.Fatalf("readyz %d %v", resp.StatusCode, err)
		}
		return m
	}
	emploi := func() string {
		t.Helper()
		resp, err := http.Get(base + "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v struct {
			E *int `json:"taux_en_emploi_6_mois"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v.E == nil {
			t.Fatalf("widget: %v", err)
		}
		return fmt.Sprint(*v.E)
	}
	v1 := readyz()["data_version"]
	if e := emploi(); e != "20" {
		t.Fatalf("emploi %s, want 20", e)
	}

	csv := filepath.Join(dir, "inserjeunes_regional_formations_2019-2023.csv")
	b, _ := os.ReadFile(csv)
	b = bytes.Replace(b, []byte(";11;apprentissage;32032002;;100;25;;;20;30;"), []byte(";11;apprentissage;32032002;;100;25;;;40;30;"), 1)
	if err := os.WriteFile(csv, b, 0o644); err != nil {
		t.Fatal(err)
	}
	sendSignal(t, syscall.SIGHUP)
	waitFor(t, 10*time.Second, "the reloaded data version", func() bool { return readyz()["data_version"] != v1 })
	if e := emploi(); e != "40" {
		t.Errorf("after SIGHUP: emploi %s, want 40", e)
	}

	// A broken file: SIGHUP fails, the figures stay, /readyz says why.
	if err := os.WriteFile(filepath.Join(dir, "bcn_n_mef.csv"), []byte("nothing;useful\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sendSignal(t, syscall.SIGHUP)
	waitFor(t, 10*time.Second, "the reload error in /readyz", func() bool { return readyz()["reload_error"] != nil })
	if m := readyz(); m["status"] != "ready" || !strings.Contains(fmt.Sprint(m["reload_error"]), "bcn_n_mef.csv") {
		t.Errorf("readyz %v", m)
	}
	if e := emploi(); e != "40" {
		t.Errorf("after a failed SIGHUP: emploi %s, want 40", e)
	}
	sendSignal(t, syscall.SIGTERM)
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{`"msg":"data reloaded","trigger":"SIGHUP"`, `"msg":"data reload failed; the previous snapshot is still served","trigger":"SIGHUP"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s", want)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	if code, out, errs := run("healthcheck", "--url", srv.URL+"/healthz"); code != 0 || out != "ok\n" {
		t.Errorf("healthy: exit %d %q %q", code, out, errs)
	}
	status = http.StatusServiceUnavailable
	if code, _, errs := run("healthcheck", "--url", srv.URL+"/healthz"); code != 1 || !strings.Contains(errs, "HTTP 503") {
		t.Errorf("unhealthy: exit %d %q", code, errs)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	if code, _, _ := run("healthcheck", "--url", "http://"+closed+"/healthz", "--timeout", "1s"); code != 1 {
		t.Errorf("nothing listening: exit %d", code)
	}
	if code, _, _ := run("healthcheck", "extra"); code != 2 {
		t.Errorf("extra argument: exit %d", code)
	}
}
