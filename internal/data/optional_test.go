package data

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ijwidgets/ijwidgets/widget"
)

// The hand-written optional files (testdata/etablissements, formations, insersup), by the name
// the loader finds them under.
var optionalTestFiles = map[string]string{
	FileEtablissementsCFA:                            "testdata/etablissements/" + FileEtablissementsCFA,
	FileEtablissementsLyceePro:                       "testdata/etablissements/" + FileEtablissementsLyceePro,
	"fr-en-inserjeunes-lycee_pro-formation-fine.csv": "testdata/formations/fr-en-inserjeunes-lycee_pro-formation-fine.csv",
	"fr-en-inserjeunes-cfa-formation-fine.csv":       "testdata/formations/fr-en-inserjeunes-cfa-formation-fine.csv",
	"fr-esr-insersup.csv":                            "testdata/insersup/fr-esr-insersup.csv",
}

// loadOptional loads testdata/ok with the optional files of repl (name → test file) as "x".
func loadOptional(t *testing.T, repl map[string]string) (*Snapshot, *Report, error) {
	t.Helper()
	return LoadFS(overlay(t, "testdata/ok", repl), "x")
}

func mustLoadOptional(t *testing.T, repl map[string]string) (*Snapshot, *Report) {
	t.Helper()
	s, r, err := loadOptional(t, repl)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return s, r
}

// n builds an optional value for the expectations: -1 is missing.
func n(v int) widget.N {
	if v < 0 {
		return widget.N{}
	}
	return widget.Some(v)
}

func parts(emploi, formation, autres int) Parts {
	return Parts{EnEmploi6Mois: n(emploi), EnFormation: n(formation), Autres6Mois: n(autres)}
}

func taux(m6, m12, m18, m24 int) TauxEmploi {
	return TauxEmploi{Mois6: n(m6), Mois12: n(m12), Mois18: n(m18), Mois24: n(m24)}
}

var (
	idf = widget.Region{Code: "11", Nom: "Île-de-France"}
	ara = widget.Region{Code: "84", Nom: "Auvergne-Rhône-Alpes"}
	gua = widget.Region{Code: "01", Nom: "Guadeloupe"}
	spm = widget.Region{Code: "975", Nom: "Saint-Pierre-et-Miquelon"}
)

type fileCounts struct {
	enc                            string
	crlf                           bool
	read, kept, rejected, filtered int
}

func countsOf(f *FileReport) fileCounts {
	return fileCounts{f.Encoding, f.CRLF, f.Read, f.Kept, len(f.Rejets), f.Filtered}
}

