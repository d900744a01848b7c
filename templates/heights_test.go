package templates

import (
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
)

// TestEstimateHeight: the table, interpolated between its widths and rounded up to 10 px.
func TestEstimateHeight(t *testing.T) {
	one := func(a widget.Audience, st widget.State) widget.View {
		return widget.View{Audience: a, State: st, Blocs: []widget.Bloc{{State: st}}}
	}
	two := widget.View{Audience: widget.AudienceAccompagnateur, State: widget.StateOK, Blocs: []widget.Bloc{{State: widget.StateOK}, {State: widget.StateOK}}}
	tests := []struct {
		v     widget.View
		width int
		want  int
	}{
		{one(widget.AudienceCollege, widget.StateOK), 100, 770}, // 768 at 280 px and below
		{one(widget.AudienceCollege, widget.StateOK), 320, 730},
		{one(widget.AudienceCollege, widget.StateOK), 560, 610}, // 630 − 40 × 80/160 = 610
		{one(widget.AudienceCollege, widget.StateOK), 640, 590},
		{one(widget.AudienceCollege, widget.StateOK), 4000, 590},
		{one(widget.AudienceLycee, widget.StatePartiel), 480, 600}, // 595 → 600
		{one(widget.AudienceSuperieur, widget.StateMasque), 1000, 260},
		{one(widget.AudienceAccompagnateur, widget.StateSansDonnee), 400, 430}, // 482 − 118 × 80/160 = 423 → 430
		{one("", widget.StateInconnu), 320, 390},
		{two, 800, 1370}, // 1663 − 665 × 160/360 = 1367.4 → 1370
	}
	for _, tt := range tests {
		if got := EstimateHeight(tt.v, tt.width); got != tt.want {
			t.Errorf("%s %s %d blocs at %d px: %d, want %d", tt.v.Audience, tt.v.State, len(tt.v.Blocs), tt.width, got, tt.want)
		}
	}
}

// TestFrameHeight: the tallest height over the editor's width range, the phone's below 480 px.
func TestFrameHeight(t *testing.T) {
	college := widget.View{Audience: widget.AudienceCollege, State: widget.StateOK, Blocs: []widget.Bloc{{State: widget.StateOK}}}
	two := widget.View{Audience: widget.AudienceAccompagnateur, State: widget.StateOK, Blocs: []widget.Bloc{{State: widget.StateOK}, {State: widget.StateOK}}}
	tests := []struct {
		v     widget.View
		width int
		want  int
	}{
		{college, 0, 770},   // no width picked: a phone's, 768 at 280 px
		{college, 360, 770}, // not the 720 of 360 px: a 320-px phone's 280-px column is in the range
		{college, 479, 770},
		{college, 480, 630},
		{college, 768, 590},
		{college, 1280, 590},
		{two, 360, 2720},
		{two, 800, 1670}, // 1663 at 640 px, not the 1370 interpolated at 800 px
		{two, 1200, 1000},
	}
	for _, tt := range tests {
		if got := FrameHeight(tt.v, tt.width); got != tt.want {
			t.Errorf("%s %d blocs at %d px: %d, want %d", tt.v.Audience, len(tt.v.Blocs), tt.width, got, tt.want)
		}
	}
}
