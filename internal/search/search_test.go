package search

import (
	"context"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
)

// realIx builds the index of the real data once for the package's tests.
func realIx(t *testing.T) *Index {
	t.Helper()
	dir := realdata.RealDir(t)
	ixOnce.Do(func() {
		snap, _, err := data.Load(dir)
		if err != nil {
			ixErr = err
			return
		}
		start := time.Now()
		ix, ixErr = Build(snap)
		t.Logf("index of %d diplomas built in %v", len(snap.Diplomas()), time.Since(start))
	})
	if ixErr != nil {
		t.Fatal(ixErr)
	}
	return ix
}

var (
	ixOnce sync.Once
	ix     *Index
	ixErr  error
)

func cfds(r Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.Diploma.CFD
	}
	return out
}

// TestSearchReal (issue 13): the searches an editor types find the relevant diplomas of the real
// data, ranked. The expected CFDs were checked in the files: 45022709 BP Monteur en installations
// du génie climatique et sanitaire replaced BP Equipements sanitaires, which replaced BP Plombier
// (bcn_n_formation_diplome); 50023324 CAP Monteur en installations sanitaires and 40022707 Bac pro
// ICCER lead to ROME F1603 (Certif Info), the plumbers' métier; 50025218, 40025214 (Maintenance
// des véhicules option A, CAP and Bac pro) and 56X25204 (Mécanicien automobile) lead to I1604,
// which 47 Certif Info labels call "mécanique automobile"; "infirmier" names J1502–J1506 only
// (diplômes d'État outside InserJeunes): the search offers the same domaine professionnel (J15),
// 46033104 Aide-soignant and 36033105 Puéricultrice.
func TestSearchReal(t *testing.T) {
	ix := realIx(t)
	tests := []struct {
		q       string
		first   string   // the first hit, "" for any
		within  []string // in the first page of 20
		rome    []string // Result.ROME contains these
		atLeast int      // Result.Total
	}{
		{q: "plombier", first: "45022709", within: []string{"50023324", "40022707", "36M22702"}, atLeast: 20},
		{q: "mecanique auto", within: []string{"50025218", "40025214", "56X25204", "46T25204"}, atLeast: 20},
		{q: "MÉCANIQUE   Auto", within: []string{"50025218", "40025214", "56X25204", "46T25204"}, atLeast: 20},
		{q: "mecanqiue auto", within: []string{"50025218", "40025214", "56X25204"}, atLeast: 10},
		{q: "mecanqiue", within: []string{"46T25104", "35025101"}, atLeast: 20},
		{q: "infirmier", within: []string{"46033104", "36033105"}, rome: []string{"J1506"}, atLeast: 2},
		{q: "infirmière", within: []string{"46033104"}, rome: []string{"J1506"}, atLeast: 2},
		{q: "communication bts", first: "32032002", atLeast: 3},
		{q: "bts communication", first: "32032002", atLeast: 3},
		{q: "boulanger", within: []string{"50022137", "45022108", "36M22102", "40022105"}, atLeast: 5},
		{q: "coiffure", first: "45033608", within: []string{"50033616", "32033607", "40033604"}, atLeast: 5},
		{q: "aide soignant", first: "46033104", atLeast: 1},
		{q: "32032002", first: "32032002", atLeast: 1},
		{q: "cfd:32032002", first: "32032002", atLeast: 1},
		{q: "32221032002", first: "32032002", atLeast: 1},
		{q: "RNCP:34700", first: "46X23304", atLeast: 1},
		{q: "rncp34700", first: "46X23304", atLeast: 1},
		{q: "I1604", within: []string{"50025218", "40025214"}, atLeast: 20},
		{q: "3203200", first: "32032002", atLeast: 1},
	}
	for _, tt := range tests {
		start := time.Now()
		r, err := ix.Search(tt.q, 0, 20)
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		got := cfds(r)
		t.Logf("%q: %d found in %v, first %v", tt.q, r.Total, took, got[:min(3, len(got))])
		if r.Total < tt.atLeast || len(got) != min(r.Total, 20) {
			t.Errorf("%q: %d found, %d on the page, want at least %d", tt.q, r.Total, len(got), tt.atLeast)
		}
		if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
			t.Errorf("%q: first %v, want %s", tt.q, got, tt.first)
		}
		for _, w := range tt.within {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %s not on the first page %v", tt.q, w, got)
			}
		}
		for _, w := range tt.rome {
			if !slices.Contains(r.ROME, w) {
				t.Errorf("%q: ROME %v lacks %s", tt.q, r.ROME, w)
			}
		}
	}
}