// Every hand-written optional file: its counts and every rejected row with file:line: reason,
// while the rest is kept.
func TestOptionalFilesReport(t *testing.T) {
	_, r := mustLoadOptional(t, optionalTestFiles)
	want := []struct {
		name string
		fileCounts
	}{
		{FileEtablissementsCFA, fileCounts{EncodingUTF8BOM, true, 16, 5, 11, 0}},
		{FileEtablissementsLyceePro, fileCounts{EncodingUTF8, true, 8, 3, 2, 3}},
		{"fr-en-inserjeunes-lycee_pro-formation-fine.csv", fileCounts{EncodingUTF8BOM, true, 19, 5, 14, 0}},
		{"fr-en-inserjeunes-cfa-formation-fine.csv", fileCounts{EncodingLatin1, false, 6, 4, 2, 0}},
		{"fr-esr-insersup.csv", fileCounts{EncodingUTF8BOM, true, 16, 3, 8, 5}},
	}
	if len(r.Optionnels) != len(want) {
		t.Fatalf("%d optional files, want %d", len(r.Optionnels), len(want))
	}
	for i, w := range want {
		f := r.Optionnels[i]
		if f.Name != w.name || countsOf(&f) != w.fileCounts || f.Path != "x/"+w.name {
			t.Errorf("optional file %d: %s %s %+v, want %s %+v", i, f.Name, f.Path, countsOf(&f), w.name, w.fileCounts)
		}
		if r.File(w.name) == nil {
			t.Errorf("File(%q) = nil", w.name)
		}
	}
	cfa, lp := "x/"+FileEtablissementsCFA+":", "x/"+FileEtablissementsLyceePro+":"
	ffl, ffc := "x/fr-en-inserjeunes-lycee_pro-formation-fine.csv:", "x/fr-en-inserjeunes-cfa-formation-fine.csv:"
	sup := "x/fr-esr-insersup.csv:"
	wantRej := []string{
		cfa + `7: bad UAI "075123J" (7 digits and a letter)`,
		cfa + `8: unknown Région "RHONE-ALPES" (no INSEE region of that name)`,
		cfa + `9: bad Année "cumul 2023-2025" (cumul 2022-2023 or 2022_2023)`,
		cfa + `10: DEVENIR Part en emploi 6 mois: "140.0" is not a share (0 to 100)`,
		cfa + `11: shares sum to 127, not 100`,
		cfa + `12: Taux emploi 6 mois: not a number "abc"`,
		cfa + `13: wrong field count: 7, header has 16`,
		cfa + `14: empty Libellé`,
		cfa + `15: duplicate (0751234J, 2023_2024), identical to line 2: kept once`,
		cfa + `16: duplicate (9751234C, 2020_2021) with different values on lines 16, 18: key dropped`,
		cfa + `18: duplicate (9751234C, 2020_2021) with different values on lines 16, 18: key dropped`,
		lp + `8: unknown Dont apprentis en EPLE "tous" (ensemble, dont …)`,
		lp + `9: Part en emploi 6 mois après la sortie: negative value "-23"`,
		ffl + `7: bad code_formation_mefstat11 "2322003430" (11 digits)`,
		ffl + `8: bad code_formation_mefstat11 "32032002" (11 digits)`,
		ffl + `9: unknown region "ATLANTIDE" (no INSEE region of that name)`,
		ffl + `10: bad annee "2023" (cumul 2022-2023 or 2022_2023)`,
		ffl + `11: wrong field count: 18, header has 17`,
		ffl + `12: part_en_poursuite_d_etudes: not a number "quarante"`,
		ffl + `13: part_des_autres_situations: "100,5" is not a share (0 to 100)`,
		ffl + `14: shares sum to 110, not 100`,
		ffl + `15: duplicate (0751234J, 23220034307, 2022_2023), identical to line 2: kept once`,
		ffl + `16: duplicate (0691234A, 40025214100, 2022_2023) with different values on lines 16, 17: key dropped`,
		ffl + `17: duplicate (0691234A, 40025214100, 2022_2023) with different values on lines 16, 17: key dropped`,
		ffl + `18: bad uai "069123A" (7 digits and a letter)`,
		ffl + `19: empty libelle`,
		ffl + `20: part_en_poursuite_d_etudes: negative value "-1"`,
		ffc + `5: bad Code formation diplôme "3203200" (8 characters)`,
		ffc + `6: bad Code formation diplôme "23220034307" (8 characters)`,
		sup + `10: bad diplome "25002" (SISE code, 7 characters)`,
		sup + `11: bad promo "2019, 2021" (one or two consecutive years)`,
		sup + `12: nb_sortants: not an integer "12,5"`,
		sup + `13: nb_sortants_en_emploi_sal_fr_12 11 > nb_sortants 10`,
		sup + `14: salary quartiles out of order: salaire_q1_12 2500 > salaire_q2_12 2100`,
		sup + `15: nb_sortants: negative value "-3"`,
		sup + `16: wrong field count: 14, header has 25`,
		sup + `17: duplicate (SISE:2400125, 2020_2021), identical to line 9: kept once`,
	}
	var got []string
	for _, j := range r.Rejets() {
		if !strings.HasPrefix(j.File, "x/inserjeunes_regional") { // the regional rejections of testdata/ok
			got = append(got, j.String())
		}
	}
	if !slices.Equal(got, wantRej) {
		t.Errorf("rejections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRej, "\n"))
	}
	if r.Rejected() != len(wantRej)+3 {
		t.Errorf("Rejected() = %d, want %d", r.Rejected(), len(wantRej)+3)
	}
	if r.UAIEtablissements != 5 || r.UAIFormations != 3 || r.CodesInserSup != 2 {
		t.Errorf("UAI %d / %d, codes %d", r.UAIEtablissements, r.UAIFormations, r.CodesInserSup)
	}
}

func TestEtablissement(t *testing.T) {
	s, _ := mustLoadOptional(t, optionalTestFiles)
	elysee := "Centre d'Apprentissage de l'Élysée"
	tests := []struct {
		name string
		uai  string
		want []EtablissementRow
	}{
		{"both voies, oldest first, lower-case UAI, typographic apostrophes kept", "0751234j", []EtablissementRow{
			{UAI: "0751234J", Libelle: "Centre d’apprentissage de l’Élysée", Region: idf, Voie: widget.VoieApprentissage,
				Millesime: "2022_2023", Parts: parts(44, 27, 29), Taux: taux(60, 78, 70, 75)},
			{UAI: "0751234J", Libelle: "Lycée de l'Île", Region: idf, Voie: widget.VoieScolaire,
				Millesime: "2022_2023", Parts: parts(-1, -1, -1), Taux: taux(-1, -1, -1, -1)},
			{UAI: "0751234J", Libelle: elysee, Region: idf, Voie: widget.VoieApprentissage,
				Millesime: "2023_2024", Parts: parts(57, 30, 13), Taux: taux(81, 73, -1, -1)},
		}},
		{"decimal comma rounded half to even", " 9711234B ", []EtablissementRow{
			{UAI: "9711234B", Libelle: "CFA de la Guadeloupe", Region: gua, Voie: widget.VoieApprentissage,
				Millesime: "2023_2024", Parts: parts(32, 34, 34), Taux: taux(60, -1, -1, -1)},
		}},
		{"empty and nd are missing", "0691234A", []EtablissementRow{
			{UAI: "0691234A", Libelle: "CFA du Rhône", Region: ara, Voie: widget.VoieApprentissage, Millesime: "2021_2022"},
			{UAI: "0691234A", Libelle: "CFA du Rhône", Region: ara, Voie: widget.VoieApprentissage, Millesime: "2023_2024"},
		}},
		{"lycée, population ensemble", "0010001W", []EtablissementRow{
			{UAI: "0010001W", Libelle: "Lycée professionnel Alexandre Bérard - Lycée des métiers de l'énergie et de l'habitat",
				Region: ara, Voie: widget.VoieScolaire, Millesime: "2022_2023", Parts: parts(23, 54, 23), Taux: taux(51, -1, -1, -1)},
		}},
		{"lycée, sub-populations filtered", "0010006B", []EtablissementRow{
			{UAI: "0010006B", Libelle: "Lycée polyvalent Saint-Exupéry", Region: ara, Voie: widget.VoieScolaire,
				Millesime: "2022_2023", Parts: parts(25, 46, 29), Taux: taux(46, -1, -1, -1)},
		}},
		{"conflicting duplicates dropped", "9751234C", nil},
		{"rejected row", "0691237D", nil},
		{"not a UAI", "XXXX", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Etablissement(tt.uai)
			if !reflect.DeepEqual(got, tt.want) || ok != (tt.want != nil) {
				t.Errorf("Etablissement(%q) = %v\n%+v\nwant %+v", tt.uai, ok, got, tt.want)
			}
		})
	}
	// The result is a copy.
	got, _ := s.Etablissement("0010001W")
	got[0].Libelle = "changed"
	if again, _ := s.Etablissement("0010001W"); again[0].Libelle == "changed" {
		t.Error("Etablissement returns the snapshot's slice")
	}
	p := parts(23, 54, 23).Taux()
	if pic, ok := widget.ComputePictogrammes(p); !ok || pic != (widget.Pictogrammes{Emploi: 2, Formation: 6, Autres: 2}) {
		t.Errorf("Parts.Taux pictograms = %v %v", pic, ok)
	}
}

