package cli

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

// TestLogBufferKeepsEveryLine: lines written concurrently are all there after Close, in whole
// lines, and the last ones reach the writer only with a flush.
func TestLogBufferKeepsEveryLine(t *testing.T) {
	var out syncBuffer
	b := newLogBuffer(&out, time.Hour)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				_, _ = b.Write([]byte("{\"msg\":\"request\"}\n"))
			}
		})
	}
	wg.Wait()
	if got := len(out.String()); got >= 8000*18 {
		t.Errorf("%d bytes written before Close: not buffered", got)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), bytes.Repeat([]byte("{\"msg\":\"request\"}\n"), 8000); got != string(want) {
		t.Errorf("after Close: %d bytes, want %d", len(got), len(want))
	}
}

// TestLogBufferFlushesPeriodically: a line reaches the writer within the interval, without Close.
func TestLogBufferFlushesPeriodically(t *testing.T) {
	var out syncBuffer
	b := newLogBuffer(&out, time.Millisecond)
	defer b.Close()
	_, _ = b.Write([]byte("line\n"))
	for range 5000 {
		if out.String() == "line\n" {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Errorf("not flushed: %q", out.String())
}
