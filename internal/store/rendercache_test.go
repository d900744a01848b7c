package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
)

func body(n int) func() (any, int64, bool, error) {
	return func() (any, int64, bool, error) { return n, int64(n), true, nil }
}

func TestRenderCacheHitsAndBound(t *testing.T) {
	stats := &CacheStats{}
	// Each entry below counts 1000 + len(key) + entryOverhead bytes: three fit in 4000, four do not.
	c := NewRenderCache(4000, stats)
	for i := 0; i < 3; i++ {
		if _, hit, err := c.Get(fmt.Sprint("k", i), body(1000)); hit || err != nil {
			t.Fatalf("first Get of k%d: hit %v err %v", i, hit, err)
		}
	}
	if v, hit, _ := c.Get("k0", body(1)); !hit || v.(int) != 1000 {
		t.Fatalf("k0: %v hit %v", v, hit)
	}
	n, size := c.Len()
	if n != 3 || size != 3*(1000+2+entryOverhead) {
		t.Fatalf("len %d size %d", n, size)
	}
	// k0 was read since it was added: CLOCK gives it a second chance and evicts k1.
	c.Get("k3", body(1000))
	_, k0 := c.Peek("k0")
	_, k1 := c.Peek("k1")
	_, k3 := c.Peek("k3")
	if !k0 || k1 || !k3 {
		t.Errorf("after eviction: k0 %v k1 %v k3 %v", k0, k1, k3)
	}
	if n, size := c.Len(); n != 3 || size > 4000 {
		t.Errorf("len %d size %d exceeds the bound", n, size)
	}
	if h, m, e := stats.Hits.Load(), stats.Misses.Load(), stats.Evictions.Load(); h != 1 || m != 4 || e != 1 {
		t.Errorf("hits %d misses %d evictions %d, want 1 4 1", h, m, e)
	}
	// Larger than the whole cache: served, never kept.
	if v, _, _ := c.Get("huge", body(5000)); v.(int) != 5000 {
		t.Error("huge value not returned")
	}
	if _, ok := c.Peek("huge"); ok {
		t.Error("a value larger than the bound was kept")
	}
}

func TestRenderCacheKeepErrorsAndSingleflight(t *testing.T) {
	stats := &CacheStats{}
	c := NewRenderCache(1<<20, stats)
	if _, _, err := c.Get("e", func() (any, int64, bool, error) { return nil, 0, true, errors.New("boom") }); err == nil {
		t.Error("error lost")
	}
	c.Get("nokeep", func() (any, int64, bool, error) { return 1, 10, false, nil })
	if n, _ := c.Len(); n != 0 {
		t.Errorf("errors and keep=false values must not be cached: %d entries", n)
	}
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Get("k", func() (any, int64, bool, error) { calls.Add(1); <-release; return 7, 1, true, nil })
		}()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n < 1 || n > 2 { // a goroutine scheduled after the first result reads the cache
		t.Errorf("render called %d times for one key", n)
	}
	// Two misses before (the error and keep=false), then one per render; every other answer of
	// the 20 is a hit, whether read from the cache or shared from another caller's render.
	if m, h := stats.Misses.Load(), stats.Hits.Load(); m != 2+uint64(calls.Load()) || h+m != 22 {
		t.Errorf("misses %d hits %d (renders %d)", m, h, calls.Load())
	}
}

func TestLoadStatusAndRenderCachePerSnapshot(t *testing.T) {
	s := New(0, true)
	s.SetRenderCacheBytes(1 << 20)
	if s.LastLoad() != nil {
		t.Fatal("no load yet")
	}
	if _, err := s.Load(""); err != nil {
		t.Fatal(err)
	}
	first := s.Current()
	if st := s.LastLoad(); st.Err != nil || st.Version != first.Version || first.Rendered == nil || first.LoadDuration <= 0 {
		t.Fatalf("status %+v snapshot %+v", st, first)
	}
	first.Rendered.Get("etag", body(10))
	if _, err := s.Load(t.TempDir()); err == nil {
		t.Fatal("an empty directory must fail")
	}
	if st := s.LastLoad(); st.Err == nil || st.Version != "" || s.Current() != first {
		t.Errorf("failed reload: status %+v, snapshot replaced %v", st, s.Current() != first)
	}
	if _, err := s.Load(""); err != nil {
		t.Fatal(err)
	}
	second := s.Current()
	if second == first || second.Rendered == first.Rendered {
		t.Fatal("a reload must bring a new snapshot with its own rendered cache")
	}
	if _, ok := second.Rendered.Peek("etag"); ok {
		t.Error("the rendered cache survived the swap")
	}
	if st := s.LastLoad(); st.Err != nil || st.Version != second.Version {
		t.Errorf("status %+v", st)
	}
	if h := s.RenderStats().Misses.Load(); h != 1 {
		t.Errorf("render misses %d, want 1 (stats outlive snapshots)", h)
	}
}

func TestEmptyLookupsAreNotCached(t *testing.T) {
	s := New(0, true)
	if _, err := s.Load(""); err != nil {
		t.Fatal(err)
	}
	snap := s.Current()
	unknown, _ := widget.ParseCode("ZZZZZZZZ")
	for i := 0; i < 3; i++ {
		if got := snap.Cohortes(widget.ScopeRegion, "11", unknown); len(got) != 0 {
			t.Fatalf("unknown code has cohorts %v", got)
		}
	}
	if n := snap.cache.(*MemoryCache).ItemCount(); n != 0 {
		t.Errorf("%d empty answers cached", n)
	}
	known, _ := widget.ParseCode("32032002")
	snap.Cohortes(widget.ScopeRegion, "11", known)
	snap.Cohortes(widget.ScopeRegion, "11", known)
	if n := snap.cache.(*MemoryCache).ItemCount(); n != 1 {
		t.Errorf("%d entries, want the known code's", n)
	}
	if h, m := s.LookupStats().Hits.Load(), s.LookupStats().Misses.Load(); h != 1 || m != 4 {
		t.Errorf("lookup hits %d misses %d, want 1 and 4", h, m)
	}
}

// TestRenderCacheHitBytes: HitBytes finds what Get kept under the same key, counts a hit for
// each value found and nothing for a key absent; it marks the entry read for CLOCK, as Get does.
func TestRenderCacheHitBytes(t *testing.T) {
	stats := &CacheStats{}
	c := NewRenderCache(4000, stats)
	c.Get("k0", body(1000))
	c.Get("k1", body(1000))
	c.Get("k2", body(1000))
	for _, tc := range []struct {
		key  string
		want any
		ok   bool
	}{{"k0", 1000, true}, {"k9", nil, false}, {"", nil, false}, {"k0", 1000, true}} {
		if v, ok := c.HitBytes([]byte(tc.key)); ok != tc.ok || v != tc.want {
			t.Errorf("HitBytes(%q) = %v %v, want %v %v", tc.key, v, ok, tc.want, tc.ok)
		}
	}
	if h, m := stats.Hits.Load(), stats.Misses.Load(); h != 2 || m != 3 {
		t.Errorf("hits %d misses %d, want 2 3", h, m)
	}
	// k0 was read (HitBytes): CLOCK keeps it and evicts k1.
	c.Get("k3", body(1000))
	if _, ok := c.Peek("k0"); !ok {
		t.Error("k0, read by HitBytes, was evicted first")
	}
	if _, ok := c.Peek("k1"); ok {
		t.Error("k1 kept, k0 evicted")
	}
}
