package cli

import (
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeMetricsOnItsOwnListener: /metrics is not on the public listener by default; the
// listener of metrics.addr serves it (issue 10).
func TestServeMetricsOnItsOwnListener(t *testing.T) {
	metricsc := make(chan net.Addr, 1)
	testHookMetricsListening = func(a net.Addr) { metricsc <- a }
	t.Cleanup(func() { testHookMetricsListening = nil })
	base, done, logs := startServe(t, nil)
	var metricsURL string
	select {
	case a := <-metricsc:
		metricsURL = "http://" + a.String() + "/metrics"
	case <-time.After(10 * time.Second):
		t.Fatalf("no metrics listener: %s", logs)
	}
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get(base + "/metrics"); code != http.StatusNotFound {
		t.Errorf("public /metrics: %d, want 404", code)
	}
	if code, body := get(metricsURL); code != http.StatusOK || !strings.Contains(body, "ijwidgets_data_loads_total") {
		t.Errorf("metrics listener: %d %.200s", code, body)
	}
	sendSignal(t, syscall.SIGTERM)
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, logs)
	}
}

// TestServeWithMetricsPortTaken: a metrics.addr another process holds (a second instance on one
// machine) is an error in the log, never a server that does not start.
func TestServeWithMetricsPortTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	t.Setenv("IJWIDGETS_METRICS_ADDR", taken.Addr().String())
	base, done, logs := startServe(t, nil)
	resp, err := http.Get(base + "/widgets/certifications/32032002.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(logs.String(), `"level":"ERROR","msg":"metrics not served`) {
		t.Errorf("widget %d; log %s", resp.StatusCode, logs)
	}
	sendSignal(t, syscall.SIGTERM)
	<-done
}
