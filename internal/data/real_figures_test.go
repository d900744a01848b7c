package data

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// Issue 10 item 6: SPEC §4 rule 4 at every horizon (rule 8). An "everyone continued" region row
// with empty employment counts gets 0 at 18 and 24 months too, where its millésime measures them,
// so the national sums keep those counts; millésimes without 18/24 months keep none.
func TestRealRule4EveryHorizon(t *testing.T) {
	s, _ := mustLoad(t, realdata.RealDir(t))

	// France, apprentissage 32031310, 2019_2020: one region row has every learner continuing and
	// no employment counts; before the fix the 18- and 24-month sums were missing.
	fr, ok := cohorte(s.Cohortes(widget.ScopeCertification, "", widget.Code{Kind: widget.KindCFD, Value: "32031310"}), "2019_2020")
	n := widget.Some
	want := widget.Counts{NbAnneeTerm: n(743), NbEnEmploi12Mois: n(268), NbEnEmploi18Mois: n(282), NbEnEmploi24Mois: n(290)}
	if !ok || fr.NbAnneeTerm != want.NbAnneeTerm || fr.NbEnEmploi12Mois != want.NbEnEmploi12Mois ||
		fr.NbEnEmploi18Mois != want.NbEnEmploi18Mois || fr.NbEnEmploi24Mois != want.NbEnEmploi24Mois {
		t.Errorf("France 32031310 2019_2020 = %+v, want cohort 743, employed 268 / 282 / 290 at 12 / 18 / 24 months", fr)
	}
	if tx := widget.ComputeTaux(fr); tx.EnEmploi18Mois != n(38) || tx.EnEmploi24Mois != n(39) {
		t.Errorf("shares at 18 / 24 months = %v / %v, want 38 / 39", tx.EnEmploi18Mois, tx.EnEmploi24Mois)
	}

	// Every national cohort: a 12-month count comes with 18- and 24-month ones exactly for the
	// millésimes that measure them (before the fix: 70 keys of 2019_2020 and 2020_2021 lacked
	// them, 55 of them with a cohort of 20 or more).
	lacking, invented := 0, 0
	for ck := range s.index {
		for _, c := range s.Cohortes(widget.ScopeCertification, "", widget.Code{Kind: kindOf(ck.voie), Value: ck.code}) {
			measured := c.Millesime == "2019_2020" || c.Millesime == "2020_2021"
			has := c.Counts.NbEnEmploi18Mois.Valid && c.Counts.NbEnEmploi24Mois.Valid
			switch {
			case measured && c.Counts.NbEnEmploi12Mois.Valid && !has:
				lacking++
			case !measured && (c.Counts.NbEnEmploi18Mois.Valid || c.Counts.NbEnEmploi24Mois.Valid):
				invented++
			}
		}
	}
	if lacking != 0 || invented != 0 {
		t.Errorf("national cohorts with a 12-month count and no 18/24: %d, with 18/24 counts in a millésime without them: %d; want 0 and 0", lacking, invented)
	}
}

// kindOf is the code kind keying a voie's regional rows.
func kindOf(v widget.Voie) widget.CodeKind {
	if v == widget.VoieScolaire {
		return widget.KindMEFSTAT11
	}
	return widget.KindCFD
}

// widgetJSON is the part of a widget's JSON these tests read (decoded from the JSON, so the test
// reads what a client reads).
type widgetJSON struct {
	State       string                `json:"state"`
	Message     string                `json:"message"`
	Millesime   string                `json:"millesime"`
	Disponibles []string              `json:"millesimes_disponibles"`
	NbAnneeTerm *int                  `json:"nb_annee_term"`
	Exclus      int                   `json:"nb_annee_term_exclus"`
	Emploi      *int                  `json:"taux_en_emploi_6_mois"`
	Formation   *int                  `json:"taux_en_formation"`
	Autres      *int                  `json:"taux_autres_6_mois"`
	Filieres    map[string]widgetJSON `json:"filieres"`
}

