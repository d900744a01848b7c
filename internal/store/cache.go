// Package store holds the data snapshot a running service answers from, and the indicator
// look-up cache in front of it.
package store

import (
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"
)

// Cache memoizes look-ups by key. Get returns the cached value, or calls load once for all the
// concurrent callers of a missing key (singleflight) and keeps its result. Errors are not cached.
type Cache interface {
	Get(key string, load func() (any, error)) (any, error)
}

// MemoryCache is a Cache on go-cache with singleflight on misses. Its key space is bounded by the
// snapshot (scopes × codes), and it is dropped whole with its snapshot on reload.
type MemoryCache struct {
	c     *gocache.Cache
	group singleflight.Group
	stats *CacheStats
}

// NewMemoryCache returns a cache whose entries live ttl (0: for the cache's lifetime), counting
// hits and misses in stats (may be nil).
func NewMemoryCache(ttl time.Duration, stats *CacheStats) *MemoryCache {
	exp, cleanup := gocache.NoExpiration, time.Duration(0)
	if ttl > 0 {
		exp, cleanup = ttl, 2*ttl
	}
	if stats == nil {
		stats = &CacheStats{}
	}
	return &MemoryCache{c: gocache.New(exp, cleanup), stats: stats}
}

// Get implements Cache.
func (m *MemoryCache) Get(key string, load func() (any, error)) (any, error) {
	if v, ok := m.c.Get(key); ok {
		m.stats.Hits.Add(1)
		return v, nil
	}
	m.stats.Misses.Add(1)
	v, err, _ := m.group.Do(key, func() (any, error) {
		if v, ok := m.c.Get(key); ok { // filled while this caller waited for the group
			return v, nil
		}
		v, err := load()
		if err == nil {
			m.c.SetDefault(key, v)
		}
		return v, err
	})
	return v, err
}

// ItemCount is the number of cached entries.
func (m *MemoryCache) ItemCount() int { return m.c.ItemCount() }

// NoCache is a Cache that keeps nothing: every Get calls load.
type NoCache struct{}

// Get implements Cache.
func (NoCache) Get(_ string, load func() (any, error)) (any, error) { return load() }