func TestFormation(t *testing.T) {
	s, _ := mustLoadOptional(t, optionalTestFiles)
	agent, ile := "Agent de propreté et d'hygiène", "Lycée de l'Île"
	elysee := "Centre d'Apprentissage de l'Élysée"
	m := func(v string) widget.Code { return widget.Code{Kind: widget.KindMEFSTAT11, Value: v} }
	tests := []struct {
		name  string
		uai   string
		code  widget.Code
		state FormationState
		want  []FormationRow
	}{
		{"scolaire, oldest first, half-even 56,5 and 6,5", "0751234J", m("23220034307"), FormationTrouvee, []FormationRow{
			{UAI: "0751234J", Libelle: ile, Region: idf, Voie: widget.VoieScolaire, Code: m("23220034307"), LibelleFormation: agent,
				Millesime: "2020_2021"},
			{UAI: "0751234J", Libelle: ile, Region: idf, Voie: widget.VoieScolaire, Code: m("23220034307"), LibelleFormation: agent,
				Millesime: "2021_2022", Parts: parts(6, 56, 37), Taux: taux(12, -1, -1, -1)},
			{UAI: "0751234J", Libelle: ile, Region: idf, Voie: widget.VoieScolaire, Code: m("23220034307"), LibelleFormation: agent,
				Millesime: "2022_2023", Parts: parts(5, 58, 37), Taux: taux(20, 35, -1, -1)},
		}},
		{"empty cells", "0751234j", m("23830031212"), FormationTrouvee, []FormationRow{
			{UAI: "0751234J", Libelle: ile, Region: idf, Voie: widget.VoieScolaire, Code: m("23830031212"),
				LibelleFormation: "Métiers de l'accueil", Millesime: "2022_2023"},
		}},
		{"apprentissage from the Latin-1 export", "0751234J", cfd("32032002"), FormationTrouvee, []FormationRow{
			{UAI: "0751234J", Libelle: elysee, Region: idf, Voie: widget.VoieApprentissage, Code: cfd("32032002"),
				LibelleFormation: "COMMUNICATION (BTS)", Millesime: "2022_2023", Parts: parts(20, 61, 19), Taux: taux(52, 60, -1, -1)},
		}},
		{"CFD with a letter, upper-cased", "0751234J", cfd("36X32318"), FormationTrouvee, []FormationRow{
			{UAI: "0751234J", Libelle: elysee, Region: idf, Voie: widget.VoieApprentissage, Code: cfd("36X32318"),
				LibelleFormation: "RÉGISSEUR DE SPECTACLE", Millesime: "2021_2022", Parts: parts(23, 57, 20)},
			{UAI: "0751234J", Libelle: elysee, Region: idf, Voie: widget.VoieApprentissage, Code: cfd("36X32318"),
				LibelleFormation: "RÉGISSEUR DE SPECTACLE", Millesime: "2022_2023", Parts: parts(2, 98, 0)},
		}},
		{"region with accents in mixed case, 12 to 24 months", "0691234A", m("32221034301"), FormationTrouvee, []FormationRow{
			{UAI: "0691234A", Libelle: "Lycée du Rhône", Region: ara, Voie: widget.VoieScolaire, Code: m("32221034301"),
				LibelleFormation: "Bac pro", Millesime: "2022_2023", Parts: parts(30, 40, 30), Taux: taux(45, 50, 55, 60)},
		}},
		{"region written as its INSEE code", "9751234C", cfd("32032002"), FormationTrouvee, []FormationRow{
			{UAI: "9751234C", Libelle: "CFA de Saint-Pierre", Region: spm, Voie: widget.VoieApprentissage, Code: cfd("32032002"),
				LibelleFormation: "COMMUNICATION (BTS)", Millesime: "2022_2023", Parts: parts(25, 50, 25)},
		}},
		{"known UAI, certification not taught", "0751234J", cfd("40025214"), FormationNonDispensee, nil},
		{"known UAI, the voie is part of the key", "0751234J", m("32032002"), FormationNonDispensee, nil},
		{"known UAI, conflicting duplicates dropped", "0691234A", m("40025214100"), FormationNonDispensee, nil},
		{"known UAI, SISE code", "0751234J", widget.Code{Kind: widget.KindSISE, Value: "2500200"}, FormationNonDispensee, nil},
		{"unknown UAI", "0999999Z", cfd("32032002"), FormationUAIInconnu, nil},
		{"UAI with establishment rows only", "0010001W", m("23220034307"), FormationUAIInconnu, nil},
		{"not a UAI", "", cfd("32032002"), FormationUAIInconnu, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, state := s.Formation(tt.uai, tt.code)
			if state != tt.state || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Formation(%q, %v) = %s\n%+v\nwant %s %+v", tt.uai, tt.code, state, got, tt.state, tt.want)
			}
		})
	}
}

