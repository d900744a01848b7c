package server

import (
	"strings"
	"sync"
	"testing"
)

// TestPreviewSearchReal (issue 13): on the real data, the configurator's search finds what an
// editor means by "plombier", "mecanique auto" and "infirmier" (literal before: nothing), links
// each code of a found training, says how many there are, and pages; eight editors searching at
// once get the same pages (go test -race).
func TestPreviewSearchReal(t *testing.T) {
	s := newServer(t, true)
	tests := []struct {
		q    string
		want []string
	}{
		{"plombier", []string{`<span role="status">35 formations trouvées, 1 à 20.</span>`,
			`<span class="ijp-libelle">Monteur en installations du génie climatique et sanitaire (BP)</span> <span class="ijp-aide">ancien intitulé</span>`,
			`<a href="/preview?code=50023324&amp;q=plombier#apercu">Apprentissage (50023324)</a>`,
			`<a href="/preview?page=2&amp;q=plombier#resultats">Résultats suivants</a>`}},
		{"mecanique auto", []string{`<span role="status">45 formations trouvées, 1 à 20.</span>`,
			`<a href="/preview?code=40025214&amp;q=mecanique+auto#apercu">Apprentissage (40025214)</a>`,
			`<a href="/preview?code=50025218&amp;q=mecanique+auto#apercu">Apprentissage (50025218)</a>`}},
		{"mecanqiue auto", []string{"Résultats pour «\u00a0mecanique auto\u00a0».", `<a href="/preview?code=40025214&amp;q=mecanqiue+auto#apercu">`}},
		{"infirmier", []string{`<span role="status">3 formations trouvées, 1 à 3.</span>`,
			`Aucune formation de ces données ne mène directement aux métiers de code ROME J1503, J1504, J1506`,
			`<a href="/preview?code=46033104&amp;q=infirmier#apercu">Apprentissage (46033104)</a>`}},
	}
	pages := make([]string, len(tests))
	for i, tt := range tests {
		rec := get(t, s, "/preview?q="+strings.ReplaceAll(tt.q, " ", "+"))
		pages[i] = rec.Body.String()
		for _, w := range tt.want {
			if rec.Code != 200 || !strings.Contains(pages[i], w) {
				t.Errorf("%q: %d, body lacks %q", tt.q, rec.Code, w)
			}
		}
	}
	second := get(t, s, "/preview?q=plombier&page=2").Body.String()
	if !strings.Contains(second, `<span role="status">35 formations trouvées, 21 à 35.</span>`) || strings.Contains(second, "Résultats suivants") ||
		!strings.Contains(second, `<a href="/preview?q=plombier#resultats">Résultats précédents</a>`) {
		t.Error("page 2 of plombier")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, tt := range tests {
				if got := get(t, s, "/preview?q="+strings.ReplaceAll(tt.q, " ", "+")).Body.String(); got != pages[i] {
					t.Errorf("%q: concurrent page differs", tt.q)
				}
			}
		}()
	}
	wg.Wait()
}
