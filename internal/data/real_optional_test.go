package data

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// The two real establishment files load without a rejected row, with the counts of their
// SOURCE.md, every region name mapped to its INSEE region, and the published shares as they are.
func TestRealEtablissements(t *testing.T) {
	dir := realdata.RealDir(t)
	for _, name := range []string{FileEtablissementsCFA, FileEtablissementsLyceePro} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Skipf("real data at %s has no %s", dir, name)
		}
	}
	s, r := mustLoad(t, dir)
	files := []struct {
		name string
		want fileCounts
	}{
		// every row of the CFA file is kept, also the 2,412 rows that publish no indicator at all
		{FileEtablissementsCFA, fileCounts{EncodingUTF8BOM, true, 11314, 11314, 0, 0}},
		// 2,955 "ensemble" rows kept; 1,325 "dont apprentis" and 1,325 "dont élèves en voie pro sco" filtered
		{FileEtablissementsLyceePro, fileCounts{EncodingUTF8, true, 5605, 2955, 0, 2650}},
	}
	for _, f := range files {
		fr := r.File(f.name)
		if fr == nil {
			t.Fatalf("no report for %s", f.name)
		}
		if got := countsOf(fr); got != f.want {
			t.Errorf("%s: %+v, want %+v; rejections %v", f.name, got, f.want, fr.Rejets)
		}
	}
	wantCounts := []IndicateurCount{
		{DatasetEtablissements, widget.VoieApprentissage, "2018_2019", 851},
		{DatasetEtablissements, widget.VoieApprentissage, "2019_2020", 1123},
		{DatasetEtablissements, widget.VoieApprentissage, "2020_2021", 1767},
		{DatasetEtablissements, widget.VoieApprentissage, "2021_2022", 2288},
		{DatasetEtablissements, widget.VoieApprentissage, "2022_2023", 2527},
		{DatasetEtablissements, widget.VoieApprentissage, "2023_2024", 2758},
		{DatasetEtablissements, widget.VoieScolaire, "2022_2023", 2955},
	}
	if !slices.Equal(r.Indicateurs, wantCounts) {
		t.Errorf("rows per millésime %v,\nwant %v", r.Indicateurs, wantCounts)
	}
	// 3,166 CFA + 2,955 lycées, 5 UAI in both files.
	if r.UAIEtablissements != 6116 {
		t.Errorf("%d UAI, want 6116", r.UAIEtablissements)
	}

	// Every region name of both files, and the INSEE region it maps to.
	reg := func(code, nom string) widget.Region { return widget.Region{Code: code, Nom: nom} }
	wantNames := []NomRegion{
		{"AUVERGNE-RHONE-ALPES", reg("84", "Auvergne-Rhône-Alpes")},
		{"BOURGOGNE-FRANCHE-COMTE", reg("27", "Bourgogne-Franche-Comté")},
		{"BRETAGNE", reg("53", "Bretagne")},
		{"CENTRE-VAL DE LOIRE", reg("24", "Centre-Val de Loire")},
		{"CORSE", reg("94", "Corse")},
		{"GRAND EST", reg("44", "Grand Est")},
		{"GUADELOUPE", reg("01", "Guadeloupe")},
		{"GUYANE", reg("03", "Guyane")},
		{"HAUTS-DE-FRANCE", reg("32", "Hauts-de-France")},
		{"ILE-DE-FRANCE", reg("11", "Île-de-France")},
		{"LA REUNION", reg("04", "La Réunion")},
		{"MARTINIQUE", reg("02", "Martinique")},
		{"NORMANDIE", reg("28", "Normandie")},
		{"NOUVELLE-AQUITAINE", reg("75", "Nouvelle-Aquitaine")},
		{"OCCITANIE", reg("76", "Occitanie")},
		{"PAYS DE LA LOIRE", reg("52", "Pays de la Loire")},
		{"PROVENCE-ALPES-COTE D'AZUR", reg("93", "Provence-Alpes-Côte d'Azur")},
	}
	if !slices.Equal(r.NomsRegions, wantNames) {
		t.Errorf("region names %v,\nwant %v", r.NomsRegions, wantNames)
	}

	tests := []struct {
		name string
		uai  string
		want []EtablissementRow
	}{
		{"lycée 0010001W: accents and apostrophes", "0010001W", []EtablissementRow{
			{UAI: "0010001W", Libelle: "Lycée professionnel Alexandre Bérard - Lycée des métiers de l'énergie et de l'habitat",
				Region: reg("84", "Auvergne-Rhône-Alpes"), Voie: widget.VoieScolaire, Millesime: "2022_2023",
				Parts: parts(23, 54, 23), Taux: taux(51, -1, -1, -1)},
		}},
		{"CFA of the 2023-2024 cumul: accents and an apostrophe", "0632047H", []EtablissementRow{
			{UAI: "0632047H", Libelle: "Chambre de Commerce et d'Industrie du Puy-De-Dôme", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2022_2023", Parts: parts(46, 19, 35), Taux: taux(57, 76, -1, -1)},
			{UAI: "0632047H", Libelle: "Chambre de Commerce et d'Industrie du Puy-De-Dôme", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2023_2024", Parts: parts(54, 13, 33), Taux: taux(62, 68, -1, -1)},
		}},
		{"CFA over five millésimes, names as published each year, 18 and 24 months", "0631852W", []EtablissementRow{
			{UAI: "0631852W", Libelle: "groupe formation systemes", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2019_2020"},
			{UAI: "0631852W", Libelle: "groupe formation systemes", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2020_2021"},
			{UAI: "0631852W", Libelle: "groupe formation systemes", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2021_2022", Parts: parts(40, 36, 24), Taux: taux(63, 85, 78, 78)},
			{UAI: "0631852W", Libelle: "GROUPE FORMATION SYSTEMES", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2022_2023", Parts: parts(44, 27, 29), Taux: taux(60, 78, -1, -1)},
			{UAI: "0631852W", Libelle: "GROUPE FORMATION SYSTEMES", Region: reg("84", "Auvergne-Rhône-Alpes"),
				Voie: widget.VoieApprentissage, Millesime: "2023_2024", Parts: parts(34, 44, 22), Taux: taux(61, 73, -1, -1)},
		}},
		{"UAI in both files: scolaire 2022_2023, then apprentissage 2023_2024", "0440254M", []EtablissementRow{
			{UAI: "0440254M", Libelle: "Institut des métiers de l'enseignement supérieur", Region: reg("52", "Pays de la Loire"),
				Voie: widget.VoieScolaire, Millesime: "2022_2023", Parts: parts(25, 58, 17), Taux: taux(59, -1, -1, -1)},
			{UAI: "0440254M", Libelle: "Institut des métiers de l'enseignement supérieur", Region: reg("52", "Pays de la Loire"),
				Voie: widget.VoieApprentissage, Millesime: "2023_2024"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Etablissement(tt.uai)
			if !ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Etablissement(%q) = %v\n%+v\nwant %+v", tt.uai, ok, got, tt.want)
			}
		})
	}

	// An overseas CFA over six millésimes: 2018_2019 and 2019_2020 publish rates but no shares.
	reunion, _ := s.Etablissement("9741084K")
	wantReunion := EtablissementRow{UAI: "9741084K", Libelle: "Centhor Saint Gilles les hauts", Region: reg("04", "La Réunion"),
		Voie: widget.VoieApprentissage, Millesime: "2023_2024", Parts: parts(34, 31, 35), Taux: taux(49, 60, -1, -1)}
	if len(reunion) != 6 || reunion[5] != wantReunion || reunion[0].Millesime != "2018_2019" ||
		reunion[0].Parts != (Parts{}) || reunion[0].Taux != taux(38, 45, 47, 50) {
		t.Errorf("Etablissement(9741084K) = %+v", reunion)
	}

	// Every kept row has a region, and its three shares are all published or all missing and
	// then add up to 100.
	for uai, list := range s.etablissements {
		for _, e := range list {
			p := e.Parts
			if e.Region.Code == "" || e.UAI != uai || e.Libelle == "" {
				t.Fatalf("%s: %+v", uai, e)
			}
			switch {
			case p.EnEmploi6Mois.Valid && p.EnFormation.Valid && p.Autres6Mois.Valid:
				if sum := p.EnEmploi6Mois.V + p.EnFormation.V + p.Autres6Mois.V; sum != 100 {
					t.Errorf("%s %s: shares sum to %d", uai, e.Millesime, sum)
				}
			case p != Parts{}:
				t.Errorf("%s %s: partial shares %+v", uai, e.Millesime, p)
			}
		}
	}
	// Nothing else changes with the optional files: the regional figures of TestRealData.
	if s.Rows() != 40322 {
		t.Errorf("regional rows %d", s.Rows())
	}
}