func TestInserSup(t *testing.T) {
	sise := func(v string) widget.Code { return widget.Code{Kind: widget.KindSISE, Value: v} }
	master := func(m widget.Millesime) InserSupRow {
		return InserSupRow{Code: sise("2500200"), Libelle: "Master droit des affaires", TypeDiplome: "Master LMD", Millesime: m}
	}
	wide20 := master("2020_2021")
	wide20.NbSortants, wide20.NbPoursuivants = n(461), n(211)
	wide20.NbEnEmploi6Mois, wide20.NbEnEmploi12Mois, wide20.NbEnEmploi18Mois, wide20.NbEnEmploi24Mois = n(175), n(267), n(268), n(295)
	wide20.Salaire12Mois = Quartiles{Q1: n(1850), Mediane: n(2100), Q3: n(2600)} // 1850,5 → 1850
	wide21 := master("2021_2022")
	wide21.NbSortants, wide21.NbEnEmploi6Mois, wide21.NbEnEmploi12Mois = n(480), n(180), n(290)
	wide21.Salaire12Mois = Quartiles{Q1: n(1900), Mediane: n(2150), Q3: n(2700)} // 2150,5 → 2150
	lp := InserSupRow{Code: sise("2400125"), Libelle: "Licence pro métiers du livre", TypeDiplome: "Licence professionnelle",
		Millesime: "2020_2021", NbSortants: n(99), NbPoursuivants: n(9), NbEnEmploi6Mois: n(70), NbEnEmploi12Mois: n(75)}
	long20 := master("2020_2021")
	long20.NbSortants, long20.NbPoursuivants = n(461), n(211)
	long20.NbEnEmploi6Mois, long20.NbEnEmploi12Mois, long20.NbEnEmploi18Mois = n(175), n(267), n(268)
	long20.Salaire12Mois = Quartiles{Q1: n(1850), Mediane: n(2100), Q3: n(2600)} // the 12-month row's, not the 18-month one's

	wide, _ := mustLoadOptional(t, map[string]string{"fr-esr-insersup.csv": "testdata/insersup/fr-esr-insersup.csv"})
	long, rl := mustLoadOptional(t, map[string]string{"fr-esr-insersup-long.csv": "testdata/insersup/fr-esr-insersup-long.csv"})
	tests := []struct {
		name string
		s    *Snapshot
		code widget.Code
		want []InserSupRow
	}{
		{"wide layout, two millésimes, nd, decimal comma", wide, sise("2500200"), []InserSupRow{wide20, wide21}},
		{"wide layout, count 99,0, quartiles nd", wide, sise("2400125"), []InserSupRow{lp}},
		{"long layout merged, 30 months filtered", long, sise("2500200"), []InserSupRow{long20}},
		{"long layout, rows that disagree dropped", long, sise("2400125"), nil},
		{"unknown code", wide, sise("9999999"), nil},
		{"rejected row", wide, sise("2500203"), nil},
		{"not a SISE code", wide, cfd("25002000"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.InserSup(tt.code); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("InserSup(%v) =\n%+v\nwant\n%+v", tt.code, got, tt.want)
			}
		})
	}
	if got, want := wide20.Counts(), c(672, 175, 267, 268, 295, 211, 461); got != want {
		t.Errorf("Counts() = %+v, want %+v", got, want)
	}
	if got, want := wide21.Counts(), c(-1, 180, 290, -1, -1, -1, 480); got != want {
		t.Errorf("Counts() with nd poursuivants = %+v, want %+v", got, want)
	}
	f := rl.File("fr-esr-insersup-long.csv")
	if got := countsOf(f); got != (fileCounts{EncodingLatin1, false, 7, 3, 3, 1}) {
		t.Errorf("long layout counts %+v", got)
	}
	wantRej := []string{
		"x/fr-esr-insersup-long.csv:6: rows of (SISE:2400125, 2020_2021) on lines 6, 7 disagree on label or counts: key dropped",
		"x/fr-esr-insersup-long.csv:7: rows of (SISE:2400125, 2020_2021) on lines 6, 7 disagree on label or counts: key dropped",
		`x/fr-esr-insersup-long.csv:8: bad date_inser_long "plus tard" ("6 mois après le diplôme")`,
	}
	var got []string
	for _, j := range f.Rejets {
		got = append(got, j.String())
	}
	if !slices.Equal(got, wantRej) {
		t.Errorf("long layout rejections:\n%s", strings.Join(got, "\n"))
	}
}

