package templates

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Fragments of the HTML widget's hot path as Go components, written straight into the render
// buffer: as templ components each call cost a context, a closure and, for a spread class
// attribute, two string concatenations (issue 11 item 5: templ's machinery was most of an
// uncached HTML render's allocations). They write the bytes the templ markup wrote (the goldens
// hold them) and are called from .templ files as before (@pictos(b), @stateNote(b), @catHead(r),
// @bloc(v, b)); the document (Page), the standard template's dispatch and its lycée family are
// here whole. Text is escaped as templ escapes it (svgWriter.esc).

// pictosFrag is the ten pictograms of a voie with their text alternative.
type pictosFrag struct {
	has   bool
	label string
	p     widget.Pictogrammes
}

func pictos(b widget.Bloc) pictosFrag {
	return pictosFrag{has: b.HasPictos, label: b.PictosLabel, p: b.Pictos}
}

// Render implements templ.Component.
func (f pictosFrag) Render(_ context.Context, w io.Writer) error {
	sw := newSVGWriter(w)
	writePictos(&sw, f.has, f.label, f.p)
	return sw.err
}

// writePictos writes pictosFrag{has, label, p}.
func writePictos(sw *svgWriter, has bool, label string, p widget.Pictogrammes) {
	if !has {
		return
	}
	sw.str(`<div class="ijw-pictos" role="img" aria-label="`)
	sw.esc(label)
	sw.str(`">`)
	sw.str(PictosSVG(p))
	sw.str(`</div>`)
}

// stateNoteFrag is the state message of a voie with figures ("" none).
type stateNoteFrag string

func stateNote(b widget.Bloc) stateNoteFrag { return stateNoteFrag(b.Message) }

// Render implements templ.Component.
func (f stateNoteFrag) Render(_ context.Context, w io.Writer) error {
	sw := newSVGWriter(w)
	writeStateNote(&sw, string(f))
	return sw.err
}

// writeStateNote writes stateNoteFrag(msg).
func writeStateNote(sw *svgWriter, msg string) {
	if msg != "" {
		sw.tag(`<p class="ijw-message">`, msg, `</p>`)
	}
}

// catHeadFrag is a category's icon and label.
type catHeadFrag struct{ key, label string }

func catHead(r widget.Row) catHeadFrag { return catHeadFrag{key: r.Key, label: r.Label} }

// Render implements templ.Component.
func (f catHeadFrag) Render(_ context.Context, w io.Writer) error {
	sw := newSVGWriter(w)
	f.write(&sw)
	return sw.err
}

func (f catHeadFrag) write(sw *svgWriter) {
	sw.str(`<p class="ijw-cat-head">`)
	sw.str(IconSVG(f.key))
	sw.str(`<span class="ijw-cat-label">`)
	sw.esc(f.label)
	sw.str(`</span></p>`)
}

// writeLyceeRow writes one category of the lycée family (blocLycee): icon and label, share,
// count and definition.
func writeLyceeRow(sw *svgWriter, r *widget.Row) {
	sw.str(`<li class="ijw-cat ijw-cat--`)
	sw.esc(r.Key)
	sw.str(`">`)
	catHeadFrag{key: r.Key, label: r.Label}.write(sw)
	sw.str(`<span class="ijw-taux`)
	if !r.Published { // figureClass("ijw-taux", *r), without building it
		sw.str(` ijw-taux--nd`)
	}
	sw.str(`">`)
	sw.esc(r.Figure)
	sw.str(`</span> `)
	if r.Count != "" {
		sw.str(`<span class="ijw-nombre">`)
		sw.esc(r.Count)
		sw.str(`</span> `)
	}
	sw.str(`<details class="ijw-def"><summary>Définition<span class="ijw-sr"> : `)
	sw.esc(r.Label)
	sw.str(`</span></summary><p>`)
	sw.esc(r.Definition)
	sw.str(`</p></details></li>`)
}

// Page is the full HTML document of a widget, made to live in an iframe (SPEC §7, §9).
func Page(d PageData) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error { return WritePage(ctx, w, &d) })
}

// WritePage writes Page(*d) to w: the document's head written directly (URLs sanitized as templ
// sanitizes them, templ.URL), then the Widget component.
func WritePage(ctx context.Context, w io.Writer, d *PageData) error {
	if err := ctx.Err(); err != nil { // as a templ component: nothing into a cancelled context
		return err
	}
	sw := newSVGWriter(w)
	sw.str(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="`)
	sw.esc(colorScheme(d.View.Request.Scheme))
	sw.str(`"><title>`)
	sw.esc(d.View.Texts.Formation)
	sw.str(` – `)
	sw.esc(d.View.Texts.Lieu)
	sw.str(` – InserJeunes</title>`)
	if d.OEmbedURL != "" {
		sw.str(`<link rel="alternate" type="application/json+oembed" href="`)
		sw.esc(string(templ.URL(d.OEmbedURL)))
		sw.str(`" title="`)
		sw.esc(d.View.Texts.Title)
		sw.str(`">`)
	}
	for _, href := range d.StyleHrefs {
		sw.str(`<link rel="stylesheet" href="`)
		sw.esc(string(templ.URL(href)))
		sw.str(`">`)
	}
	if d.ScriptSrc != "" {
		sw.str(`<script src="`)
		sw.esc(string(templ.URL(d.ScriptSrc)))
		sw.str(`" defer></script>`)
	}
	sw.str(`</head><body>`)
	writeWidget(ctx, &sw, &d.View)
	sw.str(`</body></html>`)
	return sw.err
}

// standardHTML is the "standard" template: each audience's own family.
func standardHTML(v widget.View, b widget.Bloc) templ.Component {
	switch v.Audience {
	case widget.AudienceCollege:
		return blocCollege(b)
	case widget.AudienceSuperieur:
		return blocSuperieur(b)
	case widget.AudienceAccompagnateur:
		return blocAccompagnateur(b)
	}
	return &blocLyceeFrag{b}
}

// writeStandard is standardHTML(*v, *b) written to sw: the lycée family directly, the others
// through their templ components.
func writeStandard(ctx context.Context, sw *svgWriter, v *widget.View, b *widget.Bloc) {
	if v.Audience != widget.AudienceCollege && v.Audience != widget.AudienceSuperieur && v.Audience != widget.AudienceAccompagnateur {
		writeLycee(sw, b)
		return
	}
	if sw.err == nil {
		sw.err = standardHTML(*v, *b).Render(ctx, sw.w)
	}
}

// blocLyceeFrag: the share first, pictograms as support, a one-line definition per category.
type blocLyceeFrag struct{ b widget.Bloc }

// Render implements templ.Component.
func (f *blocLyceeFrag) Render(_ context.Context, w io.Writer) error {
	sw := newSVGWriter(w)
	writeLycee(&sw, &f.b)
	return sw.err
}

// writeLycee writes the lycée family of b to sw.
func writeLycee(sw *svgWriter, b *widget.Bloc) {
	writePictos(sw, b.HasPictos, b.PictosLabel, b.Pictos)
	if b.Effectif != "" {
		sw.tag(`<p class="ijw-effectif">`, b.Effectif, `</p>`)
	}
	writeStateNote(sw, b.Message)
	sw.str(`<ul class="ijw-cats">`)
	for i := range b.Rows {
		writeLyceeRow(sw, &b.Rows[i])
	}
	sw.str(`</ul>`)
}
