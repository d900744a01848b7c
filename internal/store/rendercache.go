package store

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// CacheStats counts the outcomes of a cache over the life of a Store, across snapshots (the
// caches themselves are dropped on every swap). Safe for concurrent use.
type CacheStats struct {
	Hits      atomic.Uint64 // answers found in the cache
	Misses    atomic.Uint64 // answers computed (and kept when allowed)
	Evictions atomic.Uint64 // entries dropped to stay under the byte bound
}

// RenderCache keeps rendered bodies in memory, keyed by their ETag, bounded in bytes. Entries are
// evicted with the CLOCK algorithm (a second chance for entries read since the last sweep): reads
// take a shared lock only. Concurrent misses of one key are computed once (singleflight).
// A RenderCache belongs to one Snapshot, so a reload drops it whole.
type RenderCache struct {
	max   int64 // bytes
	stats *CacheStats

	mu    sync.RWMutex
	items map[string]*renderItem
	ring  []string // keys, swept by hand for eviction
	hand  int
	size  int64 // bytes held

	group singleflight.Group
}

type renderItem struct {
	v    any
	size int64
	ref  atomic.Bool
}

// entryOverhead is the bytes counted per entry beyond its value (map slot, item, ring slot).
const entryOverhead = 128

// NewRenderCache returns a cache holding at most maxBytes bytes (as counted by the sizes given
// to Get); stats may be nil.
func NewRenderCache(maxBytes int64, stats *CacheStats) *RenderCache {
	if stats == nil {
		stats = &CacheStats{}
	}
	return &RenderCache{max: maxBytes, stats: stats, items: map[string]*renderItem{}}
}

// Peek returns the value cached under key without computing it; it counts neither a hit nor a miss.
func (r *RenderCache) Peek(key string) (any, bool) {
	r.mu.RLock()
	it, ok := r.items[key]
	r.mu.RUnlock()
	if !ok {
		return nil, false
	}
	if !it.ref.Load() {
		it.ref.Store(true)
	}
	return it.v, true
}

// HitBytes returns the value cached under the key of bytes key and counts a hit, or reports
// false (counting nothing): the look-up of a cached answer, making neither the key's string nor
// the render closure Get needs (issue 11).
func (r *RenderCache) HitBytes(key []byte) (any, bool) {
	r.mu.RLock()
	it, ok := r.items[string(key)] // no string made for a map index
	r.mu.RUnlock()
	if !ok {
		return nil, false
	}
	if !it.ref.Load() {
		it.ref.Store(true)
	}
	r.stats.Hits.Add(1)
	return it.v, true
}

// Get returns the value cached under key, or calls render once for all concurrent callers of
// the missing key (singleflight). render returns the value, its size in bytes and whether it may
// be kept (e.g. not for a code nobody knows, whose key space is unbounded). Errors are not
// cached. hit reports whether this caller got the value without rendering (from the cache, or
// from another caller's render of the same key); the stats count renders as misses, and every
// other answer as a hit.
func (r *RenderCache) Get(key string, render func() (v any, size int64, keep bool, err error)) (v any, hit bool, err error) {
	if v, ok := r.Peek(key); ok {
		r.stats.Hits.Add(1)
		return v, true, nil
	}
	rendered := false
	v, err, _ = r.group.Do(key, func() (any, error) {
		if v, ok := r.Peek(key); ok { // kept while this caller waited for the group
			return v, nil
		}
		rendered = true
		r.stats.Misses.Add(1)
		v, size, keep, err := render()
		if err == nil && keep {
			r.add(key, v, size)
		}
		return v, err
	})
	if !rendered {
		r.stats.Hits.Add(1)
	}
	return v, !rendered, err
}

func (r *RenderCache) add(key string, v any, size int64) {
	size += int64(len(key)) + entryOverhead
	if size > r.max {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.items[key]; ok {
		return
	}
	// Each turn either clears a reference bit or evicts, so 2×len(ring) turns free what is needed.
	for turns := 2 * len(r.ring); r.size+size > r.max && len(r.ring) > 0 && turns > 0; turns-- {
		if r.hand >= len(r.ring) {
			r.hand = 0
		}
		k := r.ring[r.hand]
		it := r.items[k]
		if it.ref.Load() {
			it.ref.Store(false)
			r.hand++
			continue
		}
		delete(r.items, k)
		r.size -= it.size
		last := len(r.ring) - 1
		r.ring[r.hand] = r.ring[last]
		r.ring = r.ring[:last]
		r.stats.Evictions.Add(1)
	}
	if r.size+size > r.max {
		return
	}
	r.items[key] = &renderItem{v: v, size: size}
	r.ring = append(r.ring, key)
	r.size += size
}

// Len returns the number of entries and the bytes they hold.
func (r *RenderCache) Len() (entries int, bytes int64) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.items), r.size
}
