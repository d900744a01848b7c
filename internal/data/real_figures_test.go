package data

import (
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
