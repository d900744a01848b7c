// Package static holds the files the widgets ship to browsers (CSS; later embed.js and icons),
// embedded in the binary and served under /static/.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
)

// Files is the embedded static tree, served under /static/.
//
//go:embed *.css
var Files embed.FS

// WidgetCSS is the base stylesheet of the HTML widget. The theme's colours come as CSS custom
// properties written before it; it uses no vh and no height:100% so the embed can size to content.
var WidgetCSS = mustRead("widget.css")

// Version is a short hash of the static files, part of cache keys and asset URLs.
var Version = hash(WidgetCSS)

func mustRead(name string) string {
	b, err := Files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
