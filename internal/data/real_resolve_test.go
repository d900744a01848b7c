package data

import (
	"bytes"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

func loadReal(t *testing.T) (*Snapshot, *Report) {
	t.Helper()
	dir := realdata.RealDir(t)
	s, r := mustLoad(t, dir)
	return s, r
}

func hasMillesime(s *Snapshot, scope widget.Scope, region string, c widget.Code, m widget.Millesime) bool {
	for _, co := range s.Cohortes(scope, region, c) {
		if co.Millesime == m {
			return true
		}
	}
	return false
}

// TestRealResolve checks each rule of issue 12 on real codes.
func TestRealResolve(t *testing.T) {
	s, rep := loadReal(t)

	t.Run("own figures", func(t *testing.T) {
		got := s.Resolve(mef("23830023102")) // bac pro Travaux publics, terminale
		want := widget.Resolution{Demande: mef("23830023102"), Affiche: mef("23830023102")}
		if !reflect.DeepEqual(got, want) || got.Regle() != widget.RegleCode || got.Continuum() != widget.RegleCode {
			t.Errorf("got %+v", got)
		}
	})

	t.Run("1st year → final year", func(t *testing.T) {
		// 2nde pro Maintenance des véhicules option C motocycles: no rows of its own.
		got := s.Resolve(mef("23810025216"))
		want := widget.Resolution{Demande: mef("23810025216"), Affiche: mef("23830025216"), Etapes: []widget.Etape{{
			Regle: widget.RegleAnneeTerminale, De: mef("23810025216"), Vers: mef("23830025216"),
			Libelle: s.displayLabel("40025216"),
		}}}
		if !reflect.DeepEqual(got, want) || got.Regle() != widget.RegleAnneeTerminale {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
		if len(s.Cohortes(widget.ScopeCertification, "", mef("23810025216"))) != 0 || !hasMillesime(s, widget.ScopeCertification, "", got.Affiche, "2022_2023") {
			t.Error("the 1st year has rows of its own, or its final year none for 2022_2023")
		}
		// 1st year of a 2-year BTS: 1BTS2 → 2BTS2.
		if got := s.Resolve(mef("32211022709")); got.Affiche != mef("32221022709") {
			t.Errorf("BTS 1st year: %+v", got)
		}
	})

	t.Run("common 2nde → specialties", func(t *testing.T) {
		got := s.Resolve(mef("23810020006")) // 2nde commune construction durable
		if got.Famille == nil || got.Affiche.Value != "" || got.Regle() != widget.RegleFamille {
			t.Fatalf("got %+v", got)
		}
		if got.Famille.Libelle != "Construction durable du bâtiment et des travaux publics" {
			t.Errorf("famille %q", got.Famille.Libelle)
		}
		var codes []string
		for _, sp := range got.Famille.Specialites {
			codes = append(codes, sp.Resolution.Affiche.Value)
			if !sp.Resolution.Found() {
				t.Errorf("specialty without figures listed: %+v", sp)
			}
		}
		if !slices.Contains(codes, "23830023102") {
			t.Errorf("travaux publics (23830023102) not among %v", codes)
		}
		labels := make([]string, len(got.Famille.Specialites))
		for i, sp := range got.Famille.Specialites {
			labels[i] = sp.Libelle
		}
		if !slices.IsSorted(labels) {
			t.Errorf("specialties not sorted by label: %v", labels)
		}
		// The specialty itself keeps its own figures.
		if sp := s.Resolve(mef("23830023102")); sp.Affiche != mef("23830023102") || sp.Famille != nil {
			t.Errorf("specialty: %+v", sp)
		}
	})

	t.Run("renamed diploma → predecessor", func(t *testing.T) {
		// CAP Gardien d'immeubles (50034406, apprentissage) has no rows; the BCN links it 1↔1 to
		// CAP Gardien d'immeuble (50034404), closed in 2026.
		got := s.Resolve(cfd("50034406"))
		want := []widget.Etape{{Regle: widget.RegleAncienne, De: cfd("50034406"), Vers: cfd("50034404"),
			Source: SourceBCN, Libelle: s.displayLabel("50034404"), Annee: 2026}}
		if got.Affiche != cfd("50034404") || !reflect.DeepEqual(got.Etapes, want) || got.Continuum() != widget.RegleAncienne {
			t.Errorf("got %+v", got)
		}
		var used *LinkUse
		for i, l := range rep.LiensUtilises {
			if l.Ancien == "50034404" && l.Nouveau == "50034406" {
				used = &rep.LiensUtilises[i]
			}
		}
		if used == nil || !slices.Equal(used.Sources, []string{SourceBCN}) {
			t.Errorf("link 50034404 → 50034406 not in the report's table: %+v", used)
		}
	})

	t.Run("final year then successor, each step said", func(t *testing.T) {
		got := s.Resolve(mef("23820025210")) // 1re pro maintenance de véhicules option motocycles (old)
		if len(got.Etapes) != 2 || got.Etapes[0].Regle != widget.RegleAnneeTerminale || got.Etapes[1].Regle != widget.RegleNouvelle ||
			got.Affiche != mef("23830025216") || got.Continuum() != widget.RegleNouvelle {
			t.Errorf("got %+v", got)
		}
	})

	t.Run("other duration of the same diploma", func(t *testing.T) {
		autre := func(from, to string, d int) widget.Etape {
			return widget.Etape{Regle: widget.RegleAutreDuree, De: mef(from), Vers: mef(to), Libelle: s.displayLabel(s.mef[to]), Duree: d}
		}
		term := func(from, to string) widget.Etape {
			return widget.Etape{Regle: widget.RegleAnneeTerminale, De: mef(from), Vers: mef(to), Libelle: s.displayLabel(s.mef[to])}
		}
		for _, tc := range []struct {
			name, code string
			want       []widget.Etape
		}{
			// CAP Charpentier bois in 1 year (241 → 240 dispositifs): the CAP in 2 years.
			{"CAP in 1 year", "23110023446", []widget.Etape{autre("23110023446", "23220023446", 2)}},
			// BTS Photographie in 1 year: the BTS in 2 years.
			{"BTS in 1 year", "32111032325", []widget.Etape{autre("32111032325", "32221032325", 2)}},
			// CAP Maçon in 3 years, final year: the CAP in 2 years.
			{"CAP in 3 years", "23330023224", []widget.Etape{autre("23330023224", "23220023224", 2)}},
			// 2nd year of the CAP bijouterie-sertissage in 3 years: its final year, which has no
			// figures, then the CAP in 2 years; both steps said.
			{"2nd year of a CAP in 3 years", "23320022362", []widget.Etape{term("23320022362", "23330022362"), autre("23330022362", "23220022362", 2)}},
			// CAP 50022133 in 3 years: the 1-year CAP (151 in 2022_2023) and the 2-year one (43)
			// have figures; the largest cohort, never their sum.
			{"largest cohort", "23330022133", []widget.Etape{autre("23330022133", "23110022133", 1)}},
		} {
			got := s.Resolve(mef(tc.code))
			last := tc.want[len(tc.want)-1]
			want := widget.Resolution{Demande: mef(tc.code), Affiche: last.Vers, Etapes: tc.want}
			if !reflect.DeepEqual(got, want) || got.Regle() != widget.RegleAutreDuree || got.Continuum() != widget.RegleCode {
				t.Errorf("%s: got %+v\nwant %+v", tc.name, got, want)
			}
			if !hasMillesime(s, widget.ScopeCertification, "", last.Vers, "2022_2023") {
				t.Errorf("%s: %s has no 2022_2023 figures", tc.name, last.Vers)
			}
		}
		// Never over its own figures: the 2-year CAP shows its own.
		if got := s.Resolve(mef("23220023446")); got.Regle() != widget.RegleCode {
			t.Errorf("own figures: %+v", got)
		}
		// Every use of the rule over the whole BCN: from a final-year MEFSTAT11 without rows to a
		// final-year MEFSTAT11 of the same CFD in another duration, with rows; never from a CFD
		// (apprentissage), never to one (voies are not crossed).
		n := 0
		for _, c := range append(s.allMEFs(), s.allCFDs()...) {
			for _, e := range s.Resolve(c).Etapes {
				if e.Regle != widget.RegleAutreDuree {
					continue
				}
				n++
				de, vers := s.mefInfo[e.De.Value], s.mefInfo[e.Vers.Value]
				if e.De.Kind != widget.KindMEFSTAT11 || e.Vers.Kind != widget.KindMEFSTAT11 || de.cfd != vers.cfd || de.duree == vers.duree ||
					de.annee != de.duree || vers.annee != vers.duree || s.hasRows(e.De) || !s.hasRows(e.Vers) || int(vers.duree) != e.Duree {
					t.Errorf("%s: bad step %+v", c, e)
				}
			}
		}
		if n == 0 {
			t.Error("the rule is never used")
		}
	})

	t.Run("merge refused", func(t *testing.T) {
		// Bac pro Cybersécurité (40025519) replaces the three options of Systèmes numériques: a
		// merge, never followed.
		if got := s.Resolve(cfd("40025519")); got.Found() || len(got.Etapes) != 0 {
			t.Errorf("merge followed: %+v", got)
		}
		_, refused := s.Links()
		n := 0
		for _, r := range refused {
			if r.Nouveau == "40025519" && r.Fusion {
				n++
			}
		}
		if n != 3 {
			t.Errorf("%d refused links into 40025519, want 3", n)
		}
	})

	t.Run("partner identifiers", func(t *testing.T) {
		one := s.Identify(widget.PartnerID{Kind: widget.KindRNCP, Value: "34700"})
		if !one.Unique() || one.Candidats[0].CFD != "46X23304" || !slices.Equal(one.Sources, []string{SourceCertifInfo, SourceKit}) {
			t.Errorf("RNCP 34700: %+v", one)
		}
		several := s.Identify(widget.PartnerID{Kind: widget.KindRNCP, Value: "19117"})
		var cfds []string
		for _, c := range several.Candidats {
			cfds = append(cfds, c.CFD)
		}
		if !slices.Equal(cfds, []string{"40025214", "40025215", "40025216"}) {
			t.Errorf("RNCP 19117: %v", cfds)
		}
		on := s.Identify(widget.PartnerID{Kind: widget.KindOnisep, Value: "FOR.5614"})
		if !on.Unique() || on.Candidats[0].CFD != "40025216" ||
			!slices.Equal(on.Candidats[0].Codes, []widget.Code{cfd("40025216"), mef("23830025216")}) {
			t.Errorf("ONISEP FOR.5614: %+v", on)
		}
		ci := s.Identify(widget.PartnerID{Kind: widget.KindCertifInfo, Value: "82567"})
		if !ci.Unique() || ci.Candidats[0].CFD != "46X23304" {
			t.Errorf("CERTIFINFO 82567: %+v", ci)
		}
		// An Onisep formation outside the Education nationale: unknown, never a guess.
		if u := s.Identify(widget.PartnerID{Kind: widget.KindOnisep, Value: "FOR.6913"}); len(u.Candidats) != 0 {
			t.Errorf("FOR.6913: %+v", u)
		}
	})

	t.Run("(UAI, code) → region", func(t *testing.T) {
		// Affelnet: lycée 0010001W (Ain) lists the 1re pro 23820022703; its region has figures
		// for the final year.
		reg, ok := s.RegionUAI("0010001W")
		if !ok || reg.Code != "84" {
			t.Fatalf("0010001W: %v %v", reg, ok)
		}
		res := s.Resolve(mef("23820022703"))
		if res.Affiche != mef("23830022703") || !hasMillesime(s, widget.ScopeRegion, reg.Code, res.Affiche, "2022_2023") {
			t.Errorf("23820022703 in 84: %+v", res)
		}
		for uai, want := range map[string]string{"6200001A": "94", "7200009X": "94", "9740001A": "04", "0750001A": "11"} {
			if r, ok := s.RegionUAI(uai); !ok || r.Code != want {
				t.Errorf("RegionUAI(%s) = %v %v, want %s", uai, r, ok, want)
			}
		}
		if _, ok := s.RegionUAI("9750001A"); ok { // Saint-Pierre-et-Miquelon: no INSEE region of the list
			t.Error("9750001A has a region")
		}
	})

	t.Run("inventory and problems", func(t *testing.T) {
		inv := s.Inventory()
		if inv.Identifiants == 0 || inv.Liens != len(mustLinks(s)) {
			t.Errorf("inventory %+v", inv)
		}
		if p := rep.Problems(inv, 0.02); len(p) != 0 {
			t.Errorf("problems on the real data: %v", p)
		}
	})
}

func mustLinks(s *Snapshot) []Link {
	a, _ := s.Links()
	return a
}

// TestRealCoverage runs the coverage measure on the real data and the two partner catalogues.
func TestRealCoverage(t *testing.T) {
	s, _ := loadReal(t)
	dir := realdata.RealDir(t)
	cov := s.Coverage("", "20261201")
	var tot, own, with int
	for _, r := range cov.Rows {
		tot += r.Codes
		own += r.ParRegle[widget.RegleCode]
		with += r.Couverts()
	}
	if cov.Millesime != "2022_2023" || tot == 0 || with <= own {
		t.Errorf("coverage %s: %d codes, %d own, %d with rules", cov.Millesime, tot, own, with)
	}
	for _, name := range []string{"affelnet_capacite_voeux_2021_uai_mefstat11.csv", "parcoursup_bts_capacite_voeux_2023_uai_mefstat11_cfd.csv"} {
		c, err := ReadCatalogue(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		k := s.CatalogueCoverage(c, "")
		if got := float64(k.Lines-k.ParScope[ScopeAucun]) / float64(k.Lines); got < 0.75 {
			t.Errorf("%s: %.1f %% of the lines get figures, want ≥ 75 %%", name, 100*got)
		}
		cov.Catalogue = k
		var b bytes.Buffer
		if err := cov.WriteText(&b); err != nil || !strings.Contains(b.String(), "reasons for none:") {
			t.Errorf("%s: %v\n%s", name, err, b.String())
		}
	}
}

// TestRealLabels: every certification with figures has a display label, none in capitals, and
// those whose BCN label lost its accents get some back (issue 12 item 6).
func TestRealLabels(t *testing.T) {
	s, _ := loadReal(t)
	var caps []string
	accented := 0
	for _, c := range s.Codes() {
		cert, _ := s.Certification(c)
		l := cert.LibelleAffiche
		words := strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(l))
		upper := 0
		for _, w := range words {
			if len(w) > 3 && strings.ToUpper(w) == w && strings.ToLower(w) != w {
				upper++
			}
		}
		if l == "" || (len(words) > 0 && upper*2 > len(words)) {
			caps = append(caps, c.String()+" "+l)
		}
		if strings.ContainsAny(l, "éèêëàâîïôûùçÉÈÊÀÂÎÔÛÇœ") {
			accented++
		}
	}
	if len(caps) > 0 {
		t.Errorf("%d labels empty or mostly in capitals: %v", len(caps), caps[:min(10, len(caps))])
	}
	t.Logf("%d of %d certifications with figures have an accented display label", accented, len(s.Codes()))
	if accented < 1000 {
		t.Errorf("only %d accented labels", accented)
	}
}

func (s *Snapshot) allMEFs() []widget.Code {
	var out []widget.Code
	for m := range s.mefInfo {
		out = append(out, mef(m))
	}
	return out
}

func (s *Snapshot) allCFDs() []widget.Code {
	var out []widget.Code
	for c := range s.formations {
		out = append(out, cfdCode(c))
	}
	return out
}
