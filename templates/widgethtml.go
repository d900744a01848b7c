package templates

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"

	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// The widget's body (Widget, its next steps and its data table) written in Go straight into the
// render buffer, as fragments.go does for the blocks: as templ components they cost a context per
// component, a bufio layer over the buffer, two allocations per URL attribute and five per spread
// class attribute (issue 11 item 5: about fifteen allocations and a third of an uncached HTML
// render). The bytes are those templ wrote (the goldens hold them); text and URLs are escaped as
// templ escapes them (html.EscapeString; templ.SafeURL is escaped, not sanitized).

// Widget is the widget itself: a header, one block per voie in the audience's words, a data
// table for every reader, and the footer.
func Widget(v widget.View, th themes.Theme) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if err := ctx.Err(); err != nil { // as a templ component: nothing into a cancelled context
			return err
		}
		sw := newSVGWriter(w)
		writeWidget(ctx, &sw, &v)
		return sw.err
	})
}

// writeWidget writes Widget(*v) to sw.
func writeWidget(ctx context.Context, sw *svgWriter, v *widget.View) {
	t := &v.Texts
	sw.str(`<main class="`)
	sw.esc(rootClassValue(v))
	sw.str(`" aria-labelledby="ijw-titre">`)
	if v.Demo {
		sw.tag(`<p class="ijw-demo">`, t.Demo, `</p>`)
	}
	sw.tag(`<h1 id="ijw-titre" class="ijw-titre">`, t.Titre, `</h1>`)
	sw.tag(`<p class="ijw-formation">`, t.Formation, `</p>`)
	sw.str(`<p class="ijw-lieu">`)
	sw.esc(t.Lieu)
	if t.Promotions != "" {
		sw.str(` · `)
		sw.esc(t.Promotions)
	}
	sw.str(`</p>`)
	if t.Notice != "" {
		sw.tag(`<p class="ijw-notice">`, t.Notice, `</p>`)
	}
	if t.Chapeau != "" {
		sw.tag(`<p class="ijw-chapeau">`, t.Chapeau, `</p>`)
	}
	switch {
	case v.MessageOnly && len(v.Suites) > 0:
		sw.tag(`<p class="ijw-message">`, v.MessageCourt, `</p>`)
		writeSuites(sw, v)
	case v.MessageOnly:
		sw.tag(`<p class="ijw-message">`, v.Message, `</p>`)
		if len(v.Candidats) > 0 {
			sw.str(`<ul class="ijw-candidats">`)
			for i := range v.Candidats {
				c := &v.Candidats[i]
				writeLinkItem(sw, c.Href, c.Libelle)
				sw.str(` <span class="ijw-code">`)
				sw.esc(c.Codes)
				sw.str(`</span></li>`)
			}
			sw.str(`</ul>`)
		}
	default:
		sw.str(`<div class="`)
		sw.esc(blocsClassValue(len(v.Blocs)))
		sw.str(`">`)
		for i := range v.Blocs {
			b := &v.Blocs[i]
			if len(v.Blocs) > 1 {
				id := blocID(i)
				sw.str(`<section class="ijw-bloc" aria-labelledby="`)
				sw.esc(id)
				sw.str(`"><h2 id="`)
				sw.esc(id)
				sw.str(`" class="ijw-voie">`)
				sw.esc(b.Heading)
				sw.str(`</h2>`)
				if b.Note != "" {
					sw.tag(`<p class="ijw-notice ijw-notice--bloc">`, b.Note, `</p>`)
				}
				writeBloc(ctx, sw, v, b)
				sw.str(`</section>`)
			} else {
				sw.str(`<div class="ijw-bloc">`)
				writeBloc(ctx, sw, v, b)
				sw.str(`</div>`)
			}
		}
		sw.str(`</div>`)
	}
	if t.Regle != "" {
		sw.tag(`<p class="ijw-regle">`, t.Regle, `</p>`)
	}
	sw.str(`<footer class="ijw-pied"><p>`)
	sw.esc(t.SourceLine)
	sw.str(` <a href="`)
	sw.esc(t.SourceURL)
	sw.str(`" target="_blank" rel="noopener">`)
	sw.esc(t.EnSavoirPlus)
	sw.str(`<span class="ijw-sr">(nouvelle fenêtre)</span></a></p>`)
	if t.DateLine != "" || len(t.Donnees) > 0 {
		sw.str(`<p class="ijw-donnees-liens">`)
		if t.DateLine != "" {
			sw.esc(t.DateLine)
			sw.str(` `)
		}
		if len(t.Donnees) > 0 {
			sw.esc(t.DonneesIntro)
			sw.str(` `)
		}
		for i := range t.Donnees {
			l := &t.Donnees[i]
			if i > 0 {
				sw.str(` · `)
			}
			sw.str(` <a href="`)
			sw.esc(l.Href)
			sw.str(`" target="_blank" rel="noopener">`)
			sw.esc(l.Libelle)
			sw.str(`<span class="ijw-sr">(nouvelle fenêtre)</span></a>`)
		}
		sw.str(`</p>`)
	}
	sw.str(`</footer></main>`)
}

