package widget

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"net/url"
	"strconv"
	"strings"
)

// The embed codes of a widget (SPEC §9, issue 13 "Integrators"): written here, from the view and
// measured sizes, so the preview, the configurator and oEmbed paste the same code. Every code
// works on a partner page whose only policy is
//
//	Content-Security-Policy: default-src 'self'; script-src SVC; frame-src SVC; img-src SVC
//
// (SVC: the service's origin): no style attribute (style-src falls back to 'self', which refuses
// inline styles), sizes as attributes, and embed.js sizes its iframes through the CSSOM
// (el.style.height), which a style-src does not govern.

// SnippetKind names one embed code.
type SnippetKind string

// The embed codes, in the order Snippets returns them.
const (
	SnippetScript SnippetKind = "script" // div + embed.js: sized to the widget at every width (recommended)
	SnippetIFrame SnippetKind = "iframe" // a plain iframe, sized for the column the editor picked
	SnippetImage  SnippetKind = "image"  // the SVG image, the layout chosen for the column
	SnippetOEmbed SnippetKind = "oembed" // the widget page URL, for CMSs that discover oEmbed
)

// Snippet is one copy-paste-ready embed code.
type Snippet struct {
	Kind        SnippetKind
	Label       string // its French name, for a tab or a heading ("Script (recommandé)")
	Recommended bool   // the code to paste first: the script (issue 13)
	Code        string // the code itself (HTML, or the page URL for SnippetOEmbed)
}

// ImageSize is one SVG layout of the widget with its size in px (the SVG renderer measures it).
type ImageSize struct {
	Layout        Layout // LayoutVertical or LayoutHorizontal
	Width, Height int
}

// SnippetOptions is what the snippets need that widget cannot compute: the deployment's lists
// (the defaults left out of the URLs) and the sizes the templates measure.
type SnippetOptions struct {
	Options Options
	// FrameHeight is the height (px) of the iframes as pasted: templates.FrameHeight for the
	// column width the editor picked (the tallest the widget gets over that width range).
	FrameHeight int
	// Images are the SVG layouts with their sizes: vertical (320 px) and horizontal (720 px).
	Images []ImageSize
}

// WideBreakpoint is the viewport width (px) from which the image snippet shows the 720-px
// horizontal layout: 720 px of image and 24 px of page margin each side. Below, the 320-px
// vertical layout: a wide image is never scaled below its readable size (issue 13).
const WideBreakpoint = 768

// Param is one query parameter of a URL the service writes.
type Param struct{ Key, Value string }

// QueryOrder is the order of the known query parameters in the URLs the service writes. embed.js
// appends its data-* parameters in the same order after those of data-ijwidget, so the no-script
// iframe of a snippet and the iframe embed.js makes of it have the same URL.
var QueryOrder = []string{"title", "partner", "theme", "audience", "template", "scheme", "layout", "vue", "millesime"}

// CanonicalQuery returns the query of r as the service writes it, in QueryOrder: the parameters
// whose value is not the default (for r's partner, from opt). It depends on r alone, like the
// ETag and the body: the same widget always gets the same URL, and unknown parameters
// (utm_source…) never reach it.
func CanonicalQuery(r Request, opt Options) []Param {
	defTheme, defAudience := "", Audience("")
	if len(opt.Themes) > 0 {
		defTheme = opt.Themes[0]
	}
	if p, ok := opt.Partners[r.Partner]; ok {
		if len(p.Themes) > 0 {
			defTheme = p.Themes[0]
		}
		if p.Theme != "" {
			defTheme = p.Theme
		}
		defAudience = p.Audience
	}
	var out []Param
	add := func(k, v string, set bool) {
		if set {
			out = append(out, Param{k, v})
		}
	}
	add("title", "0", r.HideTitle)
	add("partner", r.Partner, r.Partner != "")
	add("theme", r.Theme, r.Theme != defTheme)
	add("audience", string(r.Audience), r.Audience != defAudience)
	add("template", r.Template, r.Template != "")
	add("scheme", r.Scheme, r.Scheme != "auto" && r.Scheme != "")
	add("layout", string(r.Layout), r.Layout != LayoutAuto && r.Layout != "")
	add("vue", "filieres", r.Filieres && len(r.Codes) == 1)
	add("millesime", string(r.Millesime), r.Millesime != "")
	return out
}

// EncodeQuery writes ps as a URL query, in their order, without the "?".
func EncodeQuery(ps []Param) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Key) + "=" + url.QueryEscape(p.Value))
	}
	return b.String()
}

// WithQuery appends ps to path ("?" and EncodeQuery) when there are any.
func WithQuery(path string, ps []Param) string {
	if len(ps) == 0 {
		return path
	}
	return path + "?" + EncodeQuery(ps)
}

// PageURL is the absolute URL of the HTML widget page of r under publicURL (no trailing slash).
func PageURL(publicURL string, r Request, opt Options) string {
	return publicURL + WithQuery(Path(r), CanonicalQuery(r, opt))
}

