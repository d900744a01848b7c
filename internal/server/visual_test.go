package server

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// visualTiles is the fixed subset of the gallery under visual regression.
var visualTiles = []string{
	"standard/dsfr/light/lycee/ok",
	"standard/contrast/light/college/ok",
	"standard/neutral/dark/accompagnateur/filieres",
	"barre/onisep/light/lycee/ok",
	"standard/lba/light/superieur/masque",
	"standard/dsfr/light/college/ok.svg",
}

// Tolerance of the comparison: a pixel differs when one channel moves by more than
// visualChannelDelta (of 255); a tile differs when more than visualMaxRatio of its pixels do
// (anti-aliasing moves a few edge pixels between runs, a changed layout moves thousands).
const (
	visualChannelDelta = 40
	visualMaxRatio     = 0.01
)

// TestVisualRegression screenshots a fixed subset of the gallery in chromium at 400 px and
// compares each with testdata/visual/*.png; -update rewrites them.
func TestVisualRegression(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx := browser(t)
	srv := httptest.NewServer(newServer(t, false))
	defer srv.Close()
	for _, tile := range visualTiles {
		name := strings.NewReplacer("/", "-", ".", "-").Replace(tile) + ".png"
		t.Run(name, func(t *testing.T) {
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(400, 600),
				chromedp.Navigate(srv.URL+"/gallery/tiles/"+tile),
			)
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "visual", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, shot, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./internal/server -run TestVisualRegression -update creates it)", err)
			}
			ratio, err := pixelDiff(want, shot)
			if err != nil || ratio > visualMaxRatio {
				out := filepath.Join(t.TempDir(), name)
				_ = os.WriteFile(out, shot, 0o644)
				t.Errorf("%s differs from %s: %v, %.2f%% of pixels (new screenshot: %s)", tile, path, err, 100*ratio, out)
			}
		})
	}
}

// pixelDiff returns the share of pixels that differ between two PNGs of the same size.
func pixelDiff(a, b []byte) (float64, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 1, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 1, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 1, fmt.Errorf("size %v, want %v", ib.Bounds().Size(), ia.Bounds().Size())
	}
	r := ia.Bounds()
	diff := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if channelsDiffer(ia, ib, x, y) {
				diff++
			}
		}
	}
	return float64(diff) / float64(r.Dx()*r.Dy()), nil
}

func channelsDiffer(a, b image.Image, x, y int) bool {
	r1, g1, b1, _ := a.At(x, y).RGBA()
	r2, g2, b2, _ := b.At(x, y).RGBA()
	d := func(p, q uint32) bool {
		p, q = p>>8, q>>8
		if p > q {
			return p-q > visualChannelDelta
		}
		return q-p > visualChannelDelta
	}
	return d(r1, r2) || d(g1, g2) || d(b1, b2)
}

func TestPixelDiff(t *testing.T) {
	img := func(c uint8, w int) []byte {
		m := image.NewGray(image.Rect(0, 0, w, 10))
		for i := range m.Pix {
			m.Pix[i] = c
		}
		m.Pix[0] = 255 - c
		var b bytes.Buffer
		_ = png.Encode(&b, m)
		return b.Bytes()
	}
	if r, err := pixelDiff(img(0, 10), img(0, 10)); err != nil || r != 0 {
		t.Errorf("same image: %v %v", r, err)
	}
	if r, _ := pixelDiff(img(0, 10), img(30, 10)); r != 0 { // every channel moves by 30: within the tolerance
		t.Errorf("small shift: %v", r)
	}
	if r, _ := pixelDiff(img(0, 10), img(100, 10)); r < 0.98 {
		t.Errorf("large change: %v", r)
	}
	if _, err := pixelDiff(img(0, 10), img(0, 11)); err == nil {
		t.Error("sizes must match")
	}
}
