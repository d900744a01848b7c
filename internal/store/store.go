package store

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/widget"
)

// Snapshot is one loaded, immutable dataset with its own look-up cache.
type Snapshot struct {
	*data.Snapshot
	Version  string    // short hash of the input files; changes with the data
	LoadedAt time.Time // when the load finished
	cache    Cache
}

// Cohortes answers widget.Source.Cohortes through the snapshot's cache: national figures sum
// up to 17 regions, so they are worth keeping.
func (s *Snapshot) Cohortes(scope widget.Scope, region string, c widget.Code) []widget.Cohorte {
	key := string(scope) + "|" + region + "|" + string(c.Kind) + "|" + c.Value
	v, _ := s.cache.Get(key, func() (any, error) {
		return s.Snapshot.Cohortes(scope, region, c), nil
	})
	return v.([]widget.Cohorte)
}

// Store holds the current snapshot; Swap replaces it atomically, so a request sees one whole
// snapshot or the next, never half of one (SPEC §3).
type Store struct {
	cur      atomic.Pointer[Snapshot]
	cacheTTL time.Duration
	noCache  bool
}

// New returns an empty store whose snapshots cache look-ups for ttl (0: no expiry); with
// cacheEnabled false every look-up goes to the data (benchmarks, debugging).
func New(cacheTTL time.Duration, cacheEnabled bool) *Store {
	return &Store{cacheTTL: cacheTTL, noCache: !cacheEnabled}
}

// Current returns the snapshot in use, or nil before the first load.
func (s *Store) Current() *Snapshot { return s.cur.Load() }

// Load reads dir ("" for the embedded demonstration dataset) into a new snapshot and swaps it in.
// On error the previous snapshot stays in use. The report lists rejected rows.
func (s *Store) Load(dir string) (*data.Report, error) {
	var (
		snap *data.Snapshot
		rep  *data.Report
		err  error
	)
	if dir == "" {
		snap, rep, err = data.LoadDemo()
	} else {
		snap, rep, err = data.Load(dir)
	}
	if err != nil {
		return rep, fmt.Errorf("load data: %w", err)
	}
	var cache Cache = NoCache{}
	if !s.noCache {
		cache = NewMemoryCache(s.cacheTTL)
	}
	s.cur.Store(&Snapshot{Snapshot: snap, Version: snap.Version(), LoadedAt: time.Now(), cache: cache})
	return rep, nil
}
