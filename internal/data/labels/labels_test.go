package labels

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	tests := []struct{ cfd, bcn, want string }{
		// The examples, from labels.tsv ("évènement": the spelling of the sources, 1990 reform).
		{"40025216", "MAINTENANCE DES VEHICULES OPTION C MOTOCYCLES (BAC PRO)", "Maintenance des véhicules option C motocycles (Bac pro)"},
		{"36X32318", "REGISSEUR DE SPECTACLE ET D'EVENEMENT, SPECIALISATION LUMIERE, PLATEAU/SCENE, SON OU VIDEO (CFPTS)",
			"Régisseur de spectacle et d'évènement, spécialisation lumière, plateau/scène, son ou vidéo (CFPTS)"},
		{"32032002", "COMMUNICATION (BTS)", "Communication (BTS)"},
		{"01022306", "ART DE LA DORURE A CHAUD (MC NIVEAU IV)", "Art de la dorure à chaud (MC niveau IV)"},
		// A label labels.tsv does not have (a newer BCN): the word table alone.
		{"99999999", "TECHNICIEN D'ETUDES DU BATIMENT OPTION B : ASSISTANT EN ARCHITECTURE (BAC PRO)",
			"Technicien d'études du bâtiment option B : assistant en architecture (Bac pro)"},
		{"40025216", "MAINTENANCE DES VEHICULES OPTION A  (BAC PRO)", "Maintenance des véhicules option A (Bac pro)"}, // BCN label changed
		{"99999999", "", ""},
	}
	for _, tt := range tests {
		if got := Label(tt.cfd, tt.bcn); got != tt.want {
			t.Errorf("Label(%s, %q) = %q, want %q", tt.cfd, tt.bcn, got, tt.want)
		}
	}
}

func TestBuild(t *testing.T) {
	g := Dict{"VEHICULES": {"véhicules", Lower}, "A": {"à", Lower}, "PARIS": {"paris", Proper}, "CFA": {"CFA", Acronym},
		"ELECTRONIQUE": {"électronique", Lower}, "GENERALE": {"générale", Lower}, "NIVEAU": {"niveau", Lower}}
	tests := []struct{ in, want string }{
		{"VEHICULES OPTION A", "Véhicules option A"},       // option letter, not "à"
		{"VEHICULES A PARIS", "Véhicules à paris"},         // a proper noun of the table: trusted in parentheses only
		{"VEHICULES (CFA PARIS)", "Véhicules (CFA Paris)"}, // acronym, proper noun
		{"TECHNICIEN(NE) (MC NIVEAU IV)", "Technicien(ne) (MC niveau IV)"},
		{"MATHS (SILVYA TERRADE)", "Maths (Silvya Terrade)"}, // unknown names in parentheses
		{"X (APCMA)", "X (APCMA)"},                           // a short acronym stays
		{"FORMATIONS GENERALES", "Formations générales"},     // the plural of a known word
		{"DIPLOME  C2", "Diplome C2"},
		{"ELECTRONIQUE (BAC PRO AG)", "Électronique (Bac pro agricole)"},
	}
	for _, tt := range tests {
		if got := Build(tt.in, nil, g); got != tt.want {
			t.Errorf("Build(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSumReference: Sum hashes in place what it hashed by joining the fields (labels.tsv keeps
// those sums), whatever the spacing, accents or invalid bytes.
func TestSumReference(t *testing.T) {
	ref := func(s string) string {
		h := fnv.New32a()
		h.Write([]byte(strings.Join(strings.Fields(s), " ")))
		return fmt.Sprintf("%08x", h.Sum32())
	}
	for _, s := range []string{
		"", " ", "COMMUNICATION (BTS)", "  MAINTENANCE   DES\tVEHICULES\nOPTION C ",
		"CUISINE\u00a0(CAP)", "ÉLECTRICITÉ\u2003ÉNERGIE", "bad \xff\xfe bytes", "\u0085x\u0085",
	} {
		if got, want := Sum(s), ref(s); got != want {
			t.Errorf("Sum(%q) = %s, want %s", s, got, want)
		}
	}
}
