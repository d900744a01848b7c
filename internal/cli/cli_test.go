package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/version"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestRenderSpecRows: SPEC §11 through `ijwidgets render PATH --data DIR` (flags after the path).
func TestRenderSpecRows(t *testing.T) {
	dir := realdata.RealDir(t)
	tests := []struct{ path, want string }{
		{"/widgets/regions/11/certifications/32032002.json?millesime=2022_2023", `"taux_en_emploi_6_mois":20,"taux_en_formation":61,"taux_autres_6_mois":19`},
		{"/widgets/regions/11/certifications/32032002.json?millesime=2021_2022", `"taux_en_emploi_6_mois":23,"taux_en_formation":57,"taux_autres_6_mois":20`},
		{"/widgets/regions/11/certifications/36X32318.json?millesime=2022_2023", `"taux_en_emploi_6_mois":2,"taux_en_formation":98,"taux_autres_6_mois":0`},
		{"/widgets/regions/11/certifications/23220034307.json?millesime=2021_2022", `"taux_en_emploi_6_mois":5,"taux_en_formation":58,"taux_autres_6_mois":37`},
		{"/widgets/regions/11/certifications/23220022349.json?millesime=2019_2020", `"state":"effectif_insuffisant"`},
		{"/widgets/regions/11/certifications/32221034301.json?millesime=2019_2020", `"taux_en_emploi_6_mois":30,"taux_en_formation":40,"taux_autres_6_mois":30`},
		{"/widgets/regions/11/certifications/23220025126.json?millesime=2021_2022", `"nb_en_emploi_6_mois":0`},
		{"/widgets/regions/11/certifications/23220025126.json?millesime=2021_2022", `"taux_en_emploi_6_mois":0,"taux_en_formation":100,"taux_autres_6_mois":0`},
		{"/widgets/certifications/32032002.json?millesime=2022_2023", `"nb_annee_term":2757,"nb_en_emploi_6_mois":644`},
		{"/widgets/certifications/32032002.json?millesime=2022_2023", `"taux_en_emploi_6_mois":23,"taux_en_formation":59,"taux_autres_6_mois":18`},
		{"/widgets/regions/01/certifications/32032002.json?millesime=2022_2023", `"region":{"code":"01","nom":"Guadeloupe"}`},
	}
	for _, tt := range tests {
		code, out, errs := run("render", tt.path, "--data", dir)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("render %s: exit %d, stderr %q\n got %s\nwant %s", tt.path, code, errs, out, tt.want)
		}
	}
	for _, r := range []string{"1", "10"} {
		code, out, errs := run("render", "--data", dir, "/widgets/regions/"+r+"/certifications/32032002.json")
		if code != 1 || !strings.Contains(out, `"param":"region"`) || !strings.Contains(errs, "HTTP 400") {
			t.Errorf("region %s: exit %d %q %q", r, code, out, errs)
		}
	}
}