// rootClassValue is rootClass(v), built once per state × audience × title flag (classes.go).
func rootClassValue(v *widget.View) string {
	return clsValue(classKey{kind: "root", a: string(v.State), b: string(v.Audience), flag: v.Request.HideTitle},
		func() string { return rootClass(*v) })
}

// blocsClassValue is blocsClass(n), built once per count.
func blocsClassValue(n int) string {
	if n >= 1 && n <= len(blocsClasses) {
		return blocsClasses[n-1]
	}
	return blocsClass(n)
}

// blocsClasses are blocsClass of 1 to 8 blocks (a famille has a few specialties).
var blocsClasses = func() (out [8]string) {
	for i := range out {
		out[i] = blocsClass(i + 1)
	}
	return out
}()

// writeSuites writes the next steps of a widget without figures: links inside the widget (issue 13).
func writeSuites(sw *svgWriter, v *widget.View) {
	if len(v.Suites) == 0 {
		return
	}
	sw.tag(`<p class="ijw-suites-intro">`, v.SuitesIntro, `</p><ul class="ijw-suites">`)
	for i := range v.Suites {
		l := &v.Suites[i]
		writeLinkItem(sw, l.Href, l.Libelle)
		sw.str(`</li>`)
	}
	sw.str(`</ul>`)
}

// writeBloc writes one voie of the widget: its state message when it has no figures, else the
// template's figures and the data table.
func writeBloc(ctx context.Context, sw *svgWriter, v *widget.View, b *widget.Bloc) {
	if sw.err != nil {
		return
	}
	if !b.HasFigures() {
		if b.Effectif != "" {
			sw.tag(`<p class="ijw-effectif">`, b.Effectif, `</p>`)
		}
		sw.tag(` <p class="ijw-message">`, b.Message, `</p>`)
		return
	}
	t := mustTemplate(v.Request.Template)
	if t.standard {
		writeStandard(ctx, sw, v, b)
	} else if err := t.HTML(*v, *b).Render(ctx, sw.w); err != nil {
		sw.err = err
		return
	}
	writeDataTable(sw, v, b)
}

// writeDataTable writes the figures as a real table (RGAA 1.6/1.7), in a disclosure every
// reader can open.
func writeDataTable(sw *svgWriter, v *widget.View, b *widget.Bloc) {
	sw.str(`<details class="ijw-donnees"`)
	if v.Audience == widget.AudienceAccompagnateur {
		sw.str(` open`)
	}
	sw.tag(`><summary>Voir les données en tableau</summary><table><caption>`, b.Caption, `</caption> <thead><tr><th scope="col">`)
	sw.esc(v.Texts.ColSituation)
	sw.tag(`</th><th scope="col" class="ijw-num">`, v.Texts.ColPart, `</th><th scope="col" class="ijw-num">`)
	sw.esc(v.Texts.ColNombre)
	sw.str(`</th></tr></thead> <tbody>`)
	for i := range b.Table {
		r := &b.Table[i]
		sw.tag(`<tr><th scope="row">`, r.Label, `</th><td>`)
		sw.esc(r.Figure)
		if r.Dash {
			sw.tag(`</td><td><span aria-hidden="true">–</span><span class="ijw-sr">`, r.Count, `</span></td></tr>`)
		} else {
			sw.tag(`</td><td>`, r.Count, `</td></tr>`)
		}
	}
	sw.str(`</tbody></table></details>`)
}

// tag writes open, s escaped, then closing: an element with its text.
func (sw *svgWriter) tag(open, s, closing string) {
	sw.str(open)
	sw.esc(s)
	sw.str(closing)
}

// blocIDs are the ids of the first blocks, written once.
var blocIDs = func() (out [8]string) {
	for i := range out {
		out[i] = "ijw-bloc-" + strconv.Itoa(i+1)
	}
	return out
}()

// writeLinkItem opens a list item with a link to href reading label, both escaped; the caller
// closes the item.
func writeLinkItem(sw *svgWriter, href, label string) {
	sw.str(`<li><a href="`)
	sw.esc(href)
	sw.str(`">`)
	sw.esc(label)
	sw.str(`</a>`)
}
