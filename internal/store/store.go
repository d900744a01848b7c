package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
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
	// Problems are what the load found and served anyway (a first load, or a forced reload):
	// data.Report.Problems, one sentence each; nil when none.
	Problems []string
	// Rendered holds the bodies rendered from this snapshot, keyed by ETag; nil when disabled.
	Rendered *RenderCache
	cache    Cache
	inv      data.Inventory // counted once, at load
}

// Inventory returns what the snapshot serves (counted at load), for comparing a reload with it.
func (s *Snapshot) Inventory() data.Inventory { return s.inv }

// Cohortes answers widget.Source.Cohortes through the snapshot's cache: national figures sum
// up to 17 regions, so they are worth keeping. Empty answers (a code without rows, e.g. one
// nobody knows) are not kept: they cost nothing to recompute and their key space is unbounded.
func (s *Snapshot) Cohortes(scope widget.Scope, region string, c widget.Code) []widget.Cohorte {
	if _, off := s.cache.(NoCache); off { // caches disabled: no key to build, no closure
		return s.Snapshot.Cohortes(scope, region, c)
	}
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
	At       time.Time     // when the attempt finished (or was given up, for a timeout)
	Duration time.Duration // how long it took
	Version  string        // the snapshot swapped in; "" when the attempt failed
	Err      error         // why the attempt failed; nil on success
	Result   string        // LoadOK, LoadError, LoadRefused or LoadTimeout
	Forced   bool          // the attempt was asked with LoadOptions.Force
	// Problems are what the load found unfit to serve without a word (data.Report.Problems, and
	// for a reload the losses against the snapshot in service). A first load is served with
	// them; a reload with them is refused unless forced.
	Problems []string
	Stack    string // the goroutine stack when the load panicked, for the log; "" otherwise
}

// Results of a load attempt (LoadStatus.Result and the metrics' result label).
const (
	LoadOK      = "ok"      // swapped in
	LoadError   = "error"   // a file is missing or unreadable, the loader failed or panicked
	LoadRefused = "refused" // read, but it would lose figures: the snapshot in service stays
	LoadTimeout = "timeout" // no answer within LoadOptions.Timeout: the snapshot in service stays
)

// ErrLoadRunning is returned, at once, by a load asked while another one runs (SIGHUP and the
// admin route may race): nothing is recorded.
var ErrLoadRunning = errors.New("a data load is already running")

// MaxHungLoads is how many loads given up at their deadline may still be stuck in a read (a hung
// mount) before no new load is started: each holds a thread until its read returns.
const MaxHungLoads = 2

// ErrTooManyHungLoads is returned, at once, by a load asked while MaxHungLoads loads given up are
// still stuck in their reads: the files cannot be read; restart once the mount answers.
var ErrTooManyHungLoads = fmt.Errorf("%d data loads given up are still stuck reading the files (a hung mount?): restart the server once the files can be read", MaxHungLoads)

// ErrRefused wraps the reasons of a refused reload (errors.Is(err, ErrRefused)).
var ErrRefused = errors.New("reload refused, the previous snapshot is still served (force to take it anyway)")

// DefaultMaxLoss is the share of indicator rows, certifications with figures, labels or
// establishments a reload may lose before it is refused (issue 10: 2 %).
const DefaultMaxLoss = 0.02

// LoadOptions says how one load runs.
type LoadOptions struct {
	// Force takes a reload that the guard would refuse (rows rejected, or more than MaxLoss of
	// the snapshot in service lost).
	Force bool
	// Timeout bounds the wait for the files (a read that never returns, e.g. a hung network
	// mount); 0 waits as long as the context does. A load given up is a LoadTimeout: its
	// snapshot, if it ever comes, is dropped; the next load may start at once (MaxHungLoads).
	Timeout time.Duration
}

// Store holds the current snapshot; a load builds and validates a new one, then swaps it in
// atomically, so a request sees one whole snapshot or the next, never half of one (SPEC §3).
type Store struct {
	cur         atomic.Pointer[Snapshot]
	last        atomic.Pointer[LoadStatus]
	running     atomic.Pointer[loadRun] // the load in progress; nil when none runs
	hung        atomic.Int32            // loads given up whose read has not returned yet
	cacheTTL    time.Duration
	noCache     bool
	renderBytes int64
	maxLoss     float64
	lookups     CacheStats
	renders     CacheStats
	loads       sync.Map // result → *atomic.Uint64
	hooksMu     sync.Mutex
	hooks       []func(*Snapshot) // OnSwap's
}

