package main

import (
	"testing"
	"time"
)

func TestQuantile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{"none", nil, 0.5, 0},
		{"one", ms(7), 0.99, 7 * time.Millisecond},
		{"median of 4 (nearest rank)", ms(1, 2, 3, 4), 0.5, 2 * time.Millisecond},
		{"p50 of 1..100", ms(hundred...), 0.5, 50 * time.Millisecond},
		{"p99 of 1..100", ms(hundred...), 0.99, 99 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := quantile(tt.sorted, tt.q); got != tt.want {
			t.Errorf("%s: quantile %v = %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
}

func TestWithParam(t *testing.T) {
	for _, tt := range []struct{ u, want string }{
		{"http://h/w/1", "http://h/w/1?lg=0-3"},
		{"http://h/w/1?theme=dsfr", "http://h/w/1?theme=dsfr&lg=0-3"},
	} {
		if got := withParam(tt.u, "lg=0-3"); got != tt.want {
			t.Errorf("withParam(%q) = %q, want %q", tt.u, got, tt.want)
		}
	}
}
