package data

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/ijwidgets/ijwidgets/widget"
)

// crosswalkFS is the demo data with the crosswalk fixtures of testdata/crosswalks.
func crosswalkFS(t testing.TB) fstest.MapFS {
	m := fstest.MapFS{}
	for _, name := range Files() {
		b, err := demoFiles.ReadFile("demo/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	for _, name := range []string{FileFormationsN, FileCertifInfo, "kit_apprentissage_cfd_rncp_20250131.csv",
		"onisep_ideo_formations_initiales_2022.csv", FileFamilles, FileFamillesBCN, FileLienMefFamille, FileDepartements} {
		b, err := os.ReadFile(filepath.Join("testdata/crosswalks", name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// TestCrosswalkRejections: each crosswalk loader rejects its bad rows with file:line: reason,
// filters the rows that carry nothing on purpose, and keeps the rest.
func TestCrosswalkRejections(t *testing.T) {
	s, r, err := LoadFS(crosswalkFS(t), "x")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		read, kept, filtered int
		rejets               []string
	}{
		FileFormationsN: {6, 3, 1, []string{
			`x/bcn_n_formation_diplome.latin1.csv:5: bad ANCIEN_DIPLOME_1 "5103300" (a CFD: 8 characters)`,
			`x/bcn_n_formation_diplome.latin1.csv:6: bad FORMATION_DIPLOME "XX" (8 characters)`}},
		FileCertifInfo: {8, 3, 1, []string{
			`x/certif_info_cfd_rncp_onisep_rome.csv:6: bad Code_Diplome "x12" (digits)`,
			`x/certif_info_cfd_rncp_onisep_rome.csv:7: bad Code_Scolarité "3203200" (a CFD: 8 characters)`,
			`x/certif_info_cfd_rncp_onisep_rome.csv:8: bad Code_RNCP "RNCP12a" (digits)`,
			`x/certif_info_cfd_rncp_onisep_rome.csv:9: duplicate Certif Info row 82567, identical to line 2: kept once`}},
		"kit_apprentissage_cfd_rncp_20250131.csv": {7, 3, 1, []string{
			`x/kit_apprentissage_cfd_rncp_20250131.csv:5: bad Code Diplôme "BAD" (a CFD: 8 characters)`,
			`x/kit_apprentissage_cfd_rncp_20250131.csv:6: bad FicheRNCP "RNCP1x" (RNCP and digits, or NR)`,
			`x/kit_apprentissage_cfd_rncp_20250131.csv:7: bad Nouvelle Certification rempla (RNCP) "RNCP1|RNCPx" (RNCP codes separated by |, or NR)`}},
		"onisep_ideo_formations_initiales_2022.csv": {4, 2, 0, []string{
			`x/onisep_ideo_formations_initiales_2022.csv:4: no FOR id in lien site onisep.fr "http://www.onisep.fr/"`,
			`x/onisep_ideo_formations_initiales_2022.csv:5: bad code RNCP "12x" (digits)`}},
		FileFamilles: {2, 1, 0, []string{
			`x/familles_metiers_2nde_commune_specialites.csv:3: bad MEFSTAT11_COMMUN "2381003121" (11 digits)`}},
		FileFamillesBCN: {2, 1, 0, []string{
			`x/bcn_n_famille_metier_spec_pro.csv:3: bad FAMILLE_METIER ""`}},
		FileLienMefFamille: {2, 1, 0, []string{
			`x/bcn_n_lien_mef_famille_metier.csv:3: bad MEF "24731210" (10 digits)`}},
		FileDepartements: {5, 2, 1, []string{
			`x/geo_departements_academies_regions.csv:5: unknown codeRegion "12"`,
			`x/geo_departements_academies_regions.csv:6: bad codeDepartement "7" (3 characters)`}},
	}
	for name, w := range want {
		fr := r.File(name)
		if fr == nil {
			t.Errorf("%s not read", name)
			continue
		}
		var got []string
		for _, j := range fr.Rejets {
			got = append(got, j.String())
		}
		if fr.Read != w.read || fr.Kept != w.kept || fr.Filtered != w.filtered || !slices.Equal(got, w.rejets) {
			t.Errorf("%s: read %d kept %d filtered %d rejets\n%q\nwant %d %d %d\n%q", name, fr.Read, fr.Kept, fr.Filtered, got, w.read, w.kept, w.filtered, w.rejets)
		}
	}
	// Crosswalk rejections are no Problems (nomenclature-like files).
	if p := r.Problems(s.Inventory(), 0.02); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
	// The Kit's quoted label holding ';' is one field; RNCP 38368 names the demo's BTS.
	if id := s.Identify(widget.PartnerID{Kind: widget.KindRNCP, Value: "38368"}); !id.Unique() || id.Candidats[0].CFD != "32032002" {
		t.Errorf("RNCP 38368: %+v", id)
	}
	// A CFD the BCN does not know is no candidate: unknown, never a guess.
	if id := s.Identify(widget.PartnerID{Kind: widget.KindRNCP, Value: "34700"}); len(id.Candidats) != 0 {
		t.Errorf("RNCP 34700 on the demo BCN: %+v", id)
	}
	if reg, ok := s.RegionUAI("0750001A"); !ok || reg.Code != "11" {
		t.Errorf("RegionUAI 0750001A: %v %v", reg, ok)
	}
	// Two 1↔1 links (50034404 → 50034406 in the BCN, 40025210 → 40025216 in Certif Info);
	// 40025513, 40025514 → 40025519 is a merge.
	if inv := s.Inventory(); inv.Identifiants == 0 || inv.Liens != 2 {
		t.Errorf("inventory %+v", inv)
	}
	_, refused := s.Links()
	if len(refused) != 2 || !refused[0].Fusion || refused[0].Nouveau != "40025519" {
		t.Errorf("refused %+v", refused)
	}
}

// TestParseCatalogue reads both partner formats with their rejections.
func TestParseCatalogue(t *testing.T) {
	for _, tt := range []struct {
		file, format string
		lines        []CatalogueLine
		rejets       []string
	}{
		{"affelnet.csv", CatalogueAffelnet, []CatalogueLine{
			{Line: 2, UAI: "0750001A", Code: mef("23810031210"), Voie: widget.VoieScolaire},
			{Line: 3, UAI: "0750001A", Code: mef("23830031212"), Voie: widget.VoieApprentissage},
			{Line: 4, UAI: "6200001A", Code: mef("23220034307"), Voie: widget.VoieScolaire},
		}, []string{
			`testdata/crosswalks/affelnet.csv:5: bad MEF STAT 11 "23C10023412" (11 digits)`,
			`testdata/crosswalks/affelnet.csv:6: bad Etablissement d'accueil "07500" (a UAI: 7 digits and a letter)`,
			`testdata/crosswalks/affelnet.csv:7: bad Statut Offre de formation "XX" (ST or AP)`,
		}},
		{"parcoursup.csv", CatalogueParcoursup, []CatalogueLine{
			{Line: 2, UAI: "0750001A", Code: mef("32221032002"), Voie: widget.VoieScolaire, Libelle: "BTS - Communication"},
			{Line: 3, UAI: "0750001A", Code: cfd("32032002"), Voie: widget.VoieApprentissage, Libelle: "BTS - Communication - en apprentissage"},
		}, []string{`testdata/crosswalks/parcoursup.csv:4: bad CFD "3203" (8 characters)`}},
	} {
		c, err := ReadCatalogue(filepath.Join("testdata/crosswalks", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, j := range c.Report.Rejets {
			got = append(got, j.String())
		}
		if c.Format != tt.format || !slices.Equal(c.Lines, tt.lines) || !slices.Equal(got, tt.rejets) {
			t.Errorf("%s: %s %+v %q", tt.file, c.Format, c.Lines, got)
		}
	}
	if _, err := ParseCatalogue("x.csv", "x.csv", []byte("a;b\n1;2\n")); err == nil {
		t.Error("a header of neither format is accepted")
	}
}

// TestCatalogueCoverageDemo: with the fixtures on the demo data, a Parcoursup line of the demo
// BTS gets its region's figures; an unknown code gets none with its reason.
func TestCatalogueCoverageDemo(t *testing.T) {
	s, _, err := LoadFS(crosswalkFS(t), "x")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCatalogue("p.csv", "p.csv", []byte("UAI;MEFSTAT11;CFD;STATUT\n0750001A;;32032002;Apprentissage\n0750001A;99999999999;;Scolaire\n"))
	if err != nil {
		t.Fatal(err)
	}
	k := s.CatalogueCoverage(c, "")
	if k.ParScope[ScopeRegion] != 1 || k.ParScope[ScopeAucun] != 1 || len(k.Raisons) != 1 || k.Raisons[0].Key != "MEFSTAT11 unknown to BCN N_MEF" {
		t.Errorf("%+v", k)
	}
}

// FuzzLoadCrosswalks feeds arbitrary bytes as every crosswalk file at once.
func FuzzLoadCrosswalks(f *testing.F) {
	var paths []string
	for _, n := range []string{FileFormationsN, FileCertifInfo, "kit_apprentissage_cfd_rncp_20250131.csv", "onisep_ideo_formations_initiales_2022.csv",
		FileFamilles, FileFamillesBCN, FileLienMefFamille, FileDepartements} {
		paths = append(paths, "testdata/crosswalks/"+n)
	}
	addSeeds(f, paths...)
	f.Add([]byte("a;\"b;c\";\"\"\"\n\"x"))
	base := fuzzBase(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOptional(t, base, data, FileFormationsN, FileCertifInfo, "kit_apprentissage_cfd_rncp_x.csv", "onisep_ideo_formations_initiales_x.csv",
			FileFamilles, FileFamillesBCN, FileLienMefFamille, FileDepartements)
	})
}

// FuzzParseCatalogue: no panic; every row read is kept or rejected; kept lines are well-formed.
func FuzzParseCatalogue(f *testing.F) {
	addSeeds(f, "testdata/crosswalks/affelnet.csv", "testdata/crosswalks/parcoursup.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalogue("f.csv", "f.csv", data)
		if err != nil {
			return
		}
		if c.Report.Read != c.Report.Kept+len(c.Report.Rejets) || len(c.Lines) != c.Report.Kept {
			t.Fatalf("read %d kept %d rejected %d lines %d", c.Report.Read, c.Report.Kept, len(c.Report.Rejets), len(c.Lines))
		}
		for _, l := range c.Lines {
			if !isUAI(l.UAI) || (!isMEFSTAT11(l.Code.Value) && !isCFD(l.Code.Value)) {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}