// No optional file: no error, empty look-ups, and a report without optional sections.
func TestOptionalAbsent(t *testing.T) {
	s, r := mustLoad(t, "testdata/ok")
	if len(r.Optionnels) != 0 || len(r.Indicateurs) != 0 || len(r.NomsRegions) != 0 {
		t.Errorf("optional report %+v %+v", r.Optionnels, r.Indicateurs)
	}
	if rows, ok := s.Etablissement("0010001W"); ok || rows != nil {
		t.Errorf("Etablissement = %v %v", rows, ok)
	}
	if rows, st := s.Formation("0010001W", cfd("32032002")); st != FormationUAIInconnu || rows != nil {
		t.Errorf("Formation = %v %v", rows, st)
	}
	if rows := s.InserSup(widget.Code{Kind: widget.KindSISE, Value: "2500200"}); rows != nil {
		t.Errorf("InserSup = %v", rows)
	}
	d, _, err := LoadDemo()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Etablissement("0751234J"); ok {
		t.Error("demo has establishment rows")
	}
}

func TestOptionalErrors(t *testing.T) {
	lp := "fr-en-inserjeunes-lycee_pro-formation-fine.csv"
	tests := []struct {
		name   string
		repl   map[string]string
		want   string
		wantIs error
	}{
		{"missing share column", map[string]string{lp: "testdata/formations/no_part_autres.csv"},
			`load ` + lp + `: missing column "part_des_autres_situations"`, ErrMissingColumn},
		{"per-formation file without its code column", map[string]string{lp: "testdata/formations/no_code.csv"},
			`load ` + lp + `: missing column "code_formation_mefstat11"`, ErrMissingColumn},
		{"header only", map[string]string{lp: "testdata/formations/header_only.csv"},
			`load ` + lp + `: no valid row (0 rejected)`, ErrNoValidRow},
		{"every row rejected", map[string]string{lp: "testdata/formations/all_rejected.csv"},
			`load ` + lp + `: no valid row (1 rejected)`, ErrNoValidRow},
		{"a column twice once folded", map[string]string{lp: "testdata/formations/annee_twice.csv"},
			`load ` + lp + `: column "annee" appears twice in the header`, nil},
		{"empty file", map[string]string{FileEtablissementsCFA: "testdata/variants/regional_empty.csv"},
			`load ` + FileEtablissementsCFA + `: empty file: no header line`, nil},
		{"establishment file of another format", map[string]string{FileEtablissementsLyceePro: "testdata/ok/" + FileRegional},
			`load ` + FileEtablissementsLyceePro + `: missing column "uai"`, ErrMissingColumn},
		{"two files match one pattern", map[string]string{
			lp: "testdata/formations/" + lp, "fr-en-inserjeunes-lycee_pro-formation-fine-2024.csv": "testdata/formations/" + lp},
			`load fr-en-inserjeunes-lycee_pro-formation-fine*.csv: several files match: fr-en-inserjeunes-lycee_pro-formation-fine-2024.csv, ` + lp,
			ErrAmbiguousFile},
		{"InserSup without employment counts", map[string]string{"fr-esr-insersup.csv": "testdata/insersup/no_emploi.csv"},
			`load fr-esr-insersup.csv: missing column "nb_sortants_en_emploi_sal_fr_6"`, ErrMissingColumn},
		{"InserSup long layout without employment counts", map[string]string{"fr-esr-insersup.csv": "testdata/insersup/long_no_emploi.csv"},
			`load fr-esr-insersup.csv: missing column "nb_sortants_en_emploi_sal_fr" (a file with date_inser_long)`, ErrMissingColumn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, r, err := loadOptional(t, tt.repl)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			if s != nil || r == nil || r.File(FileRegional) == nil {
				t.Errorf("snapshot %v, report %v", s, r)
			}
		})
	}
	// Every row filtered is no error: the file is valid, it has nothing for the widgets.
	s, r, err := loadOptional(t, map[string]string{"fr-esr-insersup.csv": "testdata/insersup/all_filtered.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if f := r.File("fr-esr-insersup.csv"); countsOf(f) != (fileCounts{EncodingUTF8, true, 2, 0, 0, 2}) {
		t.Errorf("all filtered: %+v", countsOf(f))
	}
	if s.InserSup(widget.Code{Kind: widget.KindSISE, Value: "2500200"}) != nil {
		t.Error("filtered rows kept")
	}
}

