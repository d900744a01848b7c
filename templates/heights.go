package templates

import "github.com/ijwidgets/ijwidgets/widget"

// heightWidths are the widths (px) of the columns of heightTable: from 280 px, the narrowest
// column the HTML widget is made for (SPEC §7), a phone of 320 px less its page margins.
var heightWidths = [5]int{280, 320, 480, 640, 1000}

// heightTable gives the heights (px, rounded up) of HTML widgets at heightWidths, measured in
// chromium on the real data: the tallest of 32032002 and 23220034307 in Île-de-France (each
// alone, then vue=filieres), and 23220022349 in 2019_2020 (a group too small). It belongs to the
// HTML templates: internal/server TestBrowserHeightTable fails when a widget outgrows it, and
// logs the rows to paste here.
var heightTable = map[string]map[widget.Audience][5]int{
	"une voie": {
		widget.AudienceCollege: {944, 901, 736, 696, 651}, widget.AudienceLycee: {962, 898, 706, 677, 507},
		widget.AudienceSuperieur: {796, 736, 575, 500, 390}, widget.AudienceAccompagnateur: {1371, 1230, 1024, 873, 774},
	},
	"deux voies": {
		widget.AudienceCollege: {1595, 1559, 1271, 1234, 702}, widget.AudienceLycee: {1622, 1541, 1480, 1154, 672},
		widget.AudienceSuperieur: {1439, 1323, 1173, 932, 570}, widget.AudienceAccompagnateur: {2841, 2386, 1886, 1667, 1022},
	},
	"sans chiffres": {
		widget.AudienceCollege: {442, 442, 289, 294, 275}, widget.AudienceLycee: {497, 426, 339, 299, 275},
		widget.AudienceSuperieur: {497, 426, 339, 299, 275}, widget.AudienceAccompagnateur: {589, 525, 407, 330, 330},
	},
}

// EstimateHeight is the height in px of the HTML widget of v in a column of width px, rounded
// up to 10 px: the height of the snippets' iframes (embed.js then sets the exact one) and the
// oEmbed height. It interpolates heightTable; a long label can add a line or two.
func EstimateHeight(v widget.View, width int) int {
	kind := "une voie"
	switch {
	case len(v.Blocs) > 1:
		kind = "deux voies"
	case !v.HasFigures():
		kind = "sans chiffres"
	}
	row, ok := heightTable[kind][v.Audience]
	if !ok {
		row = heightTable[kind][widget.AudienceLycee]
	}
	last := len(heightWidths) - 1
	h := row[0]
	switch {
	case width >= heightWidths[last]:
		h = row[last]
	case width > heightWidths[0]:
		for i := 1; i <= last; i++ {
			if width <= heightWidths[i] {
				w0, w1 := heightWidths[i-1], heightWidths[i]
				h = row[i-1] + (row[i]-row[i-1])*(width-w0)/(w1-w0)
				break
			}
		}
	}
	return (h + 9) / 10 * 10
}

// frameRanges are the first widths (px) of the column ranges an editor picks from: phone,
// tablet, small and large desktop.
var frameRanges = [4]int{280, 480, 640, 1000}

// FrameHeight is the height in px of a plain iframe of v for a column the editor sized at width
// px (issue 13): the tallest the widget gets over the range of frameRanges holding width, so a
// reader at the narrow end of it never scrolls inside the frame. The heights fall as the column
// widens: it is the height at the range's first width; for a phone (width under 480, or 0 when
// no width was picked) the 280-px height, a 320-px phone less its page margins.
func FrameHeight(v widget.View, width int) int {
	lo := frameRanges[0]
	for _, w := range frameRanges {
		if w <= width {
			lo = w
		}
	}
	return max(EstimateHeight(v, lo), EstimateHeight(v, width))
}
