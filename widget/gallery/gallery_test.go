package gallery

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
)

var opts = Options{
	Themes: []string{"dsfr", "contrast"},
	Templates: []Template{
		{Name: "standard", Label: "Pictogrammes", Audiences: widget.Audiences},
		{Name: "barre", Label: "Barre", Audiences: []widget.Audience{widget.AudienceLycee}},
	},
	States: []string{"ok", "masque"},
}

// Issue 13: a value outside its closed list or range is a 400 naming the parameter, in French,
// never repeating the value (it used to be dropped: a 200 with page 1 and every combination).
func TestParseRefuses(t *testing.T) {
	for _, tt := range []struct {
		query, param string
	}{
		{"theme=zzqq", "theme"},
		{"page=-1", "page"},
		{"page=0", "page"},
		{"page=abc", "page"},
		{"page=99999999999999999999", "page"},
		{"page=1001", "page"},
		{"state=zzqq", "state"},
		{"audience=zzqq", "audience"},
		{"template=zzqq", "template"},
		{"scheme=auto", "scheme"},
		{"surface=zzqq", "surface"},
		{"theme=dsfr&theme=contrast", "theme"},
	} {
		q, _ := url.ParseQuery(tt.query)
		_, err := Parse(q, opts)
		var ie *widget.InputError
		if !errors.As(err, &ie) || ie.Param != tt.param || ie.Message == "" || strings.Contains(ie.Message, "zzqq") || strings.Contains(ie.Message, "abc") {
			t.Errorf("%s: %v, want an InputError on %s", tt.query, err, tt.param)
		}
	}
	q, _ := url.ParseQuery("theme=contrast&audience=lycee&template=barre&scheme=dark&surface=svg&state=ok&page=3")
	f, err := Parse(q, opts)
	if want := (Filter{State: "ok", Theme: "contrast", Audience: "lycee", Template: "barre", Scheme: "dark", Surface: "svg", Page: 3}); err != nil || f != want {
		t.Errorf("%+v %v, want %+v", f, err, want)
	}
	if f, err := Parse(url.Values{}, opts); err != nil || f != (Filter{Scheme: "light", Page: 1}) {
		t.Errorf("defaults: %+v %v", f, err)
	}
}

// Issue 13: "1 combinaisons" — 0 and 1 are singular; a page past the last links the last page;
// a template not written for the audience says so.
func TestNewPage(t *testing.T) {
	for _, tt := range []struct {
		name, query         string
		status, reason      string
		prev, next          string
		pastLast            bool
		from, to, last, tot int
	}{
		{name: "one", query: "template=barre&theme=dsfr&audience=lycee&state=ok", tot: 1, to: 1, last: 1,
			status: "1 combinaison, 1 à 1 affichée. Filtrez d’abord : chaque page en montre au plus 12."},
		{name: "barre for collège", query: "template=barre&audience=college", last: 1,
			status: "0 combinaison. Filtrez d’abord : chaque page en montre au plus 12.",
			reason: "Le modèle barre n'est pas proposé pour l'audience college : il est fait pour l'audience lycee."},
		{name: "all, page 1", query: "", tot: 2*4*2 + 2*2, to: 12, last: 2,
			status: "20 combinaisons, 1 à 12 affichées. Filtrez d’abord : chaque page en montre au plus 12.", next: "/gallery?page=2&scheme=light"},
		{name: "all, page 2", query: "page=2", tot: 20, from: 12, to: 20, last: 2,
			status: "20 combinaisons, 13 à 20 affichées. Filtrez d’abord : chaque page en montre au plus 12.", prev: "/gallery?scheme=light"},
		{name: "past the last", query: "page=1000&theme=dsfr", tot: 10, from: 10, to: 10, last: 1, pastLast: true,
			status: "10 combinaisons ; cette page est au-delà de la dernière (page 1). Filtrez d’abord : chaque page en montre au plus 12.", prev: "/gallery?scheme=light&theme=dsfr"},
	} {
		q, _ := url.ParseQuery(tt.query)
		f, err := Parse(q, opts)
		if err != nil {
			t.Fatal(err)
		}
		n := len(Combos(f, opts))
		p := NewPage(f, opts, n)
		if n != tt.tot || p.Status != tt.status || p.Reason != tt.reason || p.Prev != tt.prev || p.Next != tt.next || p.PastLast != tt.pastLast ||
			p.From != tt.from || p.To != tt.to || p.Last != tt.last {
			t.Errorf("%s: %d combos, page %+v", tt.name, n, p)
		}
	}
}
