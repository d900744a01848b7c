package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/search"
)

// lockedBuffer is a log destination safe for concurrent handlers and reloads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestReloadUnderLoadRefusesTruncatedFiles (issue 10 item 2, on the real data): while readers
// fetch widgets, a reload of a regional file cut in half and one of a BCN label file cut in half
// are refused; every reader gets the very bytes it got before, /readyz and the log say why;
// ?force=true takes the damaged data anyway, and says so.
func TestReloadUnderLoadRefusesTruncatedFiles(t *testing.T) {
	real := realdata.RealDir(t)
	dir := realdata.Link(t, append(data.Files(), data.FileEtablissementsCFA, data.FileEtablissementsLyceePro)...)
	cfg := testConfig(t)
	cfg.Data = dir
	s := newServerConfig(t, cfg, dir, nil)
	logs := &lockedBuffer{}
	s.log = slog.New(slog.NewJSONHandler(logs, nil))
	urls := []string{
		"/widgets/certifications/32032002.json?millesime=2022_2023",
		"/widgets/certifications/32032002",
		"/widgets/regions/11/certifications/32032002.svg",
		"/widgets/regions/11/certifications/23220034307.json?millesime=2021_2022",
		"/widgets/certifications/50022137.json", // a CAP whose label is in the second half of the BCN file
		"/widgets/etablissements/0010001W.json",
	}
	want := map[string]string{}
	for _, u := range urls {
		rec := get(t, s, u)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", u, rec.Code)
		}
		want[u] = rec.Body.String()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var served, differed atomic.Int64
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				u := urls[i%len(urls)]
				if rec := get(t, s, u); rec.Code != http.StatusOK || rec.Body.String() != want[u] {
					differed.Add(1)
				}
				served.Add(1)
			}
		}()
	}
	reload := func(query string) (int, map[string]any) {
		rec := do(s, http.MethodPost, "/admin/reload"+query, "", "Authorization", "Bearer "+testAdminToken)
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("reload: %d %s", rec.Code, rec.Body)
		}
		return rec.Code, m
	}
	readyz := func() map[string]any {
		var m map[string]any
		if err := json.Unmarshal(get(t, s, "/readyz").Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	damage := func(name string) func() {
		b, err := os.ReadFile(filepath.Join(real, name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		os.Remove(p)
		if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		return func() { os.Remove(p); os.Symlink(filepath.Join(real, name), p) }
	}
	first := s.store.Current()
	for _, c := range []struct{ file, reason string }{
		{data.FileRegional, "indicator rows rejected"},
		{data.FileFormations, "certifications with figures have no label"},
	} {
		restore := damage(c.file)
		code, m := reload("")
		if code != http.StatusUnprocessableEntity || m["error"] != "rechargement_refuse" || !strings.Contains(fmt.Sprint(m["detail"]), c.reason) {
			t.Errorf("%s cut in half: %d %v", c.file, code, m)
		}
		if r := readyz(); r["status"] != "ready" || r["reload_result"] != "refused" || !strings.Contains(fmt.Sprint(r["reload_error"]), c.file) ||
			r["data_version"] != first.Version {
			t.Errorf("%s: readyz %v", c.file, r)
		}
		if s.store.Current() != first {
			t.Errorf("%s: the snapshot in service was replaced", c.file)
		}
		restore()
	}
	close(stop)
	wg.Wait()
	if n := differed.Load(); n != 0 || served.Load() == 0 {
		t.Errorf("%d of %d answers during the refused reloads differed from before", n, served.Load())
	}
	if got := gatherCounter(t, s, "ijwidgets_data_loads_total", "refused"); got != 2 {
		t.Errorf("ijwidgets_data_loads_total{result=refused} = %v, want 2", got)
	}
	if n := strings.Count(logs.String(), `"msg":"data reload failed; the previous snapshot is still served","trigger":"admin","result":"refused"`); n != 2 {
		t.Errorf("%d refusals logged, want 2:\n%s", n, logs)
	}

	// Forced: the damaged BCN is taken, and every surface says it serves with problems.
	defer damage(data.FileFormations)()
	code, m := reload("?force=true")
	if code != http.StatusOK || m["forced"] != true || m["problems"] == nil {
		t.Fatalf("forced reload: %d %v", code, m)
	}
	if r := readyz(); r["data_problems"] == nil || r["reload_error"] != nil || r["data_version"] == first.Version {
		t.Errorf("readyz after a forced reload: %v", r)
	}
	if got := get(t, s, urls[4]).Body.String(); got == want[urls[4]] {
		t.Error("the forced reload did not take the truncated labels")
	}
	if !strings.Contains(logs.String(), `"msg":"data reload done WITH PROBLEMS: figures may be missing (run check-data)","trigger":"admin","result":"ok"`) {
		t.Errorf("log lacks the forced reload: %s", logs)
	}
	if code, m := reload("?force=maybe"); code != http.StatusBadRequest || m["param"] != "force" {
		t.Errorf("force=maybe: %d %v", code, m)
	}
}

// TestSearchDuringReloads (issue 10 item 1): eight editors search /preview?q= while the data is
// reloaded again and again (admin route and Reload alike): no answer is a 500, every search
// finds the same certifications, and no reload fails. Run under -race by .ci/run.
func TestSearchDuringReloads(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	cfg := testConfig(t)
	cfg.Data = dir
	s := newServerConfig(t, cfg, dir, nil)
	const q = "/preview?q=m%C3%A9tiers+de+l%E2%80%99accueil" // accents and a typographic apostrophe: folded
	want := get(t, s, q)
	if want.Code != http.StatusOK {
		t.Fatalf("%s: %d", q, want.Code)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if rec := get(t, s, q); rec.Code != http.StatusOK || rec.Body.String() != want.Body.String() {
					bad.Add(1)
				}
			}
		}()
	}
	for i := range 6 {
		var err error
		if i%2 == 0 {
			err = s.Reload("test", false)
		} else if rec := do(s, http.MethodPost, "/admin/reload", "", "Authorization", "Bearer "+testAdminToken); rec.Code != http.StatusOK {
			err = fmt.Errorf("admin reload %d %s", rec.Code, rec.Body)
		}
		if err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
	if n := bad.Load(); n > 0 {
		t.Errorf("%d searches during reloads failed or differed", n)
	}
}

// TestSearchDuringSlowReload (the /preview search defects, item 2): an admin reload starts the
// new snapshot's search index by itself (before, only SIGHUP did, and the first search built it
// inside its request while every other search waited); while that build is held by the test,
// eight editors' searches and more reloads all answer 200 with the same page, from the previous
// index; once released the newest snapshot is searched on its own index.
func TestSearchDuringSlowReload(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	cfg := testConfig(t)
	cfg.Data = dir
	cfg.HTTP.RequestTimeout = 10 * time.Second // a search waiting for the held build: a 503, not a hang
	s := newServerConfig(t, cfg, dir, nil)
	s.WarmSearch()
	const q = "/preview?q=m%C3%A9tiers+de+l%E2%80%99accueil"
	want := get(t, s, q)
	if want.Code != http.StatusOK {
		t.Fatalf("%s: %d", q, want.Code)
	}
	gate, started := make(chan struct{}), make(chan *data.Snapshot, 8)
	s.search.Builder = func(snap *data.Snapshot) (*search.Index, error) {
		started <- snap
		<-gate
		return search.Build(snap)
	}
	if rec := do(s, http.MethodPost, "/admin/reload", "", "Authorization", "Bearer "+testAdminToken); rec.Code != http.StatusOK {
		t.Fatalf("admin reload: %d %s", rec.Code, rec.Body)
	}
	select {
	case got := <-started:
		if got != s.store.Current().Snapshot {
			t.Error("the build started is not the reloaded snapshot's")
		}
	case <-time.After(time.Minute): // liveness only: the build starts during the reload
		t.Fatal("the admin reload started no search index build")
	}
	var wg sync.WaitGroup
	var bad atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if rec := get(t, s, q); rec.Code != http.StatusOK || rec.Body.String() != want.Body.String() {
					bad.Add(1)
				}
			}
		}()
	}
	for range 2 {
		if err := s.Reload("test", false); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if n := bad.Load(); n > 0 {
		t.Errorf("%d of 40 searches during the build failed or differed", n)
	}
	close(gate)
	s.WarmSearch()
	if rec := get(t, s, q); rec.Code != http.StatusOK || rec.Body.String() != want.Body.String() {
		t.Errorf("after the build: %d", rec.Code)
	}
}

