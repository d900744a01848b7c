package data

import (
	"fmt"
	"strconv"
	"strings"
)

// group is every row seen for one key: the first value and line, the lines of later rows, and
// whether one of them differs from the first.
type group[V comparable] struct {
	val      V
	first    int
	more     []int
	conflict bool
}

// dedup collects rows by key so that duplicates never overwrite each other (SPEC §3): a key seen
// on identical rows is kept once, a key seen with different values is dropped and every row of it
// rejected. The outcome does not depend on row order.
type dedup[K comparable, V comparable] struct {
	m map[K]group[V]
}

func newDedup[K comparable, V comparable](n int) *dedup[K, V] {
	return &dedup[K, V]{m: make(map[K]group[V], n)}
}

func (d *dedup[K, V]) add(k K, v V, line int) {
	g, seen := d.m[k]
	if !seen {
		d.m[k] = group[V]{val: v, first: line}
		return
	}
	g.more = append(g.more, line)
	if v != g.val {
		g.conflict = true
	}
	d.m[k] = g
}

// finish calls keep for each kept key (in no particular order), records the rejected rows in fr,
// sorts fr's rejections by line and sets fr.Kept (the rows read, neither rejected nor filtered).
// describe formats a key for the reasons.
func (d *dedup[K, V]) finish(fr *FileReport, describe func(K) string, keep func(K, V)) {
	for k, g := range d.m {
		if len(g.more) == 0 {
			keep(k, g.val)
			continue
		}
		if !g.conflict {
			keep(k, g.val)
			for _, l := range g.more {
				fr.reject(l, fmt.Sprintf("duplicate %s, identical to line %d: kept once", describe(k), g.first))
			}
			continue
		}
		lines := append([]int{g.first}, g.more...)
		s := make([]string, len(lines))
		for i, l := range lines {
			s[i] = strconv.Itoa(l)
		}
		reason := fmt.Sprintf("duplicate %s with different values on lines %s: key dropped", describe(k), strings.Join(s, ", "))
		for _, l := range lines {
			fr.reject(l, reason)
		}
	}
	sortRejets(fr.Rejets)
	fr.Kept = fr.Read - len(fr.Rejets) - fr.Filtered
}
