package templates

import (
	"testing"

	"github.com/a-h/templ"
	"github.com/ijwidgets/ijwidgets/widget"
)

// TestClassAttrs: the memoised class attributes write what class={ } wrote, for each key
// (the first use builds, the second reads the memo).
func TestClassAttrs(t *testing.T) {
	tests := []struct {
		name string
		attr func() templ.Attributer
		want string
	}{
		{"cat", func() templ.Attributer { return catClassAttr("ijw-cat ijw-cat--", "emploi") }, "ijw-cat ijw-cat--emploi"},
		{"ligne", func() templ.Attributer { return catClassAttr("ijw-ligne ijw-cat--", "emploi") }, "ijw-ligne ijw-cat--emploi"},
		{"figure published", func() templ.Attributer { return figureClassAttr("ijw-taux", widget.Row{Published: true}) }, "ijw-taux"},
		{"figure nd", func() templ.Attributer { return figureClassAttr("ijw-taux", widget.Row{}) }, "ijw-taux ijw-taux--nd"},
	}
	for _, tt := range tests {
		for range 2 {
			items := tt.attr().Items()
			if len(items) != 1 || items[0].Key != "class" || items[0].Value != tt.want {
				t.Errorf("%s: %+v, want class %q", tt.name, items, tt.want)
			}
		}
	}
}

// TestClassValues: the class values the Go fragments write (widgethtml.go) are those of
// rootClass and blocsClass, memoised or not.
func TestClassValues(t *testing.T) {
	tests := []struct {
		name string
		got  func() string
		want string
	}{
		{"blocs 1", func() string { return blocsClassValue(1) }, "ijw-blocs ijw-blocs--1"},
		{"blocs 2", func() string { return blocsClassValue(2) }, "ijw-blocs ijw-blocs--2 ijw-blocs--plusieurs"},
		{"blocs 9", func() string { return blocsClassValue(9) }, "ijw-blocs ijw-blocs--9 ijw-blocs--plusieurs"},
		{"root", func() string {
			return rootClassValue(&widget.View{State: widget.StateOK, Audience: widget.AudienceLycee})
		}, "ijw ijw--ok ijw--lycee"},
		{"root notitle", func() string {
			return rootClassValue(&widget.View{State: widget.StateOK, Audience: widget.AudienceLycee, Request: widget.Request{HideTitle: true}})
		}, "ijw ijw--ok ijw--lycee ijw--notitle"},
		{"bloc id 1", func() string { return blocID(0) }, "ijw-bloc-1"},
		{"bloc id 12", func() string { return blocID(11) }, "ijw-bloc-12"},
	}
	for _, tt := range tests {
		for range 2 {
			if got := tt.got(); got != tt.want {
				t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
			}
		}
	}
}

// BenchmarkClassAttr: a memo hit allocates nothing.
func BenchmarkClassAttr(b *testing.B) {
	r := widget.Row{Key: "emploi", Published: true}
	b.ReportAllocs()
	for b.Loop() {
		_ = catClassAttr("ijw-cat ijw-cat--", r.Key)
		_ = figureClassAttr("ijw-taux", r)
	}
}
