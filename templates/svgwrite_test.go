package templates

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/widgettest"
)

// TestAppendNumbers: appendInt and appendFloat write what strconv writes, for the coordinates,
// the sizes (whole, or shrunk to one decimal) and spacings of a widget and for any other value.
func TestAppendNumbers(t *testing.T) {
	for n := -1100; n < 5000; n++ {
		if got, want := string(appendInt(nil, n)), strconv.Itoa(n); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", n, got, want)
		}
	}
	floats := []float64{0, 0.3, 0.75, 1.5, 11, 12.5, 0.1 + 0.2, 1e6, 1e6 + 0.5, 123456.7, -0.3, -2, 1e-7, 20.0 / 24,
		math.Nextafter(10.3, 11), math.Nextafter(10.3, 10), math.Inf(1), math.NaN(), math.Copysign(0, -1)}
	for k := 0; k < 100000; k++ {
		floats = append(floats, float64(k)/10, math.Floor(float64(k)*0.7)/10)
	}
	for _, f := range floats {
		if got, want := string(appendFloat(nil, f)), strconv.FormatFloat(f, 'f', -1, 64); got != want {
			t.Fatalf("appendFloat(%v) = %q, want %q", f, got, want)
		}
	}
	for size := -1; size < 100; size++ {
		if got, want := string(appendIconScale(nil, size)), strconv.FormatFloat(float64(size)/24, 'f', -1, 64); got != want {
			t.Fatalf("appendIconScale(%d) = %q, want %q", size, got, want)
		}
	}
}