func TestRenderDemoAndUsage(t *testing.T) {
	code, out, _ := run("render", "/widgets/regions/11/certifications/32032002.svg")
	if code != 0 || !strings.HasPrefix(out, "<svg") || !strings.Contains(out, "Données de démonstration") {
		t.Errorf("demo svg: %d %.200s", code, out)
	}
	code, out, errs := run("render", "/widgets/regions/11/certifications/99999999.json")
	if code != 1 || !strings.Contains(out, "certification_inconnue") || !strings.Contains(errs, "HTTP 404") {
		t.Errorf("unknown: %d %q %q", code, out, errs)
	}
	for _, args := range [][]string{{}, {"render"}, {"render", "widgets"}, {"check-data"}, {"nope"}, {"serve", "extra"}, {"render", "/x", "--bogus"}} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestCheckData(t *testing.T) {
	dir := realdata.RealDir(t)
	code, out, errs := run("check-data", "--data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"inserjeunes_regional_formations_2019-2023.csv  UTF-8 BOM         40322   40322        0",
		"2019_2020       9096", "2022_2023      10912", "apprentissage  25072", "scolaire       15250", "regional rows per region (17 regions)",
		"11  Île-de-France                3774"} {
		if !strings.Contains(out, want) {
			t.Errorf("check-data output lacks %q", want)
		}
	}
	if code, _, errs := run("check-data", "--data", t.TempDir()); code != 1 || !strings.Contains(errs, ".json") && !strings.Contains(errs, ".csv") {
		t.Errorf("empty dir: exit %d %q", code, errs)
	}
}

// TestExtraThemes: --themes DIR with a copy of neutral renamed acme makes ?theme=acme work; a
// theme failing contrast is refused and the others keep working.
func TestExtraThemes(t *testing.T) {
	dir := t.TempDir()
	neutral, err := os.ReadFile("../../themes/neutral.json")
	if err != nil {
		t.Fatal(err)
	}
	acme := strings.Replace(string(neutral), `"name": "neutral"`, `"name": "acme"`, 1)
	pale := strings.Replace(strings.Replace(acme, `"name": "acme"`, `"name": "pale"`, 1), `"text": "#1f2328"`, `"text": "#aaaaaa"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "acme.json"), []byte(acme), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pale.json"), []byte(pale), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run("render", "/widgets/regions/11/certifications/32032002.svg?theme=acme", "--themes", dir)
	if code != 0 || !strings.Contains(out, "#1f2328") {
		t.Errorf("acme: %d %q %.200s", code, errs, out)
	}
	code, out, _ = run("render", "/widgets/regions/11/certifications/32032002.json?theme=pale", "--themes", dir)
	if code != 1 || !strings.Contains(out, `"param":"theme"`) {
		t.Errorf("pale must be refused: %d %s", code, out)
	}
}

// TestCheckDataFailsOnRejectedIndicatorRows: a truncated establishment file (a rejected row) fails
// check-data; the two rejected BCN rows of the real data do not.
func TestCheckDataFailsOnRejectedIndicatorRows(t *testing.T) {
	real := realdata.RealDir(t)
	dir := realdata.Link(t, append(data.Files(), data.FileEtablissementsLyceePro)...)
	b, err := os.ReadFile(filepath.Join(real, data.FileEtablissementsCFA))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, data.FileEtablissementsCFA), b[:800_000], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run("check-data", "--data", dir)
	if code != 1 || !strings.Contains(errs, data.FileEtablissementsCFA) {
		t.Errorf("truncated CFA file: exit %d %q", code, errs)
	}
}

// TestCheckDataFailsOnTruncatedBCN: a BCN label file cut in half loses the labels of codes that
// have figures ("certification inconnue" on their widgets): check-data fails and says so.
func TestCheckDataFailsOnTruncatedBCN(t *testing.T) {
	real := realdata.RealDir(t)
	dir := realdata.Link(t, data.FileRegions, data.FileNiveaux, data.FileMEF, data.FileRegional)
	b, err := os.ReadFile(filepath.Join(real, data.FileFormations))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n") // cut at a line boundary: no row rejected
	if err := os.WriteFile(filepath.Join(dir, data.FileFormations), []byte(strings.Join(lines[:len(lines)/2], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run("check-data", "--data", dir)
	if code != 1 || !strings.Contains(errs, "certifications with figures have no label") || !strings.Contains(out, "problems: 1") {
		t.Errorf("truncated BCN: exit %d %q", code, errs)
	}
}

// TestCheckDataCompare: a regional file cut at a line boundary loses no row to a rejection, so
// check-data alone passes it; against the files in service (--compare) it fails as a reload would.
func TestCheckDataCompare(t *testing.T) {
	real := realdata.RealDir(t)
	dir := realdata.Link(t, data.FileRegions, data.FileNiveaux, data.FileFormations, data.FileMEF)
	b, err := os.ReadFile(filepath.Join(real, data.FileRegional))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(filepath.Join(dir, data.FileRegional), []byte(strings.Join(lines[:20000], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run("check-data", "--data", dir); code != 0 {
		t.Fatalf("alone: exit %d %s", code, errs)
	}
	code, out, errs := run("check-data", "--data", dir, "--compare", real)
	if code != 1 || !strings.Contains(errs, "indicator rows: 19999 instead of") || !strings.Contains(out, "problems: ") {
		t.Errorf("--compare: exit %d %q", code, errs)
	}
}

// TestCoverageCommand runs coverage on the real data with both partner catalogues.
func TestCoverageCommand(t *testing.T) {
	dir := realdata.RealDir(t)
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"coverage", "--data", dir, "--open-on", "2026-12-01",
		"--catalogue", filepath.Join(dir, "affelnet_capacite_voeux_2021_uai_mefstat11.csv"),
		"--catalogue", filepath.Join(dir, "parcoursup_bts_capacite_voeux_2023_uai_mefstat11_cfd.csv")}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"France figures for 2022_2023 of the codes open on 2026-12-01", "total    both",
		// issue 12's measure (the published keys) first, then every open code
		"Issue 12's measure:", "total    both            1226    592  48.3 %     954  77.8 %             592               0             189",
		"Every open code", "total    both            2058    634  30.8 %    1526  74.1 %             634             296             285",
		"(affelnet): 19726 lines (41 rejected)", "(parcoursup): 12971 lines (0 rejected)", "reasons for none:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, args := range [][]string{{"coverage"}, {"coverage", "--data", dir, "--open-on", "1/12/2026"}, {"coverage", "--data", dir, "--millesime", "2022"}} {
		if code := Main(context.Background(), args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestVersionFlag (issue 15): --version and version print the build's version and succeed.
func TestVersionFlag(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		code, out, errOut := run(arg)
		if want := "ijwidgets " + version.String() + "\n"; code != 0 || out != want || errOut != "" {
			t.Errorf("%s: %d %q %q, want 0 %q", arg, code, out, errOut, want)
		}
	}
}
