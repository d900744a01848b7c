package templates

import (
	"bytes"
	"context"
	"testing"

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
	v := view(b, "32032002.svg", widgettest.Query{})
	th := theme(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := SVGDoc(LayoutSVG(v, th)).Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderSVGRoute is the render of the .svg route: RenderSVG, on a pooled layout, into a
// reused buffer.
func BenchmarkRenderSVGRoute(b *testing.B) {
	v := view(b, "32032002.svg", widgettest.Query{})
	th := theme(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := RenderSVG(&buf, &v, th); err != nil {
			b.Fatal(err)
		}
	}
}
