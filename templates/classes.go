package templates

import (
	"sync"

	"github.com/a-h/templ"
)

// Class attributes written once per distinct value (issue 11 item 5). templ's class={ x } builds a
// CSS processor for every element it renders (two maps, two slices and a join: about five
// allocations each, some forty per widget), to merge and order class lists that here are always
// one already-joined string. A spread of a memoised classAttr writes the same ` class="…"` bytes
// for one allocation (templ's own concatenation), and the string is built only on the first render.
//
// Usage in a .templ: <li { cls(classKey{...}, func() string { return "…" })... }>.

// classAttr is a class attribute as a spread: one item, "class" and its value.
type classAttr struct{ items []templ.KeyValue[string, any] }

// Items is the attribute's one item (templ.Attributer).
func (c *classAttr) Items() []templ.KeyValue[string, any] { return c.items }

// classKey names a class value by what it is made of, so that a hit costs no string building.
type classKey struct {
	kind string // which class function: "root", "blocs", "cat", …
	a, b string
	flag bool
}

// maxClasses bounds the memo: keys come from enumerations (states, audiences, row keys) and small
// counts, so a few hundred at most; past the bound, values are built on each render.
const maxClasses = 4096

var classes = struct {
	sync.RWMutex
	m map[classKey]*classAttr
}{m: map[classKey]*classAttr{}}

// cls returns the class attribute named by k, building its value with build on the first use.
// Safe for concurrent use.
func cls(k classKey, build func() string) templ.Attributer {
	classes.RLock()
	c, ok := classes.m[k]
	classes.RUnlock()
	if ok {
		return c
	}
	c = &classAttr{items: []templ.KeyValue[string, any]{{Key: "class", Value: build()}}}
	classes.Lock()
	if len(classes.m) < maxClasses {
		classes.m[k] = c
	}
	classes.Unlock()
	return c
}

// clsValue is the value of cls(k, build): the class string itself, for the Go fragments.
func clsValue(k classKey, build func() string) string {
	return cls(k, build).(*classAttr).items[0].Value.(string)
}