func buildJSON(t *testing.T, s *Snapshot, route widget.Route, q url.Values) widgetJSON {
	t.Helper()
	req, err := widget.ParseRoute(route, q, widget.Options{Themes: []string{"dsfr"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := widget.Build(req, s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v.JSON())
	if err != nil {
		t.Fatal(err)
	}
	var j widgetJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	return j
}

func intOr(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// Issue 10 item 6: a national cohort under 20 counted only the regions whose outcome counts are
// published, so masked widgets showed part of the cohort (425 on the real data) and 84 said
// "too few learners" of a whole cohort of 20 or more. The whole cohort is shown and judged; a
// whole of 20 or more with fewer than 20 published is "publication_insuffisante".
func TestRealFranceWholeCohort(t *testing.T) {
	s, _ := mustLoad(t, realdata.RealDir(t))
	fr := func(code, m string, q url.Values) widgetJSON {
		if q == nil {
			q = url.Values{}
		}
		q.Set("millesime", m)
		return buildJSON(t, s, widget.Route{Scope: widget.ScopeCertification, Last: code + ".json"}, q)
	}
	tests := []struct {
		name, code, m, voie string
		filieres            bool
		state               string
		nb, exclus          int
	}{
		{"masked, whole cohort (was 13 of 18)", "01022001", "2022_2023", "", false, "effectif_insuffisant", 18, 0},
		{"20 learners, 15 published (was too few, 15)", "01023306", "2021_2022", "", false, "publication_insuffisante", 15, 5},
		{"20 learners, 6 published", "40025513", "2020_2021", "", false, "publication_insuffisante", 6, 14},
		{"both voies: 20 learners, 18 published (was too few, 18)", "01023302", "2020_2021", "scolaire", true, "publication_insuffisante", 18, 2},
		{"both voies: masked, whole cohort (was 13 of 18)", "01023302", "2021_2022", "scolaire", true, "effectif_insuffisant", 18, 0},
		{"published part of 20 or more: shares over it, the rest said", "32032002", "2022_2023", "", false, "ok", 2757, 0},
	}
	for _, tt := range tests {
		var q url.Values
		if tt.filieres {
			q = url.Values{"vue": {"filieres"}}
		}
		j := fr(tt.code, tt.m, q)
		if tt.filieres {
			j = j.Filieres[tt.voie]
		}
		if j.State != tt.state || intOr(j.NbAnneeTerm) != tt.nb || j.Exclus != tt.exclus || (tt.state != "ok" && j.Emploi != nil) {
			t.Errorf("%s: %s nb_annee_term %d exclus %d emploi %v; want %s %d %d", tt.name, j.State, intOr(j.NbAnneeTerm), j.Exclus, j.Emploi, tt.state, tt.nb, tt.exclus)
		}
	}

	// Every national widget of every key and millésime: a masked one shows the whole cohort
	// (the sum of every region's), and none says "too few" of a whole cohort of 20 or more.
	partial, tooFew, insuffisante := 0, 0, 0
	for ck, list := range s.index {
		whole := map[widget.Millesime]int{}
		for _, e := range list {
			if c := e.counts.unpack(); c.NbAnneeTerm.Valid {
				whole[e.millesime] += c.NbAnneeTerm.V
			}
		}
		for m, n := range whole {
			j := fr(ck.code, string(m), nil)
			switch {
			case j.State == "effectif_insuffisant" && n >= widget.SeuilEffectif:
				tooFew++
			case j.State == "effectif_insuffisant" && intOr(j.NbAnneeTerm) != n:
				partial++
			case j.State == "publication_insuffisante":
				insuffisante++
				if intOr(j.NbAnneeTerm)+j.Exclus != n || intOr(j.NbAnneeTerm) >= widget.SeuilEffectif {
					t.Errorf("%s %s: %d published + %d left out, whole %d", ck.code, m, intOr(j.NbAnneeTerm), j.Exclus, n)
				}
			}
		}
	}
	// Before the fix: 341 masked widgets showed part of the cohort and 84 said "too few".
	if partial != 0 || tooFew != 0 || insuffisante != 84 {
		t.Errorf("national widgets: %d masked showing part of the cohort, %d too few of 20 or more, %d publication_insuffisante; want 0, 0, 84",
			partial, tooFew, insuffisante)
	}
}

// Issue 10 item 6: an establishment row with blank shares answered "no data for 2023-2024,
// available: 2023-2024"; the five UAI in both establishment files took one default millésime
// for both voies, from the order of their rows (0640176U showed nothing though its lycée has
// shares).
func TestRealEtablissementStates(t *testing.T) {
	dir := realdata.RealDir(t)
	if _, err := os.Stat(filepath.Join(dir, FileEtablissementsCFA)); err != nil {
		t.Skip("no establishment files")
	}
	s, _ := mustLoad(t, dir)
	etab := func(uai, m string) widgetJSON {
		q := url.Values{}
		if m != "" {
			q.Set("millesime", m)
		}
		return buildJSON(t, s, widget.Route{Scope: widget.ScopeEtablissement, Last: uai + ".json"}, q)
	}
	// 0640176U: CFA rows of 2019_2020 and 2021_2022 to 2023_2024, all blank; lycée 2022_2023
	// published 21 / 67 / 12.
	j := etab("0640176U", "")
	sco, app := j.Filieres["scolaire"], j.Filieres["apprentissage"]
	if j.State != "ok" || sco.State != "ok" || sco.Millesime != "2022_2023" || intOr(sco.Emploi) != 21 || intOr(sco.Formation) != 67 || intOr(sco.Autres) != 12 ||
		app.State != "non_publie" || app.Millesime != "2023_2024" || len(app.Disponibles) != 0 ||
		app.Message != "Les chiffres de cet établissement ne sont pas publiés pour les promotions 2023 et 2024." {
		t.Errorf("0640176U: %+v", j)
	}
	// 0451335G: both voies published, each at its file's newest millésime.
	j = etab("0451335G", "")
	sco, app = j.Filieres["scolaire"], j.Filieres["apprentissage"]
	if sco.State != "ok" || sco.Millesime != "2022_2023" || intOr(sco.Emploi) != 29 || app.State != "ok" || app.Millesime != "2023_2024" || intOr(app.Emploi) != 26 {
		t.Errorf("0451335G: %+v", j)
	}

	// Every establishment, by default and at every millésime: a blank row is non_publie, and no
	// answer lists the millésime it says has no figures.
	nonPublie, nonPublieDefault, listsAsked := 0, 0, 0
	var ms []string
	for _, v := range []widget.Voie{widget.VoieApprentissage, widget.VoieScolaire} {
		for _, m := range s.MillesimesParts(widget.ScopeEtablissement, v) {
			if !slices.Contains(ms, string(m)) {
				ms = append(ms, string(m))
			}
		}
	}
	for _, uai := range s.EtablissementUAIs() {
		for _, m := range append([]string{""}, ms...) {
			j := etab(uai, m)
			blocs := []widgetJSON{j}
			if j.Filieres != nil {
				blocs = []widgetJSON{j.Filieres["scolaire"], j.Filieres["apprentissage"]}
			}
			for _, b := range blocs {
				if b.State != "ok" && b.State != "partiel" && slices.Contains(b.Disponibles, j.Millesime) && (b.Millesime == "" || b.Millesime == j.Millesime) {
					listsAsked++
				}
			}
			if j.State == "non_publie" {
				nonPublie++
				if m == "" {
					nonPublieDefault++
				}
			}
		}
	}
	// Before the fix: 0 non_publie, and 4,897 answers listing the millésime they had no data for.
	if nonPublie != 4894 || nonPublieDefault != 614 || listsAsked != 0 {
		t.Errorf("establishment widgets: %d non_publie (%d default), %d listing the asked millésime; want 4894 (614), 0", nonPublie, nonPublieDefault, listsAsked)
	}
}