// WriteText appends the optional sections before the rejected rows; the lines of the required
// files are those of TestReportText.
func TestReportTextOptional(t *testing.T) {
	_, r := mustLoadOptional(t, optionalTestFiles)
	var sb strings.Builder
	if err := r.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	out := sb.String()
	const before, after = "codes without a BCN label: 0\n", "\nrejected rows: 40\n"
	i, j := strings.Index(out, before), strings.Index(out, after)
	if i < 0 || j < 0 {
		t.Fatalf("sections missing:\n%s", out)
	}
	want := `
optional file                                       encoding           read    kept rejected filtered
inserjeunes_cfa_etablissements_2018-2024.csv        UTF-8 BOM CRLF       16       5       11        0
inserjeunes_lycee_pro_etablissements_2022-2023.csv  UTF-8 CRLF            8       3        2        3
fr-en-inserjeunes-lycee_pro-formation-fine.csv      UTF-8 BOM CRLF       19       5       14        0
fr-en-inserjeunes-cfa-formation-fine.csv            Latin-1               6       4        2        0
fr-esr-insersup.csv                                 UTF-8 BOM CRLF       16       3        8        5

optional rows per dataset, voie and millésime (5 UAI with establishment rows, 3 UAI with per-formation rows, 2 InserSup codes):
  etablissements  apprentissage 2021_2022       1
  etablissements  apprentissage 2022_2023       1
  etablissements  apprentissage 2023_2024       3
  etablissements  scolaire      2022_2023       3
  formations      apprentissage 2021_2022       1
  formations      apprentissage 2022_2023       3
  formations      scolaire      2020_2021       1
  formations      scolaire      2021_2022       1
  formations      scolaire      2022_2023       3
  insersup        superieur     2020_2021       2
  insersup        superieur     2021_2022       1

region names of the optional files (10):
  975                      → 975 Saint-Pierre-et-Miquelon
  ATLANTIDE                → no INSEE region
  AUVERGNE-RHONE-ALPES     → 84 Auvergne-Rhône-Alpes
  Auvergne-Rhône-Alpes     → 84 Auvergne-Rhône-Alpes
  GUADELOUPE               → 01 Guadeloupe
  ILE-DE-FRANCE            → 11 Île-de-France
  RHONE-ALPES              → no INSEE region
  SAINT-PIERRE-ET-MIQUELON → 975 Saint-Pierre-et-Miquelon
  ÎLE-DE-FRANCE            → 11 Île-de-France
  Île-de-France            → 11 Île-de-France
`
	if got := out[i+len(before) : j]; got != want {
		t.Errorf("optional sections:\n%s\nwant:\n%s", got, want)
	}
	// The required files' lines are unchanged.
	var base strings.Builder
	_, rb := mustLoad(t, "testdata/ok")
	if err := rb.WriteText(&base); err != nil {
		t.Fatal(err)
	}
	head := base.String()[:strings.Index(base.String(), before)]
	if !strings.HasPrefix(out[strings.Index(out, "\n\n"):], head[strings.Index(head, "\n\n"):]) {
		t.Errorf("required sections changed:\n%s", out[:i])
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, upper, header, region string }{
		{"Île-de-France", "ILE-DE-FRANCE", "ile_de_france", "ILE DE FRANCE"},
		{"Provence-Alpes-Côte d'Azur", "PROVENCE-ALPES-COTE D'AZUR", "provence_alpes_cote_d_azur", "PROVENCE ALPES COTE D AZUR"},
		{"PROVENCE-ALPES-COTE D’AZUR", "PROVENCE-ALPES-COTE D'AZUR", "provence_alpes_cote_d_azur", "PROVENCE ALPES COTE D AZUR"},
		{"La Réunion", "LA REUNION", "la_reunion", "LA REUNION"},
		{"Bourgogne-Franche-Comté", "BOURGOGNE-FRANCHE-COMTE", "bourgogne_franche_comte", "BOURGOGNE FRANCHE COMTE"},
		{"n°UAI de l'établissement", "N°UAI DE L'ETABLISSEMENT", "n_uai_de_l_etablissement", "N UAI DE L ETABLISSEMENT"},
		{"Part en emploi 6 mois après la sortie", "PART EN EMPLOI 6 MOIS APRES LA SORTIE", "part_en_emploi_6_mois_apres_la_sortie", "PART EN EMPLOI 6 MOIS APRES LA SORTIE"},
		{" Cœur  Æther ß ", " COEUR  AETHER SS ", "coeur_aether_ss", "COEUR AETHER SS"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		if got := foldUpper(tt.in); got != tt.upper {
			t.Errorf("foldUpper(%q) = %q, want %q", tt.in, got, tt.upper)
		}
		if got := foldHeader(tt.in); got != tt.header {
			t.Errorf("foldHeader(%q) = %q, want %q", tt.in, got, tt.header)
		}
		if got := regionKey(tt.in); got != tt.region {
			t.Errorf("regionKey(%q) = %q, want %q", tt.in, got, tt.region)
		}
	}
	// A name shared by two regions of the list matches neither.
	rn := newRegionNames([]widget.Region{{Code: "11", Nom: "Île-de-France"}, {Code: "12", Nom: "ILE DE FRANCE"}, ara})
	if _, why := rn.lookup("region", "ILE-DE-FRANCE"); why == "" {
		t.Error("ambiguous name matched")
	}
	if g, why := rn.lookup("region", "auvergne rhone alpes"); why != "" || g != ara {
		t.Errorf("lookup = %v %q", g, why)
	}
}

func TestDecimalValue(t *testing.T) {
	tests := []struct {
		in                string
		v                 int
		integral, over100 bool
		reason            string
	}{
		{"57", 57, true, false, ""},
		{"57.0", 57, true, false, ""},
		{"57,0", 57, true, false, ""},
		{"57,5", 58, false, false, ""},
		{"56,5", 56, false, false, ""},
		{"56,50", 56, false, false, ""},
		{"56,51", 57, false, false, ""},
		{"56,49", 56, false, false, ""},
		{"0,5", 0, false, false, ""},
		{"100", 100, true, false, ""},
		{"100,0", 100, true, false, ""},
		{"100,01", 100, false, true, ""},
		{"101", 101, true, true, ""},
		{"57.", 57, true, false, ""},
		{"-0", 0, true, false, ""},
		{"-0,5", 0, false, false, `negative value "-0,5"`},
		{"-3", 0, false, false, `negative value "-3"`},
		{",5", 0, false, false, `not a number ",5"`},
		{"5,5,5", 0, false, false, `not a number "5,5,5"`},
		{"1 850", 0, false, false, `not a number "1 850"`},
		{"1e3", 0, false, false, `not a number "1e3"`},
		{"99999999999", 0, false, false, `value too large "99999999999"`},
		{"1000000001", 0, false, false, `value too large "1000000001"`},
	}
	for _, tt := range tests {
		v, integral, over, reason := decimalValue(tt.in)
		if v != tt.v || integral != tt.integral || over != tt.over100 || reason != tt.reason {
			t.Errorf("decimalValue(%q) = %d %v %v %q; want %d %v %v %q", tt.in, v, integral, over, reason, tt.v, tt.integral, tt.over100, tt.reason)
		}
	}
}

func TestPromoAndHorizon(t *testing.T) {
	promos := []struct {
		in         string
		m          widget.Millesime
		single, ok bool
	}{
		{"2020, 2021", "2020_2021", false, true},
		{"2021,2020", "2020_2021", false, true},
		{"2020_2021", "2020_2021", false, true},
		{`["2020", "2021"]`, "2020_2021", false, true},
		{"2021", "", true, true},
		{"2021, 2021", "", true, true},
		{"2019, 2021", "", false, false},
		{"2019, 2020, 2021", "", false, false},
		{"21", "", false, false},
		{"", "", false, false},
		{"1800", "", true, false},
	}
	for _, tt := range promos {
		m, single, ok := promoMillesime(tt.in)
		if m != tt.m || single != tt.single || ok != tt.ok {
			t.Errorf("promoMillesime(%q) = %q %v %v", tt.in, m, single, ok)
		}
	}
	horizons := []struct {
		in string
		h  int
		ok bool
	}{{"6 mois après le diplôme", 6, true}, {"12 mois après le diplôme", 12, true}, {"30", 30, true}, {"plus tard", 0, false}, {"1234 mois", 0, false}}
	for _, tt := range horizons {
		if h, ok := horizon(tt.in); h != tt.h || ok != tt.ok {
			t.Errorf("horizon(%q) = %d %v", tt.in, h, ok)
		}
	}
}

// The look-ups of the optional data are read concurrently (run with -race).
func TestConcurrentOptionalReads(t *testing.T) {
	s, _ := mustLoadOptional(t, optionalTestFiles)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				s.Etablissement("0751234J")
				s.Formation("0751234J", cfd("32032002"))
				s.InserSup(widget.Code{Kind: widget.KindSISE, Value: "2500200"})
			}
		}()
	}
	wg.Wait()
}

