package templates

import "github.com/ijwidgets/ijwidgets/widget"

// heightWidths are the widths (px) of the columns of heightTable.
var heightWidths = [4]int{320, 480, 640, 1000}

// heightTable gives the heights (px) of HTML widgets at heightWidths, measured in chromium on
// the real data (32032002 and 23220034307 in Île-de-France, 23220022349 for a small group).
// It belongs to the HTML templates: a change of their layout is measured again here.
var heightTable = map[string]map[widget.Audience][4]int{
	"une voie": {
		widget.AudienceCollege: {700, 625, 590, 590}, widget.AudienceLycee: {760, 595, 590, 445},
		widget.AudienceSuperieur: {725, 515, 445, 370}, widget.AudienceAccompagnateur: {1150, 970, 885, 765},
	},
	"deux voies": {
		widget.AudienceCollege: {1370, 1150, 1120, 645}, widget.AudienceLycee: {1395, 1360, 1060, 615},
		widget.AudienceSuperieur: {1380, 1275, 840, 535}, widget.AudienceAccompagnateur: {2390, 1855, 1720, 1060},
	},
	"sans chiffres": {
		widget.AudienceCollege: {360, 315, 285, 260}, widget.AudienceLycee: {385, 315, 285, 260},
		widget.AudienceSuperieur: {385, 315, 285, 260}, widget.AudienceAccompagnateur: {485, 365, 335, 315},
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
	h := row[0]
	switch {
	case width >= heightWidths[3]:
		h = row[3]
	case width > heightWidths[0]:
		for i := 1; i < 4; i++ {
			if width <= heightWidths[i] {
				w0, w1 := heightWidths[i-1], heightWidths[i]
				h = row[i-1] + (row[i]-row[i-1])*(width-w0)/(w1-w0)
				break
			}
		}
	}
	return (h + 9) / 10 * 10
}

// FrameHeight is the height in px of a plain iframe of v for a column the editor sized at width
// px (issue 13): the tallest the widget gets over that range of heightWidths, so a reader at the
// narrow end of it never scrolls inside the frame. The heights fall as the column widens: it is
// the height at the range's narrowest width, and at 320 px for a phone (width under 480, or 0
// when no width was picked).
func FrameHeight(v widget.View, width int) int {
	lo := heightWidths[0]
	for _, w := range heightWidths {
		if w <= width {
			lo = w
		}
	}
	return max(EstimateHeight(v, lo), EstimateHeight(v, width))
}