// OnSwap registers f to be called with each snapshot swapped in from now on, whatever the path
// (first load, SIGHUP, admin reload), right after the swap, and at once with the current snapshot
// if there is one. f runs on the loading goroutine: it must return quickly (start its work in
// the background). It may be called twice with the same snapshot when registered during a swap.
func (s *Store) OnSwap(f func(*Snapshot)) {
	s.hooksMu.Lock()
	s.hooks = append(s.hooks, f)
	s.hooksMu.Unlock()
	if cur := s.cur.Load(); cur != nil {
		f(cur)
	}
}

// swapped calls the OnSwap hooks with snap.
func (s *Store) swapped(snap *Snapshot) {
	s.hooksMu.Lock()
	hooks := s.hooks
	s.hooksMu.Unlock()
	for _, f := range hooks {
		f(snap)
	}
}

// New returns an empty store whose snapshots cache look-ups for ttl (0: no expiry); with
// cacheEnabled false every look-up goes to the data (benchmarks, debugging). Snapshots have no
// rendered-output cache until SetRenderCacheBytes. Reloads may lose DefaultMaxLoss (SetMaxLoss).
func New(cacheTTL time.Duration, cacheEnabled bool) *Store {
	return &Store{cacheTTL: cacheTTL, noCache: !cacheEnabled, maxLoss: DefaultMaxLoss}
}

// SetRenderCacheBytes bounds the rendered-output cache of the snapshots loaded from now on, in
// bytes; 0 disables it.
func (s *Store) SetRenderCacheBytes(n int64) { s.renderBytes = n }

// SetMaxLoss sets the share (0 to 1) of the snapshot in service that a reload may lose before it
// is refused. Call it before the first load.
func (s *Store) SetMaxLoss(share float64) { s.maxLoss = share }

// MaxLoss returns the share set by SetMaxLoss.
func (s *Store) MaxLoss() float64 { return s.maxLoss }

// Current returns the snapshot in use, or nil before the first load.
func (s *Store) Current() *Snapshot { return s.cur.Load() }

// LastLoad returns the outcome of the latest load attempt, or nil before the first.
func (s *Store) LastLoad() *LoadStatus { return s.last.Load() }

// loadRun is one load attempt. state goes from runActive to runDone (it finished in time) or to
// runAbandoned (given up at its deadline), once, whichever side gets there first.
type loadRun struct {
	start time.Time
	state atomic.Int32
}

const (
	runActive int32 = iota
	runDone
	runAbandoned
)

// Running returns when the load in progress started, and false when none runs.
func (s *Store) Running() (time.Time, bool) {
	if r := s.running.Load(); r != nil {
		return r.start, true
	}
	return time.Time{}, false
}

// HungLoads returns how many loads given up at their deadline are still stuck in a read.
func (s *Store) HungLoads() int { return int(s.hung.Load()) }

// LoadCounts returns how many load attempts ended with each result (LoadOK, LoadError,
// LoadRefused, LoadTimeout), zero ones included.
func (s *Store) LoadCounts() map[string]uint64 {
	out := map[string]uint64{LoadOK: 0, LoadError: 0, LoadRefused: 0, LoadTimeout: 0}
	s.loads.Range(func(k, v any) bool { out[k.(string)] = v.(*atomic.Uint64).Load(); return true })
	return out
}

func (s *Store) count(result string) {
	v, _ := s.loads.LoadOrStore(result, new(atomic.Uint64))
	v.(*atomic.Uint64).Add(1)
}

// LookupStats counts the indicator look-up cache outcomes of every snapshot of this store.
func (s *Store) LookupStats() *CacheStats { return &s.lookups }

// RenderStats counts the rendered-output cache outcomes of every snapshot of this store.
func (s *Store) RenderStats() *CacheStats { return &s.renders }

