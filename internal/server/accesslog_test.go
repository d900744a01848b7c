package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestAccessWriterLikeSlog: the lines of SetAccessWriter are those slog's JSONHandler writes
// for the same requests (same keys, order and values but the time and duration), one per
// request, each a JSON object of its own line, also for a path holding quotes, a newline and
// invalid UTF-8, and the error of a 5xx.
func TestAccessWriterLikeSlog(t *testing.T) {
	s := newServerConfig(t, testConfig(t), "", nil)
	s.echo.GET("/test/fail", func(c echo.Context) error { return errors.New(`bo"om`) })
	requests := [][]string{
		{"/widgets/regions/11/certifications/32032002.svg"},
		{"/widgets/regions/11/certifications/32032002.svg"},
		{"/widgets/regions/11/certifications/32032002?partner=nobody", "X-Request-Id", "proxy-7"},
		{"/nope/%22a%0Ab%FF%C3%A9"},
		{"/test/fail"},
	}
	run := func() {
		for _, r := range requests {
			do(s, http.MethodGet, r[0], "203.0.113.9:5000", r[1:]...)
		}
	}
	var viaSlog, direct bytes.Buffer
	s.SetAccessLog(slog.New(slog.NewJSONHandler(&viaSlog, nil)))
	run()
	s.SetAccessWriter(&direct, slog.LevelInfo)
	run()
	a, b := parseLines(t, viaSlog.String()), parseLines(t, direct.String())
	if len(a) != len(requests) || len(b) != len(requests) {
		t.Fatalf("%d and %d lines, want %d:\n%s\n%s", len(a), len(b), len(requests), viaSlog.String(), direct.String())
	}
	// The first answer was rendered in the first round, served from the cache in the second.
	if a[0].fields["cache"] != "miss" || b[0].fields["cache"] != "hit" || b[1].fields["cache"] != "hit" {
		t.Errorf("cache results %v %v %v", a[0].fields["cache"], b[0].fields["cache"], b[1].fields["cache"])
	}
	delete(a[0].fields, "cache")
	delete(b[0].fields, "cache")
	for i := range a {
		for _, m := range []map[string]any{a[i].fields, b[i].fields} {
			if _, err := time.Parse(time.RFC3339Nano, m["time"].(string)); err != nil {
				t.Errorf("line %d: time %v", i, m["time"])
			}
			if d, ok := m["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("line %d: duration_ms %v", i, m["duration_ms"])
			}
			if id, _ := m["request_id"].(string); id == "" {
				t.Errorf("line %d: no request_id", i)
			}
			delete(m, "time")
			delete(m, "duration_ms")
			if len(requests[i]) == 1 {
				delete(m, "request_id") // made by the server: one per request
			}
		}
		if !reflect.DeepEqual(a[i].fields, b[i].fields) || !reflect.DeepEqual(a[i].keys, b[i].keys) {
			t.Errorf("line %d:\nslog   %v %v\ndirect %v %v", i, a[i].keys, a[i].fields, b[i].keys, b[i].fields)
		}
	}
	if got := b[3].fields["path"]; got != "/nope/\"a\nb\ufffdé" {
		t.Errorf("path %q", got)
	}
	if got := b[4].fields; got["level"] != "ERROR" || got["error"] != `bo"om` || got["status"] != 500.0 {
		t.Errorf("5xx line %v", got)
	}

	// Below the level, nothing is written.
	var warn bytes.Buffer
	s.SetAccessWriter(&warn, slog.LevelWarn)
	run()
	if lines := parseLines(t, warn.String()); len(lines) != 1 || lines[0].fields["status"] != 500.0 {
		t.Errorf("level warn wrote %q", warn.String())
	}
}

type logLine struct {
	keys   []string
	fields map[string]any
}

// parseLines decodes one JSON object per line, keeping the order of the keys.
func parseLines(t *testing.T, s string) []logLine {
	t.Helper()
	var out []logLine
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		var l logLine
		if err := json.Unmarshal([]byte(line), &l.fields); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		dec := json.NewDecoder(strings.NewReader(line))
		_, _ = dec.Token() // {
		for dec.More() {
			k, _ := dec.Token()
			l.keys = append(l.keys, k.(string))
			var v any
			_ = dec.Decode(&v)
		}
		out = append(out, l)
	}
	return out
}

// TestAppendJSONString: what encoding/json decodes back to the same string (invalid UTF-8 as
// U+FFFD), for control characters, quotes, backslashes and multi-byte runes.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, "\x00\x01\x1f\x7f", "tab\tcr\rnl\n", "é€𝄞", "bad\xff\xfe end", "\xc3", "<&>"} {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%q: %v (%s)", s, err, b)
			continue
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if s == "bad\xff\xfe end" {
			want = "bad\ufffd\ufffd end" // one U+FFFD per invalid byte, as encoding/json
		}
		if got != want {
			t.Errorf("%q: decoded %q, want %q", s, got, want)
		}
	}
}

// countingBuffer is a bytes.Buffer safe for concurrent writes, counting them.
type countingBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (l *countingBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes++
	return l.b.Write(p)
}

// TestPooledRendersConcurrent: uncached renders share pooled buffers and the access log pooled
// line buffers; driven concurrently, every answer is the one a lone request gets, and the log
// holds one whole JSON line per request, each in one write.
func TestPooledRendersConcurrent(t *testing.T) {
	cfg := testConfig(t)
	cfg.CacheEnabled, cfg.RenderCacheBytes = false, 0
	s := newServerConfig(t, cfg, "", nil)
	paths := []string{
		"/widgets/regions/11/certifications/32032002",
		"/widgets/regions/11/certifications/32032002.svg",
		"/widgets/regions/11/certifications/32032002?audience=college",
		"/widgets/regions/11/certifications/32032002.svg?layout=horizontal",
		"/widgets/certifications/32032002.json",
	}
	want := map[string]string{}
	for _, p := range paths {
		rec := get(t, s, p)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", p, rec.Code)
		}
		want[p] = rec.Body.String()
	}
	var log countingBuffer
	s.SetAccessWriter(&log, slog.LevelInfo)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				p := paths[(w+i)%len(paths)]
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
				if rec.Body.String() != want[p] {
					errs <- p
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for p := range errs {
		t.Errorf("%s: another body than a lone request's", p)
	}
	lines := parseLines(t, log.b.String())
	if len(lines) != workers*each || log.writes != workers*each {
		t.Errorf("%d lines in %d writes, want %d", len(lines), log.writes, workers*each)
	}
}

// TestAppendLogTime: the time of a line, formatted once per second, is slog's form to the
// millisecond, whatever the zone, and a line of another zone in the same second gets its own.
func TestAppendLogTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	base := time.Date(2026, 12, 2, 4, 21, 32, 0, time.UTC)
	for _, tm := range []time.Time{
		base, base.Add(7 * time.Millisecond), base.Add(999*time.Millisecond + 999), base.Add(time.Second),
		base.In(paris), base.Add(45 * time.Millisecond).In(paris), base.In(time.FixedZone("", -3*3600-1800)),
		time.Date(2026, 3, 29, 0, 59, 59, 500e6, time.UTC).In(paris), time.Date(2026, 3, 29, 1, 0, 0, 1e6, time.UTC).In(paris),
	} {
		want := tm.Format("2006-01-02T15:04:05.000Z07:00")
		if got := string(appendLogTime(nil, tm)); got != want {
			t.Errorf("appendLogTime(%v) = %s, want %s", tm, got, want)
		}
	}
}
