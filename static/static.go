// Package static holds the files the widgets ship to browsers, embedded in the binary and served
// under /static/: the widget stylesheet, the widget's resize script, the partners' embed.js
// (also served at /embed.js) and the editors' preview script. No file needs an inline script, so
// every page runs under a CSP without 'unsafe-inline' scripts.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
)

// Files is the embedded static tree, served under /static/.
//
//go:embed *.css *.js
var Files embed.FS

// WidgetCSS is the base stylesheet of the HTML widget. The theme's colours come as CSS custom
// properties written before it; it uses no vh and no height:100% so the embed can size to content.
var WidgetCSS = mustRead("widget.css")

// WidgetCSSVersion is a short hash of WidgetCSS: the widget document links
// /static/widget.css?v=WidgetCSSVersion, so a browser refetches it only when it changes.
var WidgetCSSVersion = hash(WidgetCSS)

// EmbedJS is /embed.js: it turns <div data-ijwidget="/widgets/…"> elements of a partner page into
// iframes and sizes them from the widgets' height messages.
var EmbedJS = mustRead("embed.js")

// ResizeJS is the script of the widget document (/static/resize.js): it posts the widget's height
// to the parent page each time it changes.
var ResizeJS = mustRead("resize.js")

// ResizeVersion is a short hash of ResizeJS: the widget document asks for resize.js?v=ResizeVersion,
// so its body (and ETag) changes only when that script changes.
var ResizeVersion = hash(ResizeJS)

// Version is a short hash of the static files, part of cache keys and asset URLs.
var Version = hash(WidgetCSS + EmbedJS + ResizeJS + mustRead("preview.js") + mustRead("preview.css"))

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