// Snippets returns the embed codes of the widget of v under publicURL (the service's public base
// URL, no trailing slash), in this order: script (Recommended), iframe, image, oembed. Every
// attribute value is HTML-escaped; none has a style attribute.
func Snippets(publicURL string, v View, o SnippetOptions) []Snippet {
	r := v.Request
	query := CanonicalQuery(r, o.Options)
	src := publicURL + WithQuery(Path(r), query)
	height := o.FrameHeight
	if height <= 0 {
		height = 640
	}
	return []Snippet{
		{Kind: SnippetScript, Label: "Script (recommandé)", Recommended: true, Code: scriptSnippet(publicURL, Path(r), query, src, v.Texts.Title, height)},
		{Kind: SnippetIFrame, Label: "Iframe (sans script, hauteur fixe)", Code: iframeTag(src, v.Texts.Title, height)},
		{Kind: SnippetImage, Label: "Image (sans script ni iframe)", Code: imageSnippet(publicURL+Path(r)+".svg", query, v.Texts.Alt, r.Layout, o.Images)},
		{Kind: SnippetOEmbed, Label: "Adresse oEmbed (CMS)", Code: src},
	}
}

// SnippetOf returns the code of kind in sn, or "".
func SnippetOf(sn []Snippet, kind SnippetKind) string {
	for _, s := range sn {
		if s.Kind == kind {
			return s.Code
		}
	}
	return ""
}

// iframeTag is a plain iframe: full width, a fixed height, no border (frameborder: a presentational
// attribute, where border:0 would need a style), lazily loaded.
func iframeTag(src, title string, height int) string {
	return `<iframe src="` + html.EscapeString(src) + `" title="` + html.EscapeString(title) + `" width="100%" height="` +
		strconv.Itoa(height) + `" frameborder="0" loading="lazy"></iframe>`
}

// scriptSnippet is a div that embed.js turns into an iframe sized to the widget, holding the
// iframe shown without script. That iframe carries its id (#ijw=…) from the start: embed.js keeps
// it as it is, and the widget posts its height (and its title) under that id. No data-title: the
// widget names its own iframe, so a code changed in data-ijwidget never keeps a stale title.
func scriptSnippet(base, path string, query []Param, src, title string, height int) string {
	sum := sha256.Sum256([]byte(src))
	framed := iframeTag(src+"#ijw=ijw-"+hex.EncodeToString(sum[:4]), title, height)
	// data-ijwidget carries title=0; the other parameters are data-* attributes.
	dataPath := path
	var attrs strings.Builder
	for _, p := range query {
		if p.Key == "title" {
			dataPath += "?title=0"
			continue
		}
		attrs.WriteString(` data-` + p.Key + `="` + html.EscapeString(p.Value) + `"`)
	}
	return `<div data-ijwidget="` + html.EscapeString(dataPath) + `"` + attrs.String() + `>` + "\n" +
		"  " + framed + "\n" +
		`</div>` + "\n" +
		`<script src="` + html.EscapeString(base+"/embed.js") + `" async></script>`
}

// imageSnippet is the SVG image. With both layouts measured and no layout asked, a <picture>:
// the horizontal layout from WideBreakpoint, the vertical one below (a media query, not srcset
// width descriptors: those treat the two layouts as one picture at two resolutions and would
// show the wide one on a dense phone screen). Sizes are attributes; the image keeps its own width
// (an image scales only by the page's own CSS, e.g. img{max-width:100%;height:auto}).
func imageSnippet(svg string, query []Param, alt string, asked Layout, images []ImageSize) string {
	urlFor := func(l Layout) string {
		var q []Param
		for _, p := range query {
			if p.Key != "layout" {
				q = append(q, p)
			}
		}
		if l == LayoutHorizontal { // vertical is the image's default
			q = insertParam(q, Param{"layout", string(LayoutHorizontal)})
		}
		return WithQuery(svg, q)
	}
	size := func(im ImageSize) string {
		return ` width="` + strconv.Itoa(im.Width) + `" height="` + strconv.Itoa(im.Height) + `"`
	}
	var vert, horiz *ImageSize
	for i := range images {
		switch images[i].Layout {
		case LayoutVertical:
			vert = &images[i]
		case LayoutHorizontal:
			horiz = &images[i]
		}
	}
	img := func(im *ImageSize, l Layout) string {
		s := `<img src="` + html.EscapeString(urlFor(l)) + `" alt="` + html.EscapeString(alt) + `"`
		if im != nil {
			s += size(*im)
		}
		return s + ` loading="lazy">`
	}
	switch {
	case asked == LayoutHorizontal:
		return img(horiz, LayoutHorizontal)
	case asked == LayoutVertical || vert == nil || horiz == nil:
		return img(vert, LayoutVertical)
	}
	return `<picture>` + "\n" +
		`  <source media="(min-width: ` + strconv.Itoa(WideBreakpoint) + `px)" srcset="` + html.EscapeString(urlFor(LayoutHorizontal)) + `"` + size(*horiz) + `>` + "\n" +
		"  " + img(vert, LayoutVertical) + "\n" +
		`</picture>`
}

// insertParam inserts p into ps at its place in QueryOrder.
func insertParam(ps []Param, p Param) []Param {
	rank := func(k string) int {
		for i, o := range QueryOrder {
			if o == k {
				return i
			}
		}
		return len(QueryOrder)
	}
	out := make([]Param, 0, len(ps)+1)
	done := false
	for _, q := range ps {
		if !done && rank(q.Key) > rank(p.Key) {
			out, done = append(out, p), true
		}
		out = append(out, q)
	}
	if !done {
		out = append(out, p)
	}
	return out
}