// Load reads dir ("" for the embedded demonstration dataset) into a new snapshot, validates it and
// swaps it in, with no deadline and no force. See LoadContext.
func (s *Store) Load(dir string) (*data.Report, error) {
	return s.LoadContext(context.Background(), dir, LoadOptions{})
}

// LoadContext reads dir ("" for the embedded demonstration dataset) into a new snapshot, checks
// it and swaps it in. The report lists rejected rows (nil when the load did not get that far).
//
// The first load is served even with problems (rows rejected, labels missing): they are in
// LastLoad().Problems for the log and /readyz. A reload is refused (ErrRefused, the previous
// snapshot stays) when it has problems or loses more than MaxLoss of the snapshot in service,
// unless opts.Force. A load that panics is a failed load (LoadError), not a crash. A load that
// has not finished when ctx ends or opts.Timeout passes is given up (LoadTimeout): its read may
// stay stuck (HungLoads), its result is dropped, and a new load may start. One load runs at a
// time: another one asked meanwhile returns ErrLoadRunning at once and records nothing; with
// MaxHungLoads loads stuck, a load returns ErrTooManyHungLoads at once. On any failure the
// previous snapshot stays in use, and LastLoad says why.
func (s *Store) LoadContext(ctx context.Context, dir string, opts LoadOptions) (*data.Report, error) {
	if s.hung.Load() >= MaxHungLoads {
		return nil, ErrTooManyHungLoads
	}
	run := &loadRun{start: time.Now()}
	if !s.running.CompareAndSwap(nil, run) {
		return nil, ErrLoadRunning
	}
	start := run.start
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	type result struct {
		snap  *Snapshot
		rep   *data.Report
		err   error
		stack string
	}
	done := make(chan result, 1)
	go func() {
		var r result
		func() {
			defer func() {
				if p := recover(); p != nil {
					r = result{err: fmt.Errorf("load data: panic: %v", p), stack: string(debug.Stack())}
				}
			}()
			r.snap, r.rep, r.err = s.build(dir)
		}()
		if run.state.CompareAndSwap(runActive, runDone) {
			// Free the slot before the caller hears of it, so that its next load may start.
			s.running.CompareAndSwap(run, nil)
		} else { // given up at the deadline: the slot is long free; the result is dropped
			s.hung.Add(-1)
		}
		done <- r
	}()
	st := &LoadStatus{Forced: opts.Force}
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		if run.state.CompareAndSwap(runActive, runAbandoned) {
			s.hung.Add(1)
			s.running.CompareAndSwap(run, nil)
			r.err = fmt.Errorf("load data %s: gave up after %s: %w", dir, time.Since(start).Round(time.Millisecond), ctx.Err())
			st.Result = LoadTimeout
		} else { // it finished as the deadline passed: take it
			r = <-done
		}
	}
	st.At, st.Duration, st.Stack = time.Now(), time.Since(start), r.stack
	if r.err == nil {
		st.Problems = r.rep.Problems(r.snap.Inventory(), s.maxLoss)
		if cur := s.cur.Load(); cur != nil {
			st.Problems = append(st.Problems, cur.Inventory().Losses(r.snap.Inventory(), s.maxLoss)...)
			if len(st.Problems) > 0 && !opts.Force {
				r.err = fmt.Errorf("%w: %s", ErrRefused, strings.Join(st.Problems, "; "))
				st.Result = LoadRefused
			}
		}
	}
	st.Err = r.err
	switch {
	case r.err == nil:
		st.Result = LoadOK
		r.snap.LoadedAt, r.snap.LoadDuration, r.snap.Problems = st.At, st.Duration, st.Problems
		st.Version = r.snap.Version
		s.cur.Store(r.snap)
		s.swapped(r.snap)
	case st.Result == "":
		st.Result = LoadError
	}
	s.count(st.Result)
	s.last.Store(st)
	return r.rep, r.err
}

// testHookBuild, when set, runs at the start of each build (tests make a load panic with it).
var testHookBuild func()

func (s *Store) build(dir string) (*Snapshot, *data.Report, error) {
	if testHookBuild != nil {
		testHookBuild()
	}
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
	snap := &Snapshot{Snapshot: src, Version: src.Version(), cache: cache, inv: src.Inventory()}
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