// gatherCounter reads the counter name{result=result} from the server's metrics registry.
func gatherCounter(t *testing.T, s *Server, name, result string) float64 {
	t.Helper()
	fams, err := s.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" && l.GetValue() == result {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no %s{result=%q}", name, result)
	return 0
}

// TestSearchIndexOnFirstPreview (issue 11 item 5): no search index is built before /preview is
// used (a build took a core for 0.8 s at start-up, competing with the widgets' first requests,
// for a page only editors open); the first /preview starts the build, /readyz tells its state,
// and from then on every snapshot swapped in gets its index built in the background.
func TestSearchIndexOnFirstPreview(t *testing.T) {
	dir := realdata.CopyFixture(t, "../data/testdata/ok")
	cfg := testConfig(t)
	cfg.Data = dir
	s := newServerConfig(t, cfg, dir, nil)
	readyz := func() string {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal(get(t, s, "/readyz").Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(m["search_index"])
	}
	for _, path := range []string{"/widgets/certifications/32032002", "/readyz"} {
		get(t, s, path)
	}
	if got := s.search.Status(s.store.Current().Snapshot); got != "not_built" {
		t.Errorf("before any /preview: the index is %q, want not_built", got)
	}
	if got := readyz(); got != "not_wanted" {
		t.Errorf("before any /preview: /readyz search_index %q, want not_wanted", got)
	}
	if rec := get(t, s, "/preview"); rec.Code != http.StatusOK {
		t.Fatalf("/preview: %d", rec.Code)
	}
	if got := readyz(); got != "building" && got != "ready" {
		t.Errorf("after /preview: /readyz search_index %q, want building or ready", got)
	}
	s.WarmSearch()
	if got := readyz(); got != "ready" {
		t.Errorf("after the build: /readyz search_index %q, want ready", got)
	}
	if err := s.Reload("test", true); err != nil {
		t.Fatal(err)
	}
	if got := s.search.Status(s.store.Current().Snapshot); got != "building" && got != "ready" {
		t.Errorf("after a reload: the new snapshot's index is %q, want building or ready", got)
	}
	s.WarmSearch()
	if got := readyz(); got != "ready" {
		t.Errorf("after the reload's build: /readyz search_index %q, want ready", got)
	}
}
