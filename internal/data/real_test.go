package data

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// cohorte returns the counts of millésime m in list.
func cohorte(list []widget.Cohorte, m widget.Millesime) (widget.Counts, bool) {
	for _, c := range list {
		if c.Millesime == m {
			return c.Counts, true
		}
	}
	return widget.Counts{}, false
}

// The real data loads with no rejected regional row and the counts of its SOURCE.md and SPEC §11.
func TestRealData(t *testing.T) {
	dir := realdata.RealDir(t)
	s, r := mustLoad(t, dir)

	reg := r.File(FileRegional)
	if reg.Read != 40322 || reg.Kept != 40322 || len(reg.Rejets) != 0 || s.Rows() != 40322 {
		t.Errorf("regional: read %d kept %d rejected %d rows %d; want 40322 kept, 0 rejected: %v",
			reg.Read, reg.Kept, len(reg.Rejets), s.Rows(), reg.Rejets)
	}
	wantM := []Count{{"2019_2020", 9096}, {"2020_2021", 9856}, {"2021_2022", 10458}, {"2022_2023", 10912}}
	if !slices.Equal(r.Millesimes, wantM) {
		t.Errorf("per millésime %v, want %v", r.Millesimes, wantM)
	}
	wantV := []VoieCount{{widget.VoieApprentissage, 25072, 1402}, {widget.VoieScolaire, 15250, 598}}
	if !slices.Equal(r.Voies, wantV) {
		t.Errorf("per voie %v, want %v", r.Voies, wantV)
	}
	if len(r.Regions) != 17 || len(s.RegionCodes()) != 17 {
		t.Errorf("%d regions with rows, want 17", len(r.Regions))
	}
	if len(r.SansLibelle) != 0 {
		t.Errorf("codes without label: %v", r.SansLibelle)
	}
	// The only rejected rows of the real data: one MEF_STAT_11 mapped to two CFDs in BCN N_MEF, and
	// the 7 rows of N_FORMATION_DIPLOME whose link is a 7-character code (issue 12).
	nLinks := []int{24, 491, 1610, 2088, 2493, 2609, 3811}
	for _, j := range r.Rejets() {
		switch {
		case j.File == r.File(FileMEF).Path && (j.Line == 2019 || j.Line == 9051):
		case j.File == r.File(FileFormationsN).Path && slices.Contains(nLinks, j.Line) && strings.Contains(j.Reason, "(a CFD: 8 characters)"):
		default:
			t.Errorf("unexpected rejection %s", j)
		}
	}
	if got := s.Millesimes(widget.ScopeCertification); !slices.Equal(got, []widget.Millesime{"2019_2020", "2020_2021", "2021_2022", "2022_2023"}) {
		t.Errorf("Millesimes = %v", got)
	}

	n := widget.Some
	tests := []struct {
		name      string
		scope     widget.Scope
		region    string
		code      widget.Code
		m         widget.Millesime
		term      widget.N
		emploi    widget.N
		poursuite widget.N
	}{
		{"BTS communication IDF", widget.ScopeRegion, "11", cfd("32032002"), "2022_2023", n(1064), n(216), n(646)},
		{"BTS communication IDF 2021", widget.ScopeRegion, "11", cfd("32032002"), "2021_2022", n(639), n(149), n(363)},
		{"CFD with a letter", widget.ScopeRegion, "11", cfd("36X32318"), "2022_2023", n(40), n(1), n(39)},
		{"half-even 57.5", widget.ScopeRegion, "11", mef("23220034307"), "2021_2022", n(40), n(2), n(23)},
		{"cohort 19", widget.ScopeRegion, "11", mef("23220022349"), "2019_2020", n(19), n(6), n(10)},
		{"cohort 20", widget.ScopeRegion, "11", mef("32221034301"), "2019_2020", n(20), n(6), n(8)},
		{"SPEC rule 4", widget.ScopeRegion, "11", mef("23220025126"), "2021_2022", n(22), n(0), n(22)},
		{"France", widget.ScopeCertification, "", cfd("32032002"), "2022_2023", n(2757), n(644), n(1627)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := cohorte(s.Cohortes(tt.scope, tt.region, tt.code), tt.m)
			if !ok || got.NbAnneeTerm != tt.term || got.NbEnEmploi6Mois != tt.emploi || got.NbPoursuiteEtudes != tt.poursuite {
				t.Errorf("%v %s: got %+v (found %v); want %v / %v / %v", tt.code, tt.m, got, ok, tt.term, tt.emploi, tt.poursuite)
			}
		})
	}
	// France 32032002 2022_2023 is the sum of 14 regions.
	regions := 0
	for _, code := range s.RegionCodes() {
		if _, ok := cohorte(s.Cohortes(widget.ScopeRegion, code, cfd("32032002")), "2022_2023"); ok {
			regions++
		}
	}
	if regions != 14 {
		t.Errorf("32032002 2022_2023 in %d regions, want 14", regions)
	}
	// The voie is part of the key: the MEFSTAT11 has no apprentissage data.
	if got := s.Cohortes(widget.ScopeRegion, "11", cfd("23220034307"[:8])); got != nil {
		t.Errorf("CFD prefix of a MEFSTAT11 has data: %v", got)
	}

	certs := []struct {
		code widget.Code
		want widget.Certification
	}{
		{cfd("32032002"), widget.Certification{CFD: "32032002", Libelle: "COMMUNICATION (BTS)", LibelleAffiche: "Communication (BTS)", TypeDiplome: "BTS"}},
		{mef("23220034307"), widget.Certification{CFD: "50034307", Libelle: "AGENT DE PROPRETE ET D'HYGIENE (CAP)", LibelleAffiche: "Agent de propreté et d'hygiène (CAP)", TypeDiplome: "CAP"}},
	}
	for _, tt := range certs {
		tt.want.Code = tt.code
		if got, ok := s.Certification(tt.code); !ok || got != tt.want {
			t.Errorf("Certification(%v) = %+v, %v; want %+v", tt.code, got, ok, tt.want)
		}
	}
	if g, ok := s.Region("01"); !ok || g.Nom != "Guadeloupe" {
		t.Errorf(`Region("01") = %v, %v`, g, ok)
	}
	if g, ok := s.Region("84"); !ok || g.Nom != "Auvergne-Rhône-Alpes" {
		t.Errorf(`Region("84") = %v, %v`, g, ok)
	}
	if _, ok := s.Region("10"); ok {
		t.Errorf(`Region("10") found`)
	}

	// SPEC §11 end to end through widget.Build: shares and states from this snapshot.
	shares := []struct {
		scope  widget.Scope
		region string
		code   string
		m      widget.Millesime
		state  widget.State
		taux   [3]int // emploi, formation, autres
	}{
		{widget.ScopeRegion, "11", "32032002", "2022_2023", widget.StateOK, [3]int{20, 61, 19}},
		{widget.ScopeRegion, "11", "32032002", "2021_2022", widget.StateOK, [3]int{23, 57, 20}},
		{widget.ScopeRegion, "11", "36X32318", "2022_2023", widget.StateOK, [3]int{2, 98, 0}},
		{widget.ScopeRegion, "11", "23220034307", "2021_2022", widget.StateOK, [3]int{5, 58, 37}},
		{widget.ScopeRegion, "11", "23220022349", "2019_2020", widget.StateMasque, [3]int{}},
		{widget.ScopeRegion, "11", "32221034301", "2019_2020", widget.StateOK, [3]int{30, 40, 30}},
		{widget.ScopeRegion, "11", "23220025126", "2021_2022", widget.StateOK, [3]int{0, 100, 0}},
		{widget.ScopeCertification, "", "32032002", "2022_2023", widget.StateOK, [3]int{23, 59, 18}},
	}
	for _, tt := range shares {
		code, _ := widget.ParseCode(tt.code)
		v, err := widget.Build(widget.Request{Scope: tt.scope, Region: tt.region, Code: code, Millesime: tt.m}, s)
		if err != nil {
			t.Fatal(err)
		}
		got := [3]int{v.Blocs[0].Taux.EnEmploi6Mois.V, v.Blocs[0].Taux.EnFormation.V, v.Blocs[0].Taux.Autres6Mois.V}
		if v.State != tt.state || got != tt.taux {
			t.Errorf("%s %s %s %s: %s %v, want %s %v", tt.scope, tt.region, tt.code, tt.m, v.State, got, tt.state, tt.taux)
		}
	}
}

