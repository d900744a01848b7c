package server

import (
	"regexp"
	"strings"
	"testing"
)

// TestPreviewPastLastReal (issue 13): a results page past the last says so and links the last
// page (2 for "plombier", 35 results), like the gallery; it used to link the page before it (49).
func TestPreviewPastLastReal(t *testing.T) {
	s := newServer(t, true)
	rec := get(t, s, "/preview?q=plombier&page=50")
	b := rec.Body.String()
	nav := regexp.MustCompile(`<nav class="ijp-pages"[^>]*>(.*?)</nav>`).FindStringSubmatch(b)
	if rec.Code != 200 || !strings.Contains(b, "35 formations trouvées ; cette page est au-delà de la dernière.") || nav == nil ||
		strings.TrimSpace(nav[1]) != `<a href="/preview?page=2&amp;q=plombier#resultats">Derniers résultats</a>` {
		t.Errorf("%d, pages %q", rec.Code, nav)
	}
	// The last page itself keeps its "previous" link.
	if b := get(t, s, "/preview?q=plombier&page=2").Body.String(); !strings.Contains(b, `<a href="/preview?q=plombier#resultats">Résultats précédents</a>`) {
		t.Error("page 2 links page 1")
	}
}
