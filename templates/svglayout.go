package templates

import (
	"strings"
	"unicode/utf8"

	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// SVGWidth is the width of the vertical SVG widget in px (SPEC §7: fixed widths 320 and 720).
const SVGWidth = 320

const svgPad = 16

// TextLine is one line of SVG text at a baseline.
type TextLine struct {
	X, Y  int
	Text  string
	Class string // CSS class in the SVG's <style>: t-titre, t-formation, t-lieu, t-msg, t-pied…
}

// CatRow is one category row of the SVG widget.
type CatRow struct {
	Y         int // top of the row
	Key       string
	Label     string
	Value     string // "20 %" or "non publié"
	IconPath  string
	TextColor string
}

// SVGLayout is the computed geometry of a standalone SVG widget: every position is an int in px.
type SVGLayout struct {
	Width, Height int
	Lines         []TextLine
	Rows          []CatRow
	Pictos        string // the svgo-drawn figure row, or ""
	Theme         themes.Theme
	View          widget.View
}

// approxWidth estimates a text's width in px for a sans-serif font: a stand-in until text is
// measured with real font metrics (a later issue); it errs wide so lines do not overflow.
func approxWidth(s string, size int) int {
	return utf8.RuneCountInString(s) * size * 58 / 100
}

// wrap breaks s at spaces, hyphens or slashes into lines that fit width px, never inside a word
// (a word longer than the line stands alone).
func wrap(s string, size, width int) []string {
	var lines []string
	var cur strings.Builder
	word := func(w string) {
		if cur.Len() > 0 && approxWidth(cur.String()+w, size) > width {
			lines = append(lines, strings.TrimRight(cur.String(), " "))
			cur.Reset()
		}
		cur.WriteString(w)
	}
	start := 0
	for i, r := range s {
		if r == ' ' || r == '-' || r == '/' {
			word(s[start : i+1])
			start = i + 1
		}
	}
	word(s[start:])
	if cur.Len() > 0 {
		lines = append(lines, strings.TrimRight(cur.String(), " "))
	}
	return lines
}

// LayoutSVG computes the vertical SVG widget of a view.
func LayoutSVG(v widget.View, th themes.Theme) SVGLayout {
	l := SVGLayout{Width: SVGWidth, Theme: th, View: v}
	inner := SVGWidth - 2*svgPad
	y := svgPad
	add := func(text, class string, size, lineHeight int) {
		for _, line := range wrap(text, size, inner) {
			y += lineHeight
			l.Lines = append(l.Lines, TextLine{X: svgPad, Y: y, Text: line, Class: class})
		}
	}
	if v.Demo {
		add(v.Texts.Demo, "t-demo", 12, 16)
		y += 6
	}
	if !v.Request.HideTitle {
		add(v.Texts.Titre, "t-titre", 16, 21)
	}
	add(v.Texts.Formation, "t-formation", 14, 19)
	lieu := v.Texts.Lieu
	if v.Texts.Promotions != "" {
		lieu += " · " + v.Texts.Promotions
	}
	add(lieu, "t-lieu", 12, 17)
	y += 12
	switch v.State {
	case widget.StateOK, widget.StatePartiel:
		if v.HasPictos {
			l.Pictos = pictosGroupString(v.Pictos, th.Light, svgPad+(inner-pictoWidth)/2, y)
			y += pictoHeight + 8
		}
		if v.Texts.Effectif != "" {
			add(v.Texts.Effectif, "t-lieu", 12, 17)
			y += 6
		}
		if v.Texts.Message != "" {
			add(v.Texts.Message, "t-msg", 13, 18)
			y += 6
		}
		for _, c := range v.Categories {
			val := "non publié"
			if c.Taux.Valid {
				val = widget.Percent(c.Taux.V)
			}
			l.Rows = append(l.Rows, CatRow{Y: y, Key: c.Key, Label: c.Label, Value: val,
				IconPath: iconPaths[c.Key], TextColor: th.Light.Category(c.Key).Text})
			y += 40
		}
	default:
		y += 4
		add(v.Texts.Message, "t-msg", 13, 18)
		y += 8
	}
	y += 6
	add(sourceLine(v), "t-pied", 11, 15)
	l.Height = y + svgPad
	return l
}
