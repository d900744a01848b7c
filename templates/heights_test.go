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
		{one(widget.AudienceCollege, widget.StateOK), 100, 950}, // 944 at 280 px and below
		{one(widget.AudienceCollege, widget.StateOK), 320, 910},
		{one(widget.AudienceCollege, widget.StateOK), 560, 720}, // 736 − 40 × 80/160 = 716 → 720
		{one(widget.AudienceCollege, widget.StateOK), 640, 700},
		{one(widget.AudienceCollege, widget.StateOK), 4000, 660},
		{one(widget.AudienceLycee, widget.StatePartiel), 480, 710}, // 706 → 710
		{one(widget.AudienceSuperieur, widget.StateMasque), 1000, 280},
		{one(widget.AudienceAccompagnateur, widget.StateSansDonnee), 400, 470}, // 525 − 118 × 80/160 = 466 → 470
		{one("", widget.StateInconnu), 320, 430},
		{two, 800, 1390}, // 1667 − 645 × 160/360 = 1380.3 → 1390
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
		{college, 0, 950},   // no width picked: a phone's, 944 at 280 px
		{college, 360, 950}, // not the 910 of 320 px: a 320-px phone's 280-px column is in the range
		{college, 479, 950},
		{college, 480, 740},
		{college, 768, 700},
		{college, 1280, 660},
		{two, 360, 2850},
		{two, 800, 1670}, // 1667 at 640 px, not the 1390 interpolated at 800 px
		{two, 1200, 1030},
	}
	for _, tt := range tests {
		if got := FrameHeight(tt.v, tt.width); got != tt.want {
			t.Errorf("%s %d blocs at %d px: %d, want %d", tt.v.Audience, len(tt.v.Blocs), tt.width, got, tt.want)
		}
	}
}