// TestSearchTypos: a mistyped word is corrected to the nearest word of the data, and the results
// are those of the corrected query; a word near nothing is left out and said so.
func TestSearchTypos(t *testing.T) {
	ix := realIx(t)
	tests := []struct{ typed, understood string }{
		{"mecanqiue auto", "mecanique auto"},
		{"mecanqiue", "mecanique"},
		{"plombiez", "plombier"},
		{"boulangr", "boulanger"},
		{"comunication bts", "communication bts"},
	}
	for _, tt := range tests {
		got, err := ix.Search(tt.typed, 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := ix.Search(tt.understood, 0, 20)
		if got.Understood != tt.understood || !slices.Equal(cfds(got), cfds(want)) || got.Total != want.Total {
			t.Errorf("%q: understood %q, %d found %v; want %q, %d found %v", tt.typed, got.Understood, got.Total, cfds(got), tt.understood, want.Total, cfds(want))
		}
	}
	r, _ := ix.Search("mecanique zzzzzzzqx", 0, 20)
	if !slices.Equal(r.Ignored, []string{"zzzzzzzqx"}) || r.Total == 0 {
		t.Errorf("ignored %v, %d found", r.Ignored, r.Total)
	}
}

// TestSearchPages: the pages of a query follow each other without overlap, with one total; the
// order is the same on every run (ties broken by label and CFD).
func TestSearchPages(t *testing.T) {
	ix := realIx(t)
	all, err := ix.Search("mecanique", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if all.Total <= 40 || len(all.Hits) != all.Total {
		t.Fatalf("%d found, %d hits", all.Total, len(all.Hits))
	}
	var paged []string
	for from := 0; from < all.Total; from += 20 {
		p, err := ix.Search("mecanique", from, 20)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != all.Total {
			t.Fatalf("page at %d: total %d, want %d", from, p.Total, all.Total)
		}
		paged = append(paged, cfds(p)...)
	}
	if !slices.Equal(paged, cfds(all)) {
		t.Errorf("pages differ from the whole list")
	}
	if r, _ := ix.Search("mecanique", all.Total+5, 20); len(r.Hits) != 0 || r.Total != all.Total {
		t.Errorf("past the end: %d hits, total %d", len(r.Hits), r.Total)
	}
	for _, q := range []string{"", "a", "zzzzzzzz qqqqqq", "99999999"} {
		if r, err := ix.Search(q, 0, 20); err != nil || r.Total != 0 {
			t.Errorf("%q: %d found, %v", q, r.Total, err)
		}
	}
}

// TestSearchPunctuation (the /preview search defects, item 3): punctuation an editor types is a
// separator ("Mécanique & auto" finds what "mecanique auto" finds), and an RNCP fiche typed with
// a blank finds its training like RNCP:34700 (before, "RNCP 34700" found nothing).
func TestSearchPunctuation(t *testing.T) {
	ix := realIx(t)
	for _, tt := range []struct{ q, same string }{
		{"Mécanique & auto", "mecanique auto"},
		{"bac pro « commerce »", "bac pro commerce"},
		{"bac pro\u00a0«\u202fcommerce\u202f»", "bac pro commerce"},
		{`"plombier" ?`, "plombier"},
		{"plombier; chauffagiste !", "plombier chauffagiste"},
		{"RNCP 34700", "RNCP:34700"},
		{"rncp 34700", "RNCP:34700"},
		{"RNCP34700", "RNCP:34700"},
		{" rncp : 34700 ", "RNCP:34700"},
	} {
		got, err := ix.Search(tt.q, 0, 20)
		want, _ := ix.Search(tt.same, 0, 20)
		if err != nil || want.Total == 0 || got.Total != want.Total || !slices.Equal(cfds(got), cfds(want)) {
			t.Errorf("%q: %d %v, want %d %v as for %q (%v)", tt.q, got.Total, cfds(got), want.Total, cfds(want), tt.same, err)
		}
	}
	if r, _ := ix.Search("RNCP 34700", 0, 20); len(r.Hits) == 0 || r.Hits[0].Diploma.CFD != "46X23304" {
		t.Errorf("RNCP 34700: %v, want 46X23304 first", cfds(r))
	}
}

// TestREADMEExamples (the /preview search defects, item 4): every search the README's configurator
// section gives finds something on the real data — each `code` or words in backquotes but paths
// (a "/" or "_"), each "quoted" search — and each correction it shows ("a" → "b") is made. Before,
// its ONISEP:FOR.6913 found nothing.
func TestREADMEExamples(t *testing.T) {
	ix := realIx(t)
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## The editors' configurator\n")
	if !ok {
		t.Fatal("README has no configurator section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	sec = strings.Join(strings.Fields(sec), " ") // examples wrapped over two lines
	var queries []string
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(sec, -1) {
		if !strings.ContainsAny(m[1], "/_") {
			queries = append(queries, m[1])
		}
	}
	for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(sec, -1) {
		queries = append(queries, m[1])
	}
	if len(queries) < 5 {
		t.Fatalf("only %d examples read: %q", len(queries), queries)
	}
	for _, q := range queries {
		if r, err := ix.Search(q, 0, 20); err != nil || r.Total == 0 {
			t.Errorf("README example %q finds nothing (%v)", q, err)
		}
	}
	for _, m := range regexp.MustCompile(`"([^"]+)" → "([^"]+)"`).FindAllStringSubmatch(sec, -1) {
		if r, _ := ix.Search(m[1], 0, 20); r.Understood != m[2] {
			t.Errorf("README: %q is understood %q, want %q", m[1], r.Understood, m[2])
		}
	}
}

// TestSearchConcurrent: one index searched by eight goroutines gives the same answers (go test
// -race).
func TestSearchConcurrent(t *testing.T) {
	ix := realIx(t)
	want, _ := ix.Search("plombier", 0, 20)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				got, err := ix.Search("plombier", 0, 20)
				if err != nil || !slices.Equal(cfds(got), cfds(want)) {
					t.Errorf("concurrent search differs: %v %v", cfds(got), err)
				}
			}
		}()
	}
	wg.Wait()
}

// counting is a Cache.Builder that counts the indexes open (built and not closed yet) and the
// most ever open at once; gate, when set, holds each build after the first until it is closed.
type counting struct {
	open, most, builds atomic.Int64
	gate               chan struct{}
	started            chan *data.Snapshot // told of each build started, when set
}

func (b *counting) build(snap *data.Snapshot) (*Index, error) {
	if b.started != nil {
		b.started <- snap
	}
	if n := b.builds.Add(1); n > 1 && b.gate != nil {
		<-b.gate
	}
	ix, err := Build(snap)
	if err != nil {
		return nil, err
	}
	n := b.open.Add(1)
	for m := b.most.Load(); n > m && !b.most.CompareAndSwap(m, n); m = b.most.Load() {
	}
	ix.onClose = func() { b.open.Add(-1) }
	return ix, nil
}

// demos loads n distinct snapshots of the demonstration data.
func demos(t *testing.T, n int) []*data.Snapshot {
	t.Helper()
	out := make([]*data.Snapshot, n)
	for i := range out {
		var err error
		if out[i], _, err = data.LoadDemo(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestCacheReloads (the /preview search defects, item 1): twelve snapshots installed one after
// the other, some at once, while eight goroutines search the newest: never more than two indexes
// are open (the memory grew with every reload before: each replaced index stayed open two
// minutes), no search fails on a closed index, and each snapshot is built once at most.
func TestCacheReloads(t *testing.T) {
	snaps := demos(t, 12)
	b := &counting{}
	c := &Cache{Builder: b.build}
	var cur atomic.Pointer[data.Snapshot]
	cur.Store(snaps[0])
	c.Install(snaps[0])
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var searches, failed atomic.Int64
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
				ix, release, err := c.Acquire(context.Background(), cur.Load())
				if err != nil {
					failed.Add(1)
					continue
				}
				r, err := ix.Search("communication", 0, 5)
				release()
				searches.Add(1)
				if err != nil || r.Total == 0 || r.Hits[0].Diploma.CFD != "32032002" {
					failed.Add(1)
				}
			}
		}()
	}
	for i, snap := range snaps[1:] {
		cur.Store(snap)
		c.Install(snap)
		c.Install(snap) // a second hook call is no second build
		if i%3 == 0 {   // some reloads wait for their index, the others come at once
			if err := c.Wait(context.Background(), snap); err != nil {
				t.Fatal(err)
			}
		}
	}
	last := snaps[len(snaps)-1]
	if err := c.Wait(context.Background(), last); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if n := b.most.Load(); n > 2 {
		t.Errorf("%d indexes open at once, want 2 at most", n)
	}
	if n := b.open.Load(); n != 2 {
		t.Errorf("%d indexes open after the reloads, want 2 (current and previous)", n)
	}
	if n := b.builds.Load(); n > int64(len(snaps)) {
		t.Errorf("%d builds for %d snapshots", n, len(snaps))
	}
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d searches failed", n, searches.Load())
	}
	ix, release, err := c.Acquire(context.Background(), last)
	if err != nil {
		t.Fatal(err)
	}
	if ix.snap != last {
		t.Error("the newest snapshot is not searched on its own index")
	}
	release()
	release() // twice is once
	if n := b.open.Load(); n != 2 {
		t.Errorf("%d indexes open after a double release, want 2", n)
	}
}

