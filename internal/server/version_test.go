package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/version"
)

// TestVersionsInHealthzHeadersAndETag (issue 15 item 5): /healthz and /readyz name the build and
// the data snapshot, every answer carries both in headers, and a data update changes the data
// version, its header and the widget's ETag (a cache in front then revalidates to new bytes).
func TestVersionsInHealthzHeadersAndETag(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	cfg := testConfig(t)
	cfg.Data = dir
	s := newServerConfig(t, cfg, dir, nil)
	const widgetURL = "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023"

	status := func(path string) map[string]any {
		t.Helper()
		rec := get(t, s, path)
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %v %s", path, rec.Code, err, rec.Body)
		}
		return m
	}
	health, ready := status("/healthz"), status("/readyz")
	dv, _ := ready["data_version"].(string)
	if len(dv) != 12 {
		t.Fatalf("readyz data_version %q, want 12 hex digits", dv)
	}
	if health["status"] != "ok" || health["version"] != version.String() || health["data_version"] != dv || ready["version"] != version.String() {
		t.Errorf("healthz %v, readyz version %v: want status ok, version %q, data_version %q", health, ready["version"], version.String(), dv)
	}
	for _, path := range []string{widgetURL, "/healthz", "/nope", "/static/widget.css"} {
		rec := get(t, s, path)
		if got := rec.Header().Get("X-Ijwidgets-Version"); got != version.String() {
			t.Errorf("%s: X-Ijwidgets-Version %q, want %q", path, got, version.String())
		}
		if got := rec.Header().Get("X-Ijwidgets-Data-Version"); got != dv {
			t.Errorf("%s: X-Ijwidgets-Data-Version %q, want %q", path, got, dv)
		}
	}
	etag1 := get(t, s, widgetURL).Header().Get("ETag")

	// A data update: one figure changes, the reload swaps the snapshot.
	csv := filepath.Join(dir, "inserjeunes_regional_formations_2019-2023.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(";11;apprentissage;32032002;;100;25;;;20;30;"), []byte(";11;apprentissage;32032002;;100;25;;;40;30;"), 1)
	if err := os.WriteFile(csv, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload("test", false); err != nil {
		t.Fatal(err)
	}
	dv2, _ := status("/readyz")["data_version"].(string)
	rec := get(t, s, widgetURL)
	if dv2 == dv || len(dv2) != 12 || rec.Header().Get("X-Ijwidgets-Data-Version") != dv2 || status("/healthz")["data_version"] != dv2 {
		t.Errorf("after the update: data_version %q (was %q), header %q, healthz %v", dv2, dv, rec.Header().Get("X-Ijwidgets-Data-Version"), status("/healthz")["data_version"])
	}
	if etag2 := rec.Header().Get("ETag"); etag2 == etag1 || etag2 == "" {
		t.Errorf("ETag %s after the data update, was %s: a cache would keep the old figures", etag2, etag1)
	}
	// The previous ETag no longer matches: a revalidation gets the new body.
	if rec := get(t, s, widgetURL, "If-None-Match", etag1); rec.Code != http.StatusOK {
		t.Errorf("If-None-Match with the old ETag: %d, want 200", rec.Code)
	}
}
