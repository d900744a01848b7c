package data

import (
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// oldPictogrammes is the apportionment before issue 13: largest remainder, every tie broken in
// display order, so that two equal shares could get different counts.
func oldPictogrammes(s [3]int) [3]int {
	var got [3]int
	left := widget.NbPictogrammes
	for i := range s {
		got[i] = s[i] / 10
		left -= got[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i := range s {
			if s[i]%10 > 0 && (best < 0 || s[i]%10 > s[best]%10) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		got[best]++
		s[best] -= s[best] % 10
	}
	return got
}

// Issue 13: in 129 of the 6,651 regional 2022_2023 widgets with pictograms, two equal shares
// read differently ("3 apprentis sur 10 … – 25 %" beside "2 apprentis sur 10 … – 25 %"). With
// the shared figure, equal shares always get the same figures and the same sentence, and the
// ten figures still total 10.
func TestRealEqualSharesEqualPictos(t *testing.T) {
	s, _ := mustLoad(t, realdata.RealDir(t))
	keys := [3]string{"emploi", "formation", "autres"}
	widgets, before, after, shared := 0, 0, 0, 0
	for _, list := range s.index {
		for _, e := range list {
			if e.millesime != "2022_2023" {
				continue
			}
			tx := widget.ComputeTaux(e.counts.unpack())
			p, ok := widget.ComputePictogrammes(tx)
			if !ok {
				continue
			}
			widgets++
			shares := [3]int{tx.EnEmploi6Mois.V, tx.EnFormation.V, tx.Autres6Mois.V}
			old := oldPictogrammes(shares)
			total := p.Emploi + p.Formation + p.Autres
			if p.Partage[0] != "" {
				shared++
				total++
			}
			if total != widget.NbPictogrammes {
				t.Errorf("%v: %+v totals %d figures", shares, p, total)
			}
			oldBad, newBad := false, false
			for i := 0; i < 3; i++ {
				for j := i + 1; j < 3; j++ {
					if shares[i] != shares[j] {
						continue
					}
					oldBad = oldBad || old[i] != old[j]
					newBad = newBad || p.Whole(keys[i]) != p.Whole(keys[j]) || p.Shared(keys[i]) != p.Shared(keys[j])
				}
			}
			if oldBad {
				before++
			}
			if newBad {
				after++
				t.Errorf("%v: equal shares get %+v", shares, p)
			}
		}
	}
	if widgets != 6651 || before != 129 || after != 0 || shared != 129 {
		t.Errorf("regional 2022_2023 widgets with pictograms: %d; equal shares with different figures: %d before, %d after; shared figures %d; want 6651, 129, 0, 129",
			widgets, before, after, shared)
	}
}