// TestCacheNeverWaits (the /preview search defects, item 2): while a new snapshot's index builds
// (held by the test), a search of it gets the previous index at once — with a context already
// done, which a wait would return — and the new one is searched once built. Only the very first
// search, with no index at all, waits for the build.
func TestCacheNeverWaits(t *testing.T) {
	snaps := demos(t, 3)
	b := &counting{gate: make(chan struct{}), started: make(chan *data.Snapshot, 4)}
	c := &Cache{Builder: b.build}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.Acquire(done, snaps[0]); !errors.Is(err, context.Canceled) {
		t.Errorf("no index yet, context done: %v, want context.Canceled", err)
	}
	first, release, err := c.Acquire(context.Background(), snaps[0]) // the first build, not held
	if err != nil || first.snap != snaps[0] {
		t.Fatalf("first search: %v", err)
	}
	release()
	<-b.started
	c.Install(snaps[1])
	c.Install(snaps[2]) // asked for during the build of snaps[1]: built next, once
	if got := <-b.started; got != snaps[1] {
		t.Fatal("the installed snapshot's build did not start")
	}
	for _, snap := range snaps {
		ix, release, err := c.Acquire(done, snap)
		if err != nil || ix != first {
			t.Fatalf("during the build: %v, want the previous index at once", err)
		}
		if r, err := ix.Search("communication", 0, 5); err != nil || r.Total == 0 {
			t.Errorf("search during the build: %+v %v", r, err)
		}
		release()
	}
	close(b.gate)
	if err := c.Wait(context.Background(), snaps[2]); err != nil {
		t.Fatal(err)
	}
	ix, release, err := c.Acquire(done, snaps[2])
	if err != nil {
		t.Fatal(err)
	}
	if ix.snap != snaps[2] {
		t.Error("after the build, the new snapshot is not searched on its own index")
	}
	release()
	if n := b.builds.Load(); n != 3 {
		t.Errorf("%d builds, want 3 (one per snapshot)", n)
	}
}

// BenchmarkSearch measures the searches of issue 13 on the real data (the index built once).
func BenchmarkSearch(b *testing.B) {
	dir := realdata.RealDir(b)
	snap, _, err := data.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Build(snap)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"plombier", "mecanique auto", "infirmier", "mecanqiue", "communication bts", "32032002", "RNCP:34700"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(q, 0, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuild measures the index build on the real data.
func BenchmarkBuild(b *testing.B) {
	snap, _, err := data.Load(realdata.RealDir(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix, err := Build(snap)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
