package templates

import (
	"bytes"
	"context"
	"testing"

	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/widgettest"
)

// The render alone, without HTTP nor Build: what the templates cost of an uncached widget
// (issue 11 item 5; the HTTP benchmarks are internal/server BenchmarkHTMLUncached and
// BenchmarkSVGUncached). BenchmarkRenderSVG goes through LayoutSVG and SVGDoc (a layout of
// its own), BenchmarkRenderSVGRoute through RenderSVG as the .svg route does.

func BenchmarkRenderHTML(b *testing.B) {
	v := view(b, "32032002", widgettest.Query{})
	d := PageData{View: v, Theme: theme(b), StyleHrefs: []string{"/static/a.css", "/static/b.css"}}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Page(d).Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderSVG(b *testing.B) {
	benchSVG(b, func(buf *bytes.Buffer, v *widget.View, th themes.Theme) error {
		return SVGDoc(LayoutSVG(*v, th)).Render(context.Background(), buf)
	})
}

// benchSVG measures render of the fixture's regional 32032002.svg into a reused buffer.
func benchSVG(b *testing.B, render func(*bytes.Buffer, *widget.View, themes.Theme) error) {
	v := view(b, "32032002.svg", widgettest.Query{})
	th := theme(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := render(&buf, &v, th); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderSVGRoute is the render of the .svg route: RenderSVG, on a pooled layout, into a
// reused buffer.
func BenchmarkRenderSVGRoute(b *testing.B) {
	benchSVG(b, func(buf *bytes.Buffer, v *widget.View, th themes.Theme) error { return RenderSVG(buf, v, th) })
}
