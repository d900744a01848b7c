package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// c builds normalized counts for the expectations: -1 is a missing count. Order: nb_annee_term,
// emploi 6, 12, 18, 24 months, poursuite, sortant.
func c(v ...int) widget.Counts {
	var out widget.Counts
	for i, p := range countFields(&out) {
		if v[i] >= 0 {
			*p = widget.Some(v[i])
		}
	}
	return out
}

func cfd(s string) widget.Code { return widget.Code{Kind: widget.KindCFD, Value: s} }
func mef(s string) widget.Code { return widget.Code{Kind: widget.KindMEFSTAT11, Value: s} }

// overlay reads every file of base into a MapFS, then replaces (or, for "", removes) files by
// name with the content of other test files.
func overlay(t *testing.T, base string, repl map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range Files() {
		b, err := os.ReadFile(filepath.Join(base, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	for name, src := range repl {
		if src == "" {
			delete(m, name)
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

func mustLoad(t testing.TB, dir string) (*Snapshot, *Report) {
	t.Helper()
	s, r, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	return s, r
}

func rejets(r *Report) []string {
	var out []string
	for _, j := range r.Rejets() {
		out = append(out, j.String())
	}
	return out
}

func TestFilesMatchTestdata(t *testing.T) {
	if !slices.Equal(Files(), realdata.RequiredFiles) {
		t.Fatalf("data.Files() = %v, realdata.RequiredFiles = %v: keep them equal", Files(), realdata.RequiredFiles)
	}
}

func TestLoadOKFiles(t *testing.T) {
	_, r := mustLoad(t, "testdata/ok")
	type fileWant struct {
		enc        string
		crlf       bool
		read, kept int
	}
	want := map[string]fileWant{
		FileRegions:    {EncodingUTF8BOM, true, 4, 4},
		FileNiveaux:    {EncodingUTF8, false, 4, 4},
		FileFormations: {EncodingLatin1, false, 5, 5},
		FileMEF:        {EncodingUTF8BOM, true, 3, 3},
		FileRegional:   {EncodingUTF8BOM, true, 11, 8},
	}
	if len(r.Files) != len(want) {
		t.Fatalf("%d file reports, want %d", len(r.Files), len(want))
	}
	for name, w := range want {
		f := r.File(name)
		got := fileWant{f.Encoding, f.CRLF, f.Read, f.Kept}
		if got != w {
			t.Errorf("%s: got %+v, want %+v", name, got, w)
		}
		if f.Path != filepath.Join("testdata/ok", name) {
			t.Errorf("%s: path %q", name, f.Path)
		}
	}
	wantRej := []string{
		"testdata/ok/inserjeunes_regional_formations_2019-2023.csv:7: duplicate (11, scolaire, 23220034307, 2022_2023), identical to line 6: kept once",
		"testdata/ok/inserjeunes_regional_formations_2019-2023.csv:8: duplicate (84, scolaire, 23220034307, 2022_2023) with different values on lines 8, 9: key dropped",
		"testdata/ok/inserjeunes_regional_formations_2019-2023.csv:9: duplicate (84, scolaire, 23220034307, 2022_2023) with different values on lines 8, 9: key dropped",
	}
	if got := rejets(r); !slices.Equal(got, wantRej) {
		t.Errorf("rejections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRej, "\n"))
	}
	if r.Rejected() != 3 {
		t.Errorf("Rejected() = %d", r.Rejected())
	}
}

func TestCohortes(t *testing.T) {
	s, _ := mustLoad(t, "testdata/ok")
	tests := []struct {
		name   string
		scope  widget.Scope
		region string
		code   widget.Code
		want   []widget.Cohorte
	}{
		{"57.0, nd and 27.00", widget.ScopeRegion, "11", cfd("32032002"), []widget.Cohorte{
			{Millesime: "2021_2022", Counts: c(57, -1, -1, -1, -1, 30, 27)},
			{Millesime: "2022_2023", Counts: c(100, 20, 25, -1, -1, 30, 70)},
		}},
		{"cumul 2020-2021 normalized", widget.ScopeRegion, "84", cfd("32032002"), []widget.Cohorte{
			{Millesime: "2020_2021", Counts: c(40, 10, 12, -1, -1, 20, 20)},
			{Millesime: "2022_2023", Counts: c(60, 15, 18, -1, -1, 25, 35)},
		}},
		{"France sums the regions having a row", widget.ScopeCertification, "", cfd("32032002"), []widget.Cohorte{
			{Millesime: "2020_2021", Counts: c(40, 10, 12, -1, -1, 20, 20)},
			{Millesime: "2021_2022", Counts: c(57, -1, -1, -1, -1, 30, 27)},
			{Millesime: "2022_2023", Counts: c(160, 35, 43, -1, -1, 55, 105)},
		}},
		{"France ignores region", widget.ScopeCertification, "84", cfd("32032002"), []widget.Cohorte{
			{Millesime: "2020_2021", Counts: c(40, 10, 12, -1, -1, 20, 20)},
			{Millesime: "2021_2022", Counts: c(57, -1, -1, -1, -1, 30, 27)},
			{Millesime: "2022_2023", Counts: c(160, 35, 43, -1, -1, 55, 105)},
		}},
		{"SPEC rule 4: all continue, employment 0", widget.ScopeRegion, "11", mef("23220034307"), []widget.Cohorte{
			{Millesime: "2022_2023", Counts: c(22, 0, 0, -1, -1, 22, 0)},
		}},
		{"identical duplicate kept once", widget.ScopeCertification, "", mef("23220034307"), []widget.Cohorte{
			{Millesime: "2022_2023", Counts: c(22, 0, 0, -1, -1, 22, 0)},
		}},
		{"conflicting duplicate dropped", widget.ScopeRegion, "84", mef("23220034307"), nil},
		{"3-digit region, cohort 19", widget.ScopeRegion, "975", cfd("36X32318"), []widget.Cohorte{
			{Millesime: "2022_2023", Counts: c(19, 2, 2, -1, -1, 10, 9)},
		}},
		{"unpublished counts", widget.ScopeRegion, "11", cfd("36X32318"), []widget.Cohorte{
			{Millesime: "2022_2023", Counts: c(3, -1, -1, -1, -1, -1, -1)},
		}},
		{"France leaves out regions without published counts", widget.ScopeCertification, "", cfd("36X32318"), []widget.Cohorte{
			{Millesime: "2022_2023", Counts: c(19, 2, 2, -1, -1, 10, 9), Exclus: 3},
		}},
		{"scolaire row with a cfd cell, spaces trimmed", widget.ScopeRegion, "11", mef("23830031212"), []widget.Cohorte{
			{Millesime: "2019_2020", Counts: c(40, 8, 10, 11, 12, 20, 20)},
		}},
		{"region without the code", widget.ScopeRegion, "01", cfd("32032002"), nil},
		{"unknown code", widget.ScopeCertification, "", cfd("12345678"), nil},
		{"voie is part of the key", widget.ScopeRegion, "11", widget.Code{Kind: widget.KindMEFSTAT11, Value: "32032002"}, nil},
		{"SISE", widget.ScopeCertification, "", widget.Code{Kind: widget.KindSISE, Value: "2500200"}, nil},
		{"other scope", widget.Scope("formation"), "11", cfd("32032002"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Cohortes(tt.scope, tt.region, tt.code)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Cohortes(%s, %q, %v)\n got %+v\nwant %+v", tt.scope, tt.region, tt.code, got, tt.want)
			}
		})
	}
}

func TestCertificationRegionMillesimes(t *testing.T) {
	s, _ := mustLoad(t, "testdata/ok")
	certs := []struct {
		code widget.Code
		want widget.Certification
		ok   bool
	}{
		{cfd("32032002"), widget.Certification{CFD: "32032002", Libelle: "COMMUNICATION (BTS)", LibelleAffiche: "Communication (BTS)", TypeDiplome: "BTS"}, true},
		{cfd("36X32318"), widget.Certification{CFD: "36X32318", Libelle: "RÉGISSEUR DE SPECTACLE (CFPTS)", LibelleAffiche: "Régisseur de spectacle (CFPTS)", TypeDiplome: "TH3-X"}, true},
		{mef("23220034307"), widget.Certification{CFD: "50034307", Libelle: "AGENT DE PROPRETÉ ET D'HYGIÈNE (CAP)", LibelleAffiche: "Agent de propreté et d'hygiène (CAP)", TypeDiplome: "CAP"}, true},
		{mef("23830031212"), widget.Certification{CFD: "40031212", Libelle: "MÉTIERS DE L'ACCUEIL (BAC PRO)", LibelleAffiche: "Métiers de l'accueil (Bac pro)", TypeDiplome: "BAC PRO"}, true},
		{cfd("99999999"), widget.Certification{CFD: "99999999", Libelle: "SANS NIVEAU", LibelleAffiche: "Sans niveau"}, true},
		{mef("23C10023408"), widget.Certification{CFD: "77777777"}, true},
		{cfd("12345678"), widget.Certification{}, false},
		{mef("23220099999"), widget.Certification{}, false},
		{widget.Code{Kind: widget.KindSISE, Value: "2500200"}, widget.Certification{}, false},
	}
	for _, tt := range certs {
		tt.want.Code = tt.code
		got, ok := s.Certification(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Certification(%v) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	regions := []struct {
		code, nom string
		ok        bool
	}{
		{"01", "Guadeloupe", true}, {"11", "Île-de-France", true}, {"975", "Saint-Pierre-et-Miquelon", true},
		{"10", "", false}, {"1", "", false}, {"", "", false}, {"84 ", "", false},
	}
	for _, tt := range regions {
		got, ok := s.Region(tt.code)
		want := widget.Region{}
		if tt.ok {
			want = widget.Region{Code: tt.code, Nom: tt.nom}
		}
		if got != want || ok != tt.ok {
			t.Errorf("Region(%q) = %+v, %v", tt.code, got, ok)
		}
	}
	if got, want := s.RegionCodes(), []string{"11", "84", "975"}; !slices.Equal(got, want) {
		t.Errorf("RegionCodes() = %v, want %v", got, want)
	}
	if got := s.Regions(); len(got) != 4 || got[0].Code != "01" || got[3].Code != "975" {
		t.Errorf("Regions() = %v", got)
	}
	wantM := []widget.Millesime{"2019_2020", "2020_2021", "2021_2022", "2022_2023"}
	for _, sc := range []widget.Scope{widget.ScopeRegion, widget.ScopeCertification} {
		got := s.Millesimes(sc)
		if !slices.Equal(got, wantM) {
			t.Errorf("Millesimes(%s) = %v", sc, got)
		}
		got[0] = "x" // a copy: the snapshot never changes
	}
	if got := s.Millesimes(widget.ScopeRegion); got[0] != "2019_2020" {
		t.Errorf("Millesimes changed through a returned slice")
	}
	if s.Millesimes("formation") != nil {
		t.Errorf("Millesimes(formation) not nil")
	}
	if s.Demo() || s.Rows() != 8 || len(s.Version()) != 12 || s.LoadedAt().IsZero() {
		t.Errorf("Demo %v Rows %d Version %q LoadedAt %v", s.Demo(), s.Rows(), s.Version(), s.LoadedAt())
	}
}

// The same content with other encodings and line endings gives the same snapshot and rejections.
func TestEncodingVariants(t *testing.T) {
	ref, refRep := mustLoad(t, "testdata/ok")
	m := overlay(t, "testdata/ok", map[string]string{
		FileFormations: "testdata/variants/formations_utf8.csv", // UTF-8 with BOM instead of Latin-1
		FileRegional:   "testdata/variants/regional_lf.csv",     // no BOM, LF instead of CRLF
	})
	s, r, err := LoadFS(m, "testdata/ok")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.index, ref.index) || !reflect.DeepEqual(s.formations, ref.formations) ||
		!reflect.DeepEqual(s.mef, ref.mef) || !reflect.DeepEqual(s.regions, ref.regions) {
		t.Errorf("variant snapshot differs from testdata/ok")
	}
	if !slices.Equal(rejets(r), rejets(refRep)) {
		t.Errorf("rejections differ:\n%v\n%v", rejets(r), rejets(refRep))
	}
	if f := r.File(FileRegional); f.Encoding != EncodingUTF8 || f.CRLF {
		t.Errorf("regional variant: %s CRLF %v", f.Encoding, f.CRLF)
	}
	if f := r.File(FileFormations); f.Encoding != EncodingUTF8BOM {
		t.Errorf("formations variant: %s", f.Encoding)
	}
	if s.Version() == ref.Version() {
		t.Errorf("different bytes, same version %s", s.Version())
	}
	again, _ := mustLoad(t, "testdata/ok")
	if again.Version() != ref.Version() {
		t.Errorf("version not stable: %s then %s", ref.Version(), again.Version())
	}
}

func TestLoadBadRows(t *testing.T) {
	s, r := mustLoad(t, "testdata/bad")
	const (
		g = "testdata/bad/geo_regions_insee_cog2026.json:"
		n = "testdata/bad/bcn_n_niveau_formation_diplome.csv:"
		v = "testdata/bad/bcn_v_formation_diplome.csv:"
		m = "testdata/bad/bcn_n_mef.csv:"
		x = "testdata/bad/inserjeunes_regional_formations_2019-2023.csv:"
	)
	want := []string{
		g + `5: bad region code "1" (2 or 3 digits)`,
		g + `6: missing field code or nom`,
		g + `7: not an object with string fields code and nom`,
		g + `8: not an object with string fields code and nom`,
		g + `9: empty nom for region 94`,
		g + `10: duplicate region 53 with different values on lines 10, 11: key dropped`,
		g + `11: duplicate region 53 with different values on lines 10, 11: key dropped`,
		g + `12: duplicate region 11, identical to line 3: kept once`,
		n + `3: bad NIVEAU_FORMATION_DIPLOME "32" (3 characters)`,
		n + `4: empty LIBELLE_COURT`,
		n + `5: wrong field count: 3, header has 2`,
		v + `3: bad FORMATION_DIPLOME "3203200" (8 characters)`,
		v + `4: wrong field count: 2, header has 4`,
		v + `5: duplicate CFD 32032002, identical to line 2: kept once`,
		m + `3: bad MEF_STAT_11 "2322003430" (11 characters)`,
		m + `4: bad FORMATION_DIPLOME "4003121" (8 characters)`,
		m + `5: duplicate MEF_STAT_11 32710013401 with different values on lines 5, 6: key dropped`,
		m + `6: duplicate MEF_STAT_11 32710013401 with different values on lines 5, 6: key dropped`,
		x + `3: wrong field count: 14, header has 19`,
		x + `4: unknown voie "superieur"`,
		x + `5: bad cfd "3203200" for voie apprentissage (8 characters)`,
		x + `6: bad mefstat11 "2322003430A" for voie scolaire (11 digits)`,
		x + `7: bad mefstat11 "" for voie scolaire (11 digits)`,
		x + `8: bad millesime "2022_2024"`,
		x + `9: unknown code_region "10"`,
		x + `10: nb_annee_term: negative value "-3"`,
		x + `11: nb_en_emploi_12_mois: not a number "abc"`,
		x + `12: nb_annee_term: not an integer "57.5"`,
		x + `13: nb_poursuite_etudes 45 > nb_annee_term 40`,
		x + `14: nb_en_emploi_6_mois 41 > nb_annee_term 40`,
		x + `15: nb_annee_term: value too large "99999999999999999999"`,
		x + `16: duplicate (84, apprentissage, 32032002, 2022_2023) with different values on lines 16, 17, 18: key dropped`,
		x + `17: duplicate (84, apprentissage, 32032002, 2022_2023) with different values on lines 16, 17, 18: key dropped`,
		x + `18: duplicate (84, apprentissage, 32032002, 2022_2023) with different values on lines 16, 17, 18: key dropped`,
	}
	got := rejets(r)
	if !slices.Equal(got, want) {
		t.Errorf("rejections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range r.Files {
		if f.Read != f.Kept+len(f.Rejets) {
			t.Errorf("%s: read %d != kept %d + rejected %d", f.Name, f.Read, f.Kept, len(f.Rejets))
		}
	}
	// The rest is kept.
	if got := s.RegionCodes(); !slices.Equal(got, []string{"11", "84"}) {
		t.Errorf("RegionCodes() = %v", got)
	}
	if got := s.Cohortes(widget.ScopeRegion, "11", cfd("32032002")); !reflect.DeepEqual(got, []widget.Cohorte{{Millesime: "2022_2023", Counts: c(100, 20, 25, -1, -1, 30, 70)}}) {
		t.Errorf("kept row 2: %+v", got)
	}
	if got := s.Cohortes(widget.ScopeRegion, "84", mef("23220034307")); !reflect.DeepEqual(got, []widget.Cohorte{{Millesime: "2022_2023", Counts: c(30, 4, 5, -1, -1, 10, 20)}}) {
		t.Errorf("kept row 19: %+v", got)
	}
	if got := s.Millesimes(widget.ScopeRegion); !slices.Equal(got, []widget.Millesime{"2022_2023"}) {
		t.Errorf("Millesimes = %v", got)
	}
	if cert, ok := s.Certification(mef("23220034307")); !ok || cert.CFD != "50034307" || cert.Libelle != "" || cert.TypeDiplome != "" {
		t.Errorf("MEF whose CFD has no V row: %+v %v", cert, ok)
	}
	if _, ok := s.Certification(mef("32710013401")); ok {
		t.Errorf("conflicting MEF kept")
	}
	if !slices.Equal(r.SansLibelle, []string{"scolaire 23220034307"}) {
		t.Errorf("SansLibelle = %v", r.SansLibelle)
	}
	if _, ok := s.Region("53"); ok {
		t.Errorf("conflicting region kept")
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		repl    map[string]string
		want    string
		wantIs  error
		readRep string // a file the partial report must hold
	}{
		{"missing regional file", map[string]string{FileRegional: ""},
			"load inserjeunes_regional_formations_2019-2023.csv: file does not exist", fs.ErrNotExist, FileMEF},
		{"missing column", map[string]string{FileRegional: "testdata/variants/regional_no_sortant.csv"},
			`load inserjeunes_regional_formations_2019-2023.csv: missing column "nb_sortant"`, ErrMissingColumn, FileMEF},
		{"duplicated column", map[string]string{FileRegional: "testdata/variants/regional_dup_column.csv"},
			`load inserjeunes_regional_formations_2019-2023.csv: column "voie" appears twice in the header`, nil, ""},
		{"empty file", map[string]string{FileRegional: "testdata/variants/regional_empty.csv"},
			`load inserjeunes_regional_formations_2019-2023.csv: empty file: no header line`, nil, ""},
		{"header only", map[string]string{FileRegional: "testdata/variants/regional_header_only.csv"},
			`load inserjeunes_regional_formations_2019-2023.csv: no valid row (0 rejected)`, ErrNoValidRow, FileRegional},
		{"MEF without MEF_STAT_11", map[string]string{FileMEF: "testdata/variants/mef_no_mef_stat_11.csv"},
			`load bcn_n_mef.csv: missing column "MEF_STAT_11"`, ErrMissingColumn, ""},
		{"niveaux without LIBELLE_COURT", map[string]string{FileNiveaux: "testdata/variants/niveau_no_libelle_court.csv"},
			`load bcn_n_niveau_formation_diplome.csv: missing column "LIBELLE_COURT"`, ErrMissingColumn, ""},
		{"formations without LIBELLE_LONG_200", map[string]string{FileFormations: "testdata/variants/formations_no_libelle.csv"},
			`load bcn_v_formation_diplome.csv: missing column "LIBELLE_LONG_200"`, ErrMissingColumn, ""},
		{"regions not an array", map[string]string{FileRegions: "testdata/variants/regions_object.json"},
			`load geo_regions_insee_cog2026.json: not a JSON array`, nil, ""},
		{"regions truncated", map[string]string{FileRegions: "testdata/variants/regions_truncated.json"},
			`load geo_regions_insee_cog2026.json: line 3: unexpected EOF`, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, r, err := LoadFS(overlay(t, "testdata/ok", tt.repl), "x")
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			if s != nil {
				t.Errorf("snapshot returned with an error")
			}
			if r == nil || (tt.readRep != "" && r.File(tt.readRep) == nil) {
				t.Errorf("partial report missing %s", tt.readRep)
			}
		})
	}
}

// Load on a directory without one file names that file.
func TestLoadMissingFileDir(t *testing.T) {
	for _, missing := range Files() {
		dir := t.TempDir()
		for _, name := range Files() {
			if name == missing {
				continue
			}
			b, err := os.ReadFile(filepath.Join("testdata/ok", name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := Load(dir)
		if err == nil || !strings.HasPrefix(err.Error(), "load "+missing+": ") || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("without %s: err = %v", missing, err)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in     string
		v      int
		valid  bool
		reason string
	}{
		{"", 0, false, ""},
		{"nd", 0, false, ""},
		{"ND", 0, false, ""},
		{" 0 ", 0, true, ""},
		{"007", 7, true, ""},
		{"57", 57, true, ""},
		{"57.0", 57, true, ""},
		{"57.", 57, true, ""},
		{"57.000", 57, true, ""},
		{"57.5", 0, false, `not an integer "57.5"`},
		{"57.01", 0, false, `not an integer "57.01"`},
		{".0", 0, false, `not a number ".0"`},
		{"-1", 0, false, `negative value "-1"`},
		{"-1.0", 0, false, `negative value "-1.0"`},
		{"1e3", 0, false, `not a number "1e3"`},
		{"+5", 0, false, `not a number "+5"`},
		{"abc", 0, false, `not a number "abc"`},
		{"1 000", 0, false, `not a number "1 000"`},
		{"1000000000", 1000000000, true, ""},
		{"1000000001", 0, false, `value too large "1000000001"`},
	}
	for _, tt := range tests {
		v, valid, reason := parseCount(tt.in)
		if v != tt.v || valid != tt.valid || reason != tt.reason {
			t.Errorf("parseCount(%q) = %d, %v, %q; want %d, %v, %q", tt.in, v, valid, reason, tt.v, tt.valid, tt.reason)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		in        string
		text, enc string
	}{
		{"abc", "abc", EncodingUTF8},
		{"\xEF\xBB\xBFabc", "abc", EncodingUTF8BOM},
		{"Île", "Île", EncodingUTF8},
		{"\xCEle \xE9t\xE9", "Île été", EncodingLatin1},
		{"\xEF\xBB\xBF\xE9", "é", EncodingLatin1},
		{"", "", EncodingUTF8},
	}
	for _, tt := range tests {
		text, enc := decode([]byte(tt.in))
		if text != tt.text || enc != tt.enc {
			t.Errorf("decode(%q) = %q, %s; want %q, %s", tt.in, text, enc, tt.text, tt.enc)
		}
	}
}

func TestReportText(t *testing.T) {
	_, r := mustLoad(t, "testdata/ok")
	var sb strings.Builder
	if err := r.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(`source: testdata/ok
version: VERSION

file                                           encoding           read    kept rejected
geo_regions_insee_cog2026.json                 UTF-8 BOM CRLF        4       4        0
bcn_n_niveau_formation_diplome.csv             UTF-8                 4       4        0
bcn_v_formation_diplome.csv                    Latin-1               5       5        0
bcn_n_mef.csv                                  UTF-8 BOM CRLF        3       3        0
inserjeunes_regional_formations_2019-2023.csv  UTF-8 BOM CRLF       11       8        3

regional rows per millésime:
  2019_2020          1
  2020_2021          1
  2021_2022          1
  2022_2023          5

regional rows per voie:
  apprentissage      6 rows     2 codes
  scolaire           2 rows     2 codes

regional rows per region (3 regions):
  11  Île-de-France                 5
  84  Auvergne-Rhône-Alpes          2
  975 Saint-Pierre-et-Miquelon      1

regions without rows: 01 Guadeloupe

codes without a BCN label: 0

rejected rows: 3
testdata/ok/inserjeunes_regional_formations_2019-2023.csv:7: duplicate (11, scolaire, 23220034307, 2022_2023), identical to line 6: kept once
testdata/ok/inserjeunes_regional_formations_2019-2023.csv:8: duplicate (84, scolaire, 23220034307, 2022_2023) with different values on lines 8, 9: key dropped
testdata/ok/inserjeunes_regional_formations_2019-2023.csv:9: duplicate (84, scolaire, 23220034307, 2022_2023) with different values on lines 8, 9: key dropped
`, "VERSION", r.Version)
	if sb.String() != want {
		t.Errorf("WriteText:\n%s\nwant:\n%s", sb.String(), want)
	}
}

// The demo dataset exercises every widget state (SPEC §3: it must say it is a demo).
func TestDemo(t *testing.T) {
	s, r, err := LoadDemo()
	if err != nil {
		t.Fatal(err)
	}
	if !s.Demo() || r.Rejected() != 0 || r.Source != "embedded demo" || r.File(FileRegional).Path != "demo/"+FileRegional {
		t.Fatalf("Demo %v, %d rejected, source %q", s.Demo(), r.Rejected(), r.Source)
	}
	if got := s.RegionCodes(); !slices.Equal(got, []string{"11", "84"}) {
		t.Errorf("RegionCodes() = %v", got)
	}
	if got := len(s.Regions()); got != 18 {
		t.Errorf("%d regions, want 18", got)
	}
	if got := s.Millesimes(widget.ScopeRegion); !slices.Equal(got, []widget.Millesime{"2021_2022", "2022_2023"}) {
		t.Errorf("Millesimes = %v", got)
	}
	tests := []struct {
		scope     widget.Scope
		region    string
		code      string
		millesime widget.Millesime
		state     widget.State
		counts    widget.Counts // checked when the state shows counts
	}{
		{widget.ScopeRegion, "11", "32032002", "", widget.StateOK, c(500, 150, 170, -1, -1, 250, 250)},
		{widget.ScopeCertification, "", "32032002", "", widget.StateOK, c(620, 180, 210, -1, -1, 310, 310)},
		{widget.ScopeRegion, "11", "36X32318", "", widget.StatePartiel, c(48, -1, -1, -1, -1, 30, 18)},
		{widget.ScopeRegion, "84", "36X32318", "", widget.StateMasque, c(12, -1, -1, -1, -1, -1, -1)},
		{widget.ScopeRegion, "84", "36X32318", "2021_2022", widget.StateOK, c(25, 0, 0, -1, -1, 25, 0)},
		{widget.ScopeRegion, "84", "23220034307", "", widget.StateMasque, c(15, -1, -1, -1, -1, -1, -1)},
		{widget.ScopeRegion, "11", "23220034307", "", widget.StateOK, c(60, 9, 12, -1, -1, 35, 25)},
		{widget.ScopeRegion, "11", "23830031212", "", widget.StateSansDonnee, widget.Counts{}},
		{widget.ScopeRegion, "11", "23830031212", "2021_2022", widget.StateOK, c(80, 20, 24, -1, -1, 40, 40)},
		{widget.ScopeCertification, "", "40025214", "", widget.StateInconnu, widget.Counts{}},
	}
	for _, tt := range tests {
		code, err := widget.ParseCode(tt.code)
		if err != nil {
			t.Fatal(err)
		}
		v, err := widget.Build(widget.Request{Scope: tt.scope, Region: tt.region, Code: code, Millesime: tt.millesime}, s)
		if err != nil {
			t.Fatal(err)
		}
		if v.State != tt.state || v.Blocs[0].Counts != tt.counts || !v.Demo {
			t.Errorf("%s %s %s %s: state %s counts %+v demo %v; want %s %+v", tt.scope, tt.region, tt.code, tt.millesime, v.State, v.Blocs[0].Counts, v.Demo, tt.state, tt.counts)
		}
	}
	if _, err := widget.Build(widget.Request{Scope: widget.ScopeRegion, Region: "10", Code: cfd("32032002")}, s); err == nil {
		t.Errorf("region 10 accepted")
	}
}

// A Snapshot is read concurrently by every request (run with -race).
func TestConcurrentReads(t *testing.T) {
	s, _ := mustLoad(t, "testdata/ok")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				s.Cohortes(widget.ScopeCertification, "", cfd("32032002"))
				s.Cohortes(widget.ScopeRegion, "11", mef("23220034307"))
				s.Certification(mef("23220034307"))
				s.Region("11")
				s.Millesimes(widget.ScopeRegion)
			}
		}()
	}
	wg.Wait()
}
