package data

import (
	"fmt"
	"sync"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
)

// codes lists "voie:code" of each match, in order.
func codes(ms []Match) string {
	s := ""
	for _, m := range ms {
		s += fmt.Sprintf("%s:%s ", m.Voie, m.Code.Value)
	}
	return s
}

func TestSearchDemo(t *testing.T) {
	s, _, err := LoadDemo()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		limit int
		want  string
	}{
		{"32032002", 10, "apprentissage:32032002 "},
		{"cfd:36x32318", 10, "apprentissage:36X32318 "},
		{"MEFSTAT11:23220034307", 10, "scolaire:23220034307 "},
		{"50034307", 10, "scolaire:23220034307 "}, // a CFD finds the MEFSTAT11 codes of its voie scolaire
		{"3", 10, ""}, // too short
		{"  Métiers de l’ACCUEIL ", 10, "scolaire:23830031212 "}, // accents, case and apostrophes ignored
		{"propreté cap", 10, "scolaire:23220034307 "},
		{"bts", 10, "apprentissage:32032002 "},
		{"cap", 10, "scolaire:23220034307 apprentissage:50099910 "},
		{"RNCP:99900", 10, "scolaire:23830099901 scolaire:23830099902 "}, // a partner identifier: every diploma it names (issue 12)
		{"onisep:for.99901", 10, "scolaire:23830099901 "},
		{"RNCP:12345", 10, ""},
		{"<script>", 10, ""},
		{"99999999", 10, ""},
	}
	for _, tt := range tests {
		if got := codes(s.Search(tt.query, tt.limit)); got != tt.want {
			t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
	m := s.Search("32032002", 1)
	if len(m) != 1 || m[0] != (Match{Code: m[0].Code, Voie: "apprentissage", CFD: "32032002", Libelle: "COMMUNICATION (BTS)", LibelleAffiche: "Communication (BTS)", TypeDiplome: "BTS"}) {
		t.Errorf("match %+v", m)
	}
}

func TestSearchReal(t *testing.T) {
	s, _ := mustLoad(t, realdata.RealDir(t))
	tests := []struct {
		query string
		limit int
		want  string
	}{
		{"32032002", 10, "apprentissage:32032002 scolaire:32111032002 scolaire:32221032002 "},
		{"32221032002", 10, "scolaire:32221032002 "},
		{"communication bts", 3, "apprentissage:32032002 scolaire:32111032002 scolaire:32221032002 "},
		{"Métiers de l'accueil", 10, "apprentissage:40031212 scolaire:23830031212 "},
		{"pizzaiolo", 10, "apprentissage:56X22101 "},
	}
	for _, tt := range tests {
		if got := codes(s.Search(tt.query, tt.limit)); got != tt.want {
			t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
	if n := len(s.Search("de", 500)); n != MaxSearch {
		t.Errorf("Search(de) returned %d matches, want the cap %d", n, MaxSearch)
	}
}

// TestFoldSearchLoadConcurrent drives folding, label search and whole loads from many goroutines
// at once (issue 10 item 1: a shared x/text transformer made concurrent searches answer 500 and
// a reload during a search panic). Run under -race by .ci/run; without -race it still catches the
// panics and wrong folds the shared buffers gave.
func TestFoldSearchLoadConcurrent(t *testing.T) {
	s, _, err := LoadDemo()
	if err != nil {
		t.Fatal(err)
	}
	want := codes(s.Search("  Métiers de l’ACCUEIL ", 10))
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
					if got := codes(s.Search("  Métiers de l’ACCUEIL ", 10)); got != want {
						errs <- "Search: " + got
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
