package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/widget"
)

// Snapshot is one loaded, immutable dataset with its own look-up cache and rendered-output cache,
// both dropped with it when a reload swaps in the next one.
type Snapshot struct {
	*data.Snapshot
	Version      string        // short hash of the input files; changes with the data
	LoadedAt     time.Time     // when the load finished
	LoadDuration time.Duration // how long reading and validating the files took
	// Rendered holds the bodies rendered from this snapshot, keyed by ETag; nil when disabled.
	Rendered *RenderCache
	cache    Cache
}

// Cohortes answers widget.Source.Cohortes through the snapshot's cache: national figures sum
// up to 17 regions, so they are worth keeping. Empty answers (a code without rows, e.g. one
// nobody knows) are not kept: they cost nothing to recompute and their key space is unbounded.
func (s *Snapshot) Cohortes(scope widget.Scope, region string, c widget.Code) []widget.Cohorte {
	key := string(scope) + "|" + region + "|" + string(c.Kind) + "|" + c.Value
	v, _ := s.cache.Get(key, func() (any, error) {
		if res := s.Snapshot.Cohortes(scope, region, c); len(res) > 0 {
			return res, nil
		}
		return nil, errEmpty
	})
	res, _ := v.([]widget.Cohorte)
	return res
}

// errEmpty makes the cache skip an empty answer (errors are not cached).
var errEmpty = errors.New("no cohort")

// LoadStatus is the outcome of one load or reload.
type LoadStatus struct {
	At       time.Time     // when the attempt finished
	Duration time.Duration // how long it took
	Version  string        // the snapshot swapped in; "" when the attempt failed
	Err      error         // why the attempt failed; nil on success
}

// Store holds the current snapshot; a load builds and validates a new one, then swaps it in
// atomically, so a request sees one whole snapshot or the next, never half of one (SPEC §3).
type Store struct {
	cur         atomic.Pointer[Snapshot]
	last        atomic.Pointer[LoadStatus]
	loading     sync.Mutex // one load at a time (SIGHUP and the admin route may race)
	cacheTTL    time.Duration
	noCache     bool
	renderBytes int64
	lookups     CacheStats
	renders     CacheStats
	loadsOK     atomic.Uint64
	loadsFailed atomic.Uint64
}

// New returns an empty store whose snapshots cache look-ups for ttl (0: no expiry); with
// cacheEnabled false every look-up goes to the data (benchmarks, debugging). Snapshots have no
// rendered-output cache until SetRenderCacheBytes.
func New(cacheTTL time.Duration, cacheEnabled bool) *Store {
	return &Store{cacheTTL: cacheTTL, noCache: !cacheEnabled}
}

// SetRenderCacheBytes bounds the rendered-output cache of the snapshots loaded from now on, in
// bytes; 0 disables it.
func (s *Store) SetRenderCacheBytes(n int64) { s.renderBytes = n }

// Current returns the snapshot in use, or nil before the first load.
func (s *Store) Current() *Snapshot { return s.cur.Load() }

// LastLoad returns the outcome of the latest load attempt, or nil before the first.
func (s *Store) LastLoad() *LoadStatus { return s.last.Load() }

// LoadCounts returns how many loads and reloads succeeded and failed.
func (s *Store) LoadCounts() (ok, failed uint64) { return s.loadsOK.Load(), s.loadsFailed.Load() }

// LookupStats counts the indicator look-up cache outcomes of every snapshot of this store.
func (s *Store) LookupStats() *CacheStats { return &s.lookups }

// RenderStats counts the rendered-output cache outcomes of every snapshot of this store.
func (s *Store) RenderStats() *CacheStats { return &s.renders }

// Load reads dir ("" for the embedded demonstration dataset) into a new snapshot, validates it and
// swaps it in. On error the previous snapshot stays in use, and LastLoad says why. The report
// lists rejected rows. Loads are serialised.
func (s *Store) Load(dir string) (*data.Report, error) {
	s.loading.Lock()
	defer s.loading.Unlock()
	start := time.Now()
	snap, rep, err := s.build(dir)
	st := &LoadStatus{At: time.Now(), Duration: time.Since(start), Err: err}
	if err == nil {
		snap.LoadedAt, snap.LoadDuration = st.At, st.Duration
		st.Version = snap.Version
		s.cur.Store(snap)
		s.loadsOK.Add(1)
	} else {
		s.loadsFailed.Add(1)
	}
	s.last.Store(st)
	return rep, err
}

func (s *Store) build(dir string) (*Snapshot, *data.Report, error) {
	var (
		src *data.Snapshot
		rep *data.Report
		err error
	)
	if dir == "" {
		src, rep, err = data.LoadDemo()
	} else {
		src, rep, err = data.Load(dir)
	}
	if err != nil {
		return nil, rep, fmt.Errorf("load data: %w", err)
	}
	if err := validate(src); err != nil {
		return nil, rep, fmt.Errorf("load data %s: %w", dir, err)
	}
	var cache Cache = NoCache{}
	if !s.noCache {
		cache = NewMemoryCache(s.cacheTTL, &s.lookups)
	}
	snap := &Snapshot{Snapshot: src, Version: src.Version(), cache: cache}
	if s.renderBytes > 0 {
		snap.Rendered = NewRenderCache(s.renderBytes, &s.renders)
	}
	return snap, rep, nil
}

// validate refuses a snapshot that would serve nothing: the loader accepts a file whose rows are
// all rejected only as an error, but a swap must never replace figures by an empty dataset.
func validate(src *data.Snapshot) error {
	if src.Rows() == 0 {
		return errors.New("no indicator row")
	}
	if len(src.Millesimes(widget.ScopeRegion)) == 0 {
		return errors.New("no millésime")
	}
	return nil
}
