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
		{one(widget.AudienceCollege, widget.StateOK), 100, 700},
		{one(widget.AudienceCollege, widget.StateOK), 320, 700},
		{one(widget.AudienceCollege, widget.StateOK), 560, 610}, // 625 − 35 × 80/160 = 607.5 → 610
		{one(widget.AudienceCollege, widget.StateOK), 640, 590},
		{one(widget.AudienceCollege, widget.StateOK), 4000, 590},
		{one(widget.AudienceLycee, widget.StatePartiel), 480, 600}, // 595 → 600
		{one(widget.AudienceSuperieur, widget.StateMasque), 1000, 260},
		{one(widget.AudienceAccompagnateur, widget.StateSansDonnee), 400, 430}, // 485 − 120 × 80/160 = 425 → 430
		{one("", widget.StateInconnu), 320, 390},
		{two, 800, 1430}, // 1720 − 660 × 160/360 = 1426.7 → 1430
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
		{college, 0, 700},   // no width picked: a phone's
		{college, 360, 700}, // not the 690 of 360 px: a 320-px phone in the same range
		{college, 479, 700},
		{college, 480, 630}, // 625 → 630
		{college, 768, 590},
		{college, 1280, 590},
		{two, 360, 2390},
		{two, 800, 1720}, // not the 1430 interpolated at 800 px
		{two, 1200, 1060},
	}
	for _, tt := range tests {
		if got := FrameHeight(tt.v, tt.width); got != tt.want {
			t.Errorf("%s %d blocs at %d px: %d, want %d", tt.v.Audience, len(tt.v.Blocs), tt.width, got, tt.want)
		}
	}
}
