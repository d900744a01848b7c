package store

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
)

func TestMemoryCacheSingleflight(t *testing.T) {
	c := NewMemoryCache(0, nil)
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.Get("k", func() (any, error) { calls.Add(1); <-release; return 42, nil })
			if err != nil || v.(int) != 42 {
				t.Errorf("got %v %v", v, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n < 1 || n > 2 { // goroutines that arrive after the first result read the cache
		t.Errorf("load called %d times for one key", n)
	}
	if v, _ := c.Get("k", func() (any, error) { t.Error("cached key reloaded"); return 0, nil }); v.(int) != 42 {
		t.Error("cached value lost")
	}
	if _, err := c.Get("e", func() (any, error) { return nil, errors.New("boom") }); err == nil {
		t.Error("error not returned")
	}
	if c.ItemCount() != 1 {
		t.Errorf("errors must not be cached: %d items", c.ItemCount())
	}
}

func TestLoadKeepsPreviousSnapshotOnError(t *testing.T) {
	s := New(0, true)
	if s.Current() != nil {
		t.Fatal("a new store has no snapshot")
	}
	if _, err := s.Load(""); err != nil {
		t.Fatal(err)
	}
	first := s.Current()
	if _, err := s.Load(t.TempDir()); err == nil {
		t.Fatal("loading an empty directory must fail")
	}
	if s.Current() != first {
		t.Error("a failed load replaced the snapshot")
	}
	code, _ := widget.ParseCode("32032002")
	a := first.Cohortes(widget.ScopeCertification, "", code)
	b := first.Cohortes(widget.ScopeCertification, "", code)
	if len(a) == 0 || &a[0] != &b[0] {
		t.Error("the second look-up must come from the cache")
	}
	if first.Version == "" || !first.Demo() {
		t.Errorf("version %q demo %v", first.Version, first.Demo())
	}
}

// TestOnSwap (the /preview search defects, item 2): a swap hook hears of the snapshot current
// when it registers and of every snapshot swapped in afterwards, whatever loads it, and not of a
// failed load.
func TestOnSwap(t *testing.T) {
	s := New(0, true)
	var heard []*Snapshot
	var mu sync.Mutex
	hook := func(snap *Snapshot) { mu.Lock(); heard = append(heard, snap); mu.Unlock() }
	s.OnSwap(hook) // no snapshot yet: not called
	if _, err := s.Load(""); err != nil {
		t.Fatal(err)
	}
	first := s.Current()
	var late []*Snapshot
	s.OnSwap(func(snap *Snapshot) { late = append(late, snap) }) // called at once with first
	if _, err := s.Load(t.TempDir()); err == nil {
		t.Fatal("loading an empty directory must fail")
	}
	if _, err := s.Load(""); err != nil {
		t.Fatal(err)
	}
	second := s.Current()
	if len(heard) != 2 || heard[0] != first || heard[1] != second {
		t.Errorf("hook heard %v, want the two snapshots swapped in", heard)
	}
	if len(late) != 2 || late[0] != first || late[1] != second {
		t.Errorf("late hook heard %v, want the current one then the next", late)
	}
}