// fuzzBase is the demo dataset as a MapFS, for the fuzz tests of the optional files.
func fuzzBase(f *testing.F) fstest.MapFS {
	base := fstest.MapFS{}
	for _, name := range Files() {
		b, err := demoFiles.ReadFile("demo/" + name)
		if err != nil {
			f.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: b}
	}
	return base
}

func addSeeds(f *testing.F, paths ...string) {
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("\xEF\xBB\xBF"))
	f.Add([]byte(""))
}

// fuzzOptional loads the demo files with data under each of names: the load never panics,
// every optional row read is kept, rejected or filtered, an error returns no snapshot, and the
// look-ups and the report work on what was kept.
func fuzzOptional(t *testing.T, base fstest.MapFS, data []byte, names ...string) {
	m := fstest.MapFS{}
	for k, v := range base {
		m[k] = v
	}
	for _, name := range names {
		m[name] = &fstest.MapFile{Data: data}
	}
	s, r, err := LoadFS(m, "fuzz")
	if r == nil {
		t.Fatal("nil report")
	}
	for _, fr := range r.Optionnels {
		if fr.Read != fr.Kept+len(fr.Rejets)+fr.Filtered || fr.Kept < 0 {
			t.Fatalf("%s: read %d kept %d rejected %d filtered %d", fr.Name, fr.Read, fr.Kept, len(fr.Rejets), fr.Filtered)
		}
	}
	if err != nil {
		if s != nil {
			t.Fatal("snapshot with an error")
		}
		return
	}
	share := func(x widget.N) {
		if x.Valid && (x.V < 0 || x.V > 100) {
			t.Fatalf("share %d", x.V)
		}
	}
	for uai, list := range s.etablissements {
		rows, ok := s.Etablissement(uai)
		if !ok || len(rows) != len(list) {
			t.Fatalf("Etablissement(%s)", uai)
		}
		for _, e := range rows {
			share(e.Parts.EnEmploi6Mois)
			share(e.Parts.EnFormation)
			share(e.Parts.Autres6Mois)
			widget.ComputePictogrammes(e.Parts.Taux())
		}
	}
	for uai, list := range s.formationsFines {
		for _, e := range list {
			if rows, st := s.Formation(uai, e.Code); st != FormationTrouvee || len(rows) == 0 {
				t.Fatalf("Formation(%s, %v) = %s", uai, e.Code, st)
			}
			share(e.Parts.EnEmploi6Mois)
		}
	}
	for code, list := range s.insersup {
		for _, e := range list {
			c := e.Counts()
			if c.NbSortant.Valid && c.NbEnEmploi6Mois.Valid && c.NbEnEmploi6Mois.V > c.NbSortant.V {
				t.Fatalf("%s: %+v", code, e)
			}
		}
		s.InserSup(widget.Code{Kind: widget.KindSISE, Value: code})
	}
	if err := r.WriteText(discard{}); err != nil {
		t.Fatal(err)
	}
}

