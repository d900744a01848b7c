package data

import (
	"strings"
	"sync"
	"testing"
)

// TestFoldLoadConcurrent drives folding (headers and labels) and whole loads from many goroutines
// at once (issue 10 item 1: a shared x/text transformer made concurrent searches answer 500 and
// a reload during a search panic). Run under -race by .ci/run; without -race it still catches the
// panics and wrong folds the shared buffers gave.
func TestFoldLoadConcurrent(t *testing.T) {
	const label, want = "  Métiers de l’ACCUEIL ", "metiers de l accueil"
	if got := foldKey(label, ' '); strings.ToLower(got) != want {
		t.Fatalf("foldKey(%q) = %q", label, got)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				switch (g + i) % 3 {
				case 0:
					if got := foldHeader("Part en emploi 6 mois après la sortie"); got != "part_en_emploi_6_mois_apres_la_sortie" {
						errs <- "foldHeader: " + got
						return
					}
				case 1:
					if got := strings.ToLower(foldKey(label, ' ')); got != want {
						errs <- "foldKey: " + got
						return
					}
				case 2:
					if i%20 == 2 { // a whole load is slower: fewer of them
						if _, _, err := LoadDemo(); err != nil {
							errs <- "LoadDemo: " + err.Error()
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