// FuzzLoadRegional feeds arbitrary bytes as the regional file (the other files are the demo's):
// the load never panics, every row read is either kept or rejected, and kept counts obey the
// bounds the loader checks.
func FuzzLoadRegional(f *testing.F) {
	for _, p := range []string{
		"demo/" + FileRegional,
		"testdata/ok/" + FileRegional,
		"testdata/bad/" + FileRegional,
		"testdata/variants/regional_lf.csv",
		"testdata/variants/regional_no_sortant.csv",
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("\xEF\xBB\xBF"))
	f.Add([]byte("millesime;code_region;voie;cfd;mefstat11;nb_annee_term;nb_en_emploi_6_mois;nb_en_emploi_12_mois;nb_en_emploi_18_mois;nb_en_emploi_24_mois;nb_poursuite_etudes;nb_sortant\r\n\"2022_2023;11;apprentissage;32032002;;1;;;;;;\n"))
	base := fstest.MapFS{}
	for _, name := range Files() {
		b, err := demoFiles.ReadFile("demo/" + name)
		if err != nil {
			f.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: b}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := fstest.MapFS{}
		for k, v := range base {
			m[k] = v
		}
		m[FileRegional] = &fstest.MapFile{Data: data}
		s, r, err := LoadFS(m, "fuzz")
		if r == nil {
			t.Fatal("nil report")
		}
		for _, fr := range r.Files {
			if fr.Read != fr.Kept+len(fr.Rejets) {
				t.Fatalf("%s: read %d kept %d rejected %d", fr.Name, fr.Read, fr.Kept, len(fr.Rejets))
			}
		}
		if err != nil {
			if s != nil {
				t.Fatal("snapshot with an error")
			}
			return
		}
		if s.Rows() != r.File(FileRegional).Kept {
			t.Fatalf("Rows %d, kept %d", s.Rows(), r.File(FileRegional).Kept)
		}
		for ck, list := range s.index {
			for _, e := range list {
				c := e.counts.unpack()
				for _, n := range countFields(&c)[1:] {
					if n.Valid && (n.V < 0 || (c.NbAnneeTerm.Valid && n.V > c.NbAnneeTerm.V)) {
						t.Fatalf("%v %s %s: %+v", ck, e.region, e.millesime, c)
					}
				}
			}
			_ = s.Cohortes(widget.ScopeCertification, "", codeOf(ck))
		}
		var sink discard
		if err := r.WriteText(&sink); err != nil {
			t.Fatal(err)
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkLoad loads the real data; heap-MB is the live heap held by one Snapshot after a GC.
func BenchmarkLoad(b *testing.B) {
	dir := realdata.RealDir(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	s, _, err := Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/1e6, "heap-MB")
	runtime.KeepAlive(s)
}

// BenchmarkCohortesFrance is the uncached cost of a national look-up (sum over the regions).
func BenchmarkCohortesFrance(b *testing.B) {
	s, _ := mustLoad(b, realdata.RealDir(b))
	code := cfd("32032002")
	b.ReportAllocs()
	for b.Loop() {
		s.Cohortes(widget.ScopeCertification, "", code)
	}
}