// TestAppendEsc: escaped as html.EscapeString escapes, every byte at every position.
func TestAppendEsc(t *testing.T) {
	for c := range 256 {
		for pos := range 10 {
			s := strings.Repeat("é", pos) + string([]byte{byte(c)}) + "<&>"
			if got, want := string(appendEsc(nil, s)), html.EscapeString(s); got != want {
				t.Fatalf("appendEsc(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

// TestRenderSVGConcurrent: renders of several widgets at once, while the memo of wrapped
// wordings fills and empties, are the bytes of each widget rendered alone (run with -race:
// the memos are shared).
func TestRenderSVGConcurrent(t *testing.T) {
	th := theme(t)
	var views []widget.View
	for _, a := range []string{"college", "lycee", "superieur", "accompagnateur"} {
		for _, q := range []widgettest.Query{{}, {"layout": {"horizontal"}}, {"scheme": {"dark"}}, {"template": {"barre"}}} {
			if a != "lycee" && q["template"] != nil { // barre is a lycée template
				continue
			}
			q["audience"] = []string{a}
			views = append(views, view(t, "32032002.svg", q))
		}
	}
	want := make([]string, len(views))
	for i := range views {
		var b bytes.Buffer
		if err := RenderSVG(&b, &views[i], th); err != nil {
			t.Fatal(err)
		}
		want[i] = b.String()
	}
	var wg sync.WaitGroup
	wg.Go(func() { // other wordings, enough to empty the memo at least once
		for i := range maxParas + 100 {
			fixedLines(newParaKey(fmt.Sprint("mot ", i), "", paraPlain, 100, stSmall), stSmall)
		}
	})
	for g := range 4 {
		wg.Go(func() {
			var b bytes.Buffer
			for n := range 200 {
				i := (g + n) % len(views)
				b.Reset()
				if err := RenderSVG(&b, &views[i], th); err != nil {
					t.Error(err)
					return
				}
				if b.String() != want[i] {
					t.Errorf("render %d of widget %d differs", n, i)
					return
				}
			}
		})
	}
	wg.Wait()
	paras.RLock()
	n := len(paras.m)
	paras.RUnlock()
	if n > maxParas {
		t.Errorf("the memo holds %d paragraphs, more than %d", n, maxParas)
	}
}

// TestLayoutSVGOwnsItsSlices: a layout LayoutSVG returned is not changed by later layouts (its
// slices are copies, not the pool's).
func TestLayoutSVGOwnsItsSlices(t *testing.T) {
	th := theme(t)
	v := view(t, "32032002.svg", widgettest.Query{})
	l := LayoutSVG(v, th)
	before := renderSVG(t, v)
	for range 10 {
		LayoutSVG(view(t, "32032002.svg", widgettest.Query{"audience": {"accompagnateur"}}), th)
	}
	var b bytes.Buffer
	if err := WriteSVG(&b, &l); err != nil {
		t.Fatal(err)
	}
	if b.String() != before {
		t.Error("the layout changed after other layouts")
	}
}

// TestRenderSVGAllocs: an SVG render allocates the place line ("Île-de-France · promotions …")
// only: its layout and buffer space are reused, its wordings memoised, and the caller's view
// does not escape to the heap (the templates' functions get the layout's copy).
func TestRenderSVGAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race sync.Pool drops layouts at random: renders allocate new ones")
	}
	v, th := view(t, "32032002.svg", widgettest.Query{}), theme(t)
	var b bytes.Buffer
	n := testing.AllocsPerRun(200, func() {
		vv := v
		b.Reset()
		if err := RenderSVG(&b, &vv, th); err != nil {
			t.Fatal(err)
		}
	})
	if n > 1 {
		t.Errorf("%v allocations per render, want 1", n)
	}
}

// TestParaFixedAsPara: a memoised paragraph is laid out as para lays out its text, at every
// width (a negative one too) and style, twice (the second from the memo), and each line's
// memoised markup is what the writer writes from its fields.
func TestParaFixedAsPara(t *testing.T) {
	texts := []string{"Que deviennent les apprentis après cette formation ?", "En emploi", "  deux   espaces ",
		"Anticonstitutionnellement-extraordinaire", "Source : InserJeunes (DEPP, DARES), promotions 2022 et 2023.", "<&>\"'", ""}
	styles := []textStyle{stTitre, stLabel, stSmall, stMsg, stPied, stPhrase}
	for _, text := range texts {
		for w := -20; w < 400; w += 13 {
			for _, st := range styles {
				for kind, fixed := range map[string]func(b svgBuilder) int{
					"plain": func(b svgBuilder) int { return b.paraFixed(text, 5, 7, w, st) },
					"upper": func(b svgBuilder) int { return b.paraUpper(text, 5, 7, w, st) },
					"joined": func(b svgBuilder) int {
						return b.paraJoined(text, "Données publiées le 22 janvier 2025.", 5, 7, w, st)
					},
				} {
					ref := text
					switch kind {
					case "upper":
						ref = strings.ToUpper(text)
					case "joined":
						ref = strings.TrimSpace(text + " Données publiées le 22 janvier 2025.")
					}
					var want SVGLayout
					wantY := svgBuilder{&want}.para(ref, 5, 7, w, st)
					for range 2 {
						var got SVGLayout
						if y := fixed(svgBuilder{&got}); y != wantY || len(got.Texts) != len(want.Texts) {
							t.Fatalf("%s %q at %d: y %d, %d lines; para: y %d, %d lines", kind, text, w, y, len(got.Texts), wantY, len(want.Texts))
						}
						for i, g := range got.Texts {
							tail := g.tail
							if g.tail = nil; g != want.Texts[i] {
								t.Fatalf("%s %q at %d: line %d %+v, para %+v", kind, text, w, i, g, want.Texts[i])
							}
							if !tail.of(&g) || tail.markup != string(appendTextTail(nil, &g)) {
								t.Fatalf("%s %q at %d: line %d markup %+v", kind, text, w, i, tail)
							}
						}
					}
				}
			}
		}
	}
}

// TestChangedTextWritten: a text line changed after the layout is written as it is now, not
// with the markup memoised for it.
func TestChangedTextWritten(t *testing.T) {
	l := LayoutSVG(view(t, "32032002.svg", widgettest.Query{}), theme(t))
	changed := 0
	for i := range l.Texts {
		if l.Texts[i].tail != nil {
			l.Texts[i].Text += " <changé>"
			changed++
		}
	}
	var b bytes.Buffer
	if err := WriteSVG(&b, &l); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), " &lt;changé&gt;</text>"); changed == 0 || n != changed {
		t.Errorf("%d of %d changed lines written", n, changed)
	}
}
