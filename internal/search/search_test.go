package search

import (
	"slices"
	"sync"
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

// TestSearchConcurrent: one index searched by eight goroutines gives the same answers (go test
// -race), and the cache builds one index per snapshot and keeps the two newest.
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

	demo, _, err := data.LoadDemo()
	if err != nil {
		t.Fatal(err)
	}
	demo2, _, err := data.LoadDemo()
	if err != nil {
		t.Fatal(err)
	}
	var c Cache
	a, err := c.For(demo)
	if err != nil {
		t.Fatal(err)
	}
	var same [4]*Index
	for i := range same {
		wg.Add(1)
		go func() { defer wg.Done(); same[i], _ = c.For(demo) }()
	}
	wg.Wait()
	for _, s := range same {
		if s != a {
			t.Error("a snapshot's index is built once")
		}
	}
	b, _ := c.For(demo2)
	if b == a {
		t.Error("a new snapshot gets its own index")
	}
	if again, _ := c.For(demo); again != a {
		t.Error("the previous snapshot's index is kept")
	}
	r, err := b.Search("communication", 0, 5)
	if err != nil || r.Total == 0 || r.Hits[0].Diploma.CFD != "32032002" {
		t.Errorf("demo search: %+v %v", r, err)
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