// FuzzLoadEtablissements feeds arbitrary bytes as both establishment files.
func FuzzLoadEtablissements(f *testing.F) {
	addSeeds(f, "testdata/etablissements/"+FileEtablissementsCFA, "testdata/etablissements/"+FileEtablissementsLyceePro)
	f.Add([]byte("uai;libelle;region;part_en_poursuite_d_etudes;part_en_emploi_6_mois_apres_la_sortie;part_des_autres_situations;annee\n0751234J;x;11;100,5;-0;;cumul 2022-2023\n"))
	base := fuzzBase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOptional(t, base, data, FileEtablissementsCFA, FileEtablissementsLyceePro)
	})
}

// FuzzLoadFormations feeds arbitrary bytes as both per-formation exports.
func FuzzLoadFormations(f *testing.F) {
	addSeeds(f, "testdata/formations/fr-en-inserjeunes-lycee_pro-formation-fine.csv",
		"testdata/formations/fr-en-inserjeunes-cfa-formation-fine.csv", "testdata/formations/annee_twice.csv")
	base := fuzzBase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOptional(t, base, data, "fr-en-inserjeunes-lycee_pro-formation-fine.csv", "fr-en-inserjeunes-cfa-formation-fine.csv")
	})
}

// FuzzLoadInserSup feeds arbitrary bytes as the InserSup export.
func FuzzLoadInserSup(f *testing.F) {
	addSeeds(f, "testdata/insersup/fr-esr-insersup.csv", "testdata/insersup/fr-esr-insersup-long.csv",
		"testdata/insersup/all_filtered.csv")
	base := fuzzBase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOptional(t, base, data, "fr-esr-insersup.csv")
	})
}
