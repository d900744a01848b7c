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

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
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
	if _, set := os.LookupEnv("IJWIDGETS_METRICS_ADDR"); !set {
		t.Setenv("IJWIDGETS_METRICS_ADDR", "127.0.0.1:0") // not the default port: tests run side by side
	}
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

func TestServeReloadsOnSIGHUP(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
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
	for _, want := range []string{`"msg":"data reload done","trigger":"SIGHUP"`, `"msg":"data reload failed; the previous snapshot is still served","trigger":"SIGHUP"`} {
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

// getJSON GETs url and decodes its JSON body; the status is returned beside it.
func getJSON(t *testing.T, method, url, token string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("%s %s: %d %v", method, url, resp.StatusCode, err)
	}
	return resp.StatusCode, m
}

// TestServeHungReloadKeepsSignalsAndServing: a reload whose read never returns (a FIFO without a
// writer stands for a hung network mount) runs off the signal loop: widgets keep being served, an
// admin reload meanwhile is 409 at once, /readyz says a load is running and then that it timed
// out, a reload after it may try again (and hangs too: 504), and with two stuck an admin reload
// is 503 at once; SIGTERM still stops the server (issue 10 item 3: it was ignored for over 25 s).
func TestServeHungReloadKeepsSignalsAndServing(t *testing.T) {
	const token = "hung-test-token"
	t.Setenv("IJWIDGETS_ADMIN_TOKEN", token)
	t.Setenv("IJWIDGETS_LOAD_TIMEOUT", "1s")
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	base, done, logs := startServe(t, nil, "--data", dir)
	const w = "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023"
	if code, _ := getJSON(t, http.MethodGet, base+w, ""); code != 200 {
		t.Fatalf("widget %d", code)
	}
	fifo := filepath.Join(dir, "geo_regions_insee_cog2026.json") // the first file a load reads
	os.Remove(fifo)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() { // let the hung reads end (EOF), so no thread stays blocked after the test
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	sendSignal(t, syscall.SIGHUP)
	waitFor(t, 5*time.Second, "the running reload in /readyz", func() bool {
		_, m := getJSON(t, http.MethodGet, base+"/readyz", "")
		return m["load_running_since"] != nil
	})
	start := time.Now()
	if code, m := getJSON(t, http.MethodPost, base+"/admin/reload", token); code != http.StatusConflict || m["error"] != "rechargement_en_cours" {
		t.Errorf("admin reload during a hung one: %d %v", code, m)
	}
	if code, _ := getJSON(t, http.MethodGet, base+w, ""); code != 200 || time.Since(start) > 900*time.Millisecond {
		t.Errorf("widget during the hung reload: %d after %s", code, time.Since(start))
	}
	waitFor(t, 5*time.Second, "the timed-out reload in /readyz", func() bool {
		_, m := getJSON(t, http.MethodGet, base+"/readyz", "")
		return m["reload_result"] == "timeout" && m["hung_loads"] == 1.0
	})
	if code, m := getJSON(t, http.MethodPost, base+"/admin/reload", token); code != http.StatusGatewayTimeout || m["error"] != "rechargement_trop_long" {
		t.Errorf("admin reload after a timeout: %d %v", code, m)
	}
	if code, m := getJSON(t, http.MethodPost, base+"/admin/reload", token); code != http.StatusServiceUnavailable || m["error"] != "chargements_bloques" {
		t.Errorf("admin reload with two stuck: %d %v", code, m)
	}
	sendSignal(t, syscall.SIGTERM)
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, logs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM not honoured during a hung reload")
	}
	if !strings.Contains(logs.String(), `"result":"timeout"`) {
		t.Errorf("log lacks the timeout: %s", logs)
	}
}

// TestReloadCommand: a truncated regional file is refused by a reload (the figures stay, the
// reason is in /readyz and the answer); `ijwidgets reload --force` takes it.
func TestReloadCommand(t *testing.T) {
	const token = "reload-test-token"
	t.Setenv("IJWIDGETS_ADMIN_TOKEN", token)
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	base, done, _ := startServe(t, nil, "--data", dir)
	const w = "/widgets/regions/84/certifications/32032002.json?millesime=2022_2023"
	if code, _ := getJSON(t, http.MethodGet, base+w, ""); code != 200 {
		t.Fatalf("widget %d", code)
	}
	csv := filepath.Join(dir, data.FileRegional)
	b, _ := os.ReadFile(csv)
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(csv, []byte(strings.Join(lines[:4], "")), 0o644); err != nil { // region 84's rows are gone
		t.Fatal(err)
	}
	code, out, errs := run("reload", "--url", base)
	if code != 1 || !strings.Contains(out, `"error":"rechargement_refuse"`) || !strings.Contains(errs, "HTTP 422") {
		t.Errorf("reload of a truncated file: exit %d %s %s", code, out, errs)
	}
	if code, _ := getJSON(t, http.MethodGet, base+w, ""); code != 200 {
		t.Errorf("after a refused reload: %d", code)
	}
	if _, m := getJSON(t, http.MethodGet, base+"/readyz", ""); m["reload_result"] != "refused" || !strings.Contains(fmt.Sprint(m["reload_error"]), "indicator rows: ") {
		t.Errorf("readyz: %v", m)
	}
	if code, out, errs := run("reload", "--url", base, "--force"); code != 0 || !strings.Contains(out, `"forced":true`) {
		t.Errorf("reload --force: exit %d %s %s", code, out, errs)
	}
	if code, _ := getJSON(t, http.MethodGet, base+w, ""); code != 404 {
		t.Errorf("after a forced reload the region's rows are gone: %d, want 404", code)
	}
	t.Setenv("IJWIDGETS_ADMIN_TOKEN", "")
	if code, _, errs := run("reload", "--url", base); code != 1 || !strings.Contains(errs, "admin token") {
		t.Errorf("reload without a token: %d %s", code, errs)
	}
	sendSignal(t, syscall.SIGTERM)
	<-done
}

// TestServeFirstStartWithProblemsIsLoud: files with rejected indicator rows (the fixture's
// duplicate pitfalls) still start the server on a first load, but loudly: an error line in the
// log, data_problems in /readyz.
func TestServeFirstStartWithProblemsIsLoud(t *testing.T) {
	base, done, logs := startServe(t, nil, "--data", "../data/testdata/ok")
	code, m := getJSON(t, http.MethodGet, base+"/readyz", "")
	if code != 200 || !strings.Contains(fmt.Sprint(m["data_problems"]), "3 indicator rows rejected") {
		t.Errorf("readyz %d %v", code, m)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR","msg":"data load (../data/testdata/ok) done WITH PROBLEMS`) {
		t.Errorf("log: %s", logs)
	}
	sendSignal(t, syscall.SIGTERM)
	<-done
}
