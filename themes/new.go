package themes

import (
	"fmt"
	"sort"
)

// New builds a registry from themes already in memory (the embedded ones come from Load): each
// is validated, names are unique and the default theme must be among them.
func New(list ...Theme) (*Registry, error) {
	r := &Registry{byName: map[string]Theme{}}
	for _, t := range list {
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("theme %s: %w", t.Name, err)
		}
		if _, dup := r.byName[t.Name]; dup {
			return nil, fmt.Errorf("theme %s: listed twice", t.Name)
		}
		r.byName[t.Name] = t
	}
	if err := r.index(); err != nil {
		return nil, err
	}
	return r, nil
}

// index checks the default theme is loaded and orders the names: the default first, then sorted.
func (r *Registry) index() error {
	if _, ok := r.byName[Default]; !ok {
		return fmt.Errorf("themes: the default theme %q is missing", Default)
	}
	r.names = nil
	for n := range r.byName {
		if n != Default {
			r.names = append(r.names, n)
		}
	}
	sort.Strings(r.names)
	r.names = append([]string{Default}, r.names...)
	return nil
}
