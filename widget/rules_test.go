package widget

import "testing"

func TestShareHalfToEven(t *testing.T) {
	tests := []struct{ n, d, want int }{
		{216, 1064, 20}, // SPEC §11 region 11 32032002 2022_2023
		{646, 1064, 61},
		{23, 40, 58}, // 57.5 exactly: half-even goes up to 58 (float64 would say 57.4999…)
		{2, 40, 5},   // 5.0
		{1, 40, 2},   // 2.5 → 2 (even)
		{3, 40, 8},   // 7.5 → 8 (even)
		{39, 40, 98}, // 97.5 → 98
		{6, 20, 30},
		{0, 22, 0},
		{22, 22, 100},
		{1, 8, 12}, // 12.5 → 12
		{1, 3, 33},
		{2, 3, 67},
	}
	for _, tt := range tests {
		if got := Share(tt.n, tt.d); got != tt.want {
			t.Errorf("Share(%d, %d) = %d, want %d", tt.n, tt.d, got, tt.want)
		}
	}
}

func TestShareMatchesExactRationalRounding(t *testing.T) {
	// Cross-check against rounding on doubled integers for every n/d of small cohorts.
	for d := 1; d <= 400; d++ {
		for n := 0; n <= d; n++ {
			num, den := 200*n, 2*d // 100n/d = num/den
			q := num / den
			r := num - q*den
			want := q
			if 2*r > den || (2*r == den && q%2 == 1) {
				want++
			}
			if got := Share(n, d); got != want {
				t.Fatalf("Share(%d, %d) = %d, want %d", n, d, got, want)
			}
		}
	}
}

func counts(cohort, emploi, poursuite N) Counts {
	return Counts{NbAnneeTerm: cohort, NbEnEmploi6Mois: emploi, NbPoursuiteEtudes: poursuite}.Normalize(Horizons{})
}

func TestComputeTauxSpecRows(t *testing.T) {
	none := N{}
	tests := []struct {
		name                string
		c                   Counts
		emploi, form, autre N
	}{
		{"region 11 32032002 2022_2023", counts(Some(1064), Some(216), Some(646)), Some(20), Some(61), Some(19)},
		{"region 11 32032002 2021_2022", counts(Some(639), Some(149), Some(363)), Some(23), Some(57), Some(20)},
		{"region 11 36X32318 2022_2023", counts(Some(40), Some(1), Some(39)), Some(2), Some(98), Some(0)},
		{"region 11 23220034307 2021_2022 half-even", counts(Some(40), Some(2), Some(23)), Some(5), Some(58), Some(37)},
		{"cohort 19 masked", counts(Some(19), Some(6), Some(10)), none, none, none},
		{"cohort 20 shown", counts(Some(20), Some(6), Some(8)), Some(30), Some(40), Some(30)},
		{"rule 4: employment empty, all continue", counts(Some(22), none, Some(22)), Some(0), Some(100), Some(0)},
		{"employment empty, not all continue", counts(Some(29), none, Some(20)), none, Some(69), none},
		{"France 32032002 2022_2023", counts(Some(2757), Some(644), Some(1627)), Some(23), Some(59), Some(18)},
		{"cohort 0", counts(Some(0), Some(0), Some(0)), none, none, none},
		{"cohort missing", counts(none, Some(3), Some(4)), none, none, none},
		{"autres never negative", counts(Some(200), Some(101), Some(101)), Some(50), Some(50), Some(0)},
		{"count above cohort is no share", counts(Some(20), Some(21), Some(0)), none, Some(0), none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeTaux(tt.c)
			if got.EnEmploi6Mois != tt.emploi || got.EnFormation != tt.form || got.Autres6Mois != tt.autre {
				t.Errorf("ComputeTaux = %v/%v/%v, want %v/%v/%v", got.EnEmploi6Mois, got.EnFormation, got.Autres6Mois, tt.emploi, tt.form, tt.autre)
			}
		})
	}
}

func TestSharesSumTo100(t *testing.T) {
	for d := SeuilEffectif; d <= 300; d++ {
		for e := 0; e <= d; e++ {
			for f := 0; e+f <= d; f += 7 {
				tx := ComputeTaux(counts(Some(d), Some(e), Some(f)))
				sum := tx.EnEmploi6Mois.V + tx.EnFormation.V + tx.Autres6Mois.V
				if sum != 100 && !(sum == 101 && tx.Autres6Mois.V == 0) {
					t.Fatalf("d=%d e=%d f=%d: shares %v sum to %d", d, e, f, tx, sum)
				}
				p, ok := ComputePictogrammes(tx)
				shared := 0
				if p.Partage[0] != "" {
					shared = 1
				}
				if !ok || p.Emploi+p.Formation+p.Autres+shared != NbPictogrammes {
					t.Fatalf("d=%d e=%d f=%d: pictograms %v", d, e, f, p)
				}
				if (tx.EnEmploi6Mois.V == 0 && p.Emploi != 0) || (tx.EnFormation.V == 0 && p.Formation != 0) || (tx.Autres6Mois.V == 0 && p.Autres != 0) {
					t.Fatalf("a 0 share got a figure: %v %v", tx, p)
				}
			}
		}
	}
}

func TestNationalSum(t *testing.T) {
	a := counts(Some(1064), Some(216), Some(646))
	b := counts(Some(18), Some(7), Some(5))
	sum := a.Add(b)
	if sum.NbAnneeTerm != Some(1082) || sum.NbEnEmploi6Mois != Some(223) || sum.NbPoursuiteEtudes != Some(651) {
		t.Errorf("sum = %+v", sum)
	}
	c := counts(Some(5), N{}, Some(2))
	if got := a.Add(c).NbEnEmploi6Mois; got.Valid {
		t.Errorf("a sum with a missing count must be missing, got %v", got)
	}
}

func TestPictogrammes(t *testing.T) {
	ea := [2]string{"emploi", "autres"}
	ef := [2]string{"emploi", "formation"}
	fa := [2]string{"formation", "autres"}
	tests := []struct {
		e, f, a int
		want    Pictogrammes
	}{
		{20, 61, 19, Pictogrammes{2, 6, 2, [2]string{}}}, // SPEC §6
		{58, 34, 8, Pictogrammes{6, 3, 1, [2]string{}}},  // SPEC §6
		{23, 57, 20, Pictogrammes{2, 6, 2, [2]string{}}},
		{2, 98, 0, Pictogrammes{0, 10, 0, [2]string{}}},
		{5, 58, 37, Pictogrammes{0, 6, 4, [2]string{}}}, // remainders 5,8,7: formation then autres get the 2 left
		{30, 40, 30, Pictogrammes{3, 4, 3, [2]string{}}},
		{0, 100, 0, Pictogrammes{0, 10, 0, [2]string{}}},
		{33, 33, 34, Pictogrammes{3, 3, 4, [2]string{}}},
		{34, 33, 33, Pictogrammes{4, 3, 3, [2]string{}}},
		{5, 45, 50, Pictogrammes{1, 4, 5, [2]string{}}},  // tie 5/5 between unequal shares: display order
		{27, 27, 46, Pictogrammes{3, 3, 4, [2]string{}}}, // equal shares tie for 2 figures: one each
		// Issue 13: equal shares tying for the last figure share it (before: the first got it).
		{15, 15, 70, Pictogrammes{1, 1, 7, ef}},          // was 2/1/7
		{4, 4, 92, Pictogrammes{0, 0, 9, ef}},            // was 1/0/9: both "moins d'1 sur 10"
		{25, 50, 25, Pictogrammes{2, 5, 2, ea}},          // SPEC §6 example
		{45, 45, 10, Pictogrammes{4, 4, 1, ef}},          // "4 à 5 sur 10" twice
		{16, 42, 42, Pictogrammes{2, 4, 4, [2]string{}}}, // remainders 6,2,2: emploi takes the last
		{18, 36, 46, Pictogrammes{2, 4, 4, [2]string{}}},
		{26, 37, 37, Pictogrammes{2, 4, 4, [2]string{}}}, // the equal 7,7 take the two left: none shared
		{8, 46, 46, Pictogrammes{1, 4, 4, fa}},           // 8 takes one, the equal 6,6 tie for the last
	}
	for _, tt := range tests {
		got, ok := ComputePictogrammes(Taux{EnEmploi6Mois: Some(tt.e), EnFormation: Some(tt.f), Autres6Mois: Some(tt.a)})
		if !ok || got != tt.want {
			t.Errorf("%d/%d/%d → %v, want %v", tt.e, tt.f, tt.a, got, tt.want)
		}
	}
	if _, ok := ComputePictogrammes(Taux{EnFormation: Some(60)}); ok {
		t.Error("pictograms need all three shares")
	}
}

func TestSumRegions(t *testing.T) {
	full := counts(Some(1064), Some(216), Some(646))
	small := counts(Some(18), Some(7), Some(5))
	secret := counts(Some(3), N{}, N{})
	allStudy := counts(Some(22), N{}, Some(22)) // rule 4 makes it complete
	sum, exclus := SumRegions([]Counts{full, small, secret, allStudy})
	if sum.NbAnneeTerm != Some(1104) || sum.NbEnEmploi6Mois != Some(223) || sum.NbPoursuiteEtudes != Some(673) || exclus != 3 {
		t.Errorf("sum %+v exclus %d", sum, exclus)
	}
	sum, exclus = SumRegions([]Counts{secret, secret})
	if sum.NbAnneeTerm != Some(6) || sum.NbEnEmploi6Mois.Valid || exclus != 0 {
		t.Errorf("no complete region: sum %+v exclus %d", sum, exclus)
	}
}

// SPEC §4 rule 4 at every horizon the millésime measures (rule 8, issue 10 item 6).
func TestNormalizeEveryHorizon(t *testing.T) {
	none, n := N{}, Some
	allStudy := Counts{NbAnneeTerm: n(22), NbPoursuiteEtudes: n(22)}
	tests := []struct {
		name string
		c    Counts
		h    Horizons
		want [4]N // employment at 6, 12, 18, 24 months
	}{
		{"all continue, 18 and 24 measured", allStudy, Horizons{Mois18: true, Mois24: true}, [4]N{n(0), n(0), n(0), n(0)}},
		{"all continue, 18 and 24 not measured", allStudy, Horizons{}, [4]N{n(0), n(0), none, none}},
		{"all continue, only 18 measured", allStudy, Horizons{Mois18: true}, [4]N{n(0), n(0), n(0), none}},
		{"not all continue", Counts{NbAnneeTerm: n(22), NbPoursuiteEtudes: n(21)}, Horizons{Mois18: true, Mois24: true}, [4]N{none, none, none, none}},
		{"published counts kept", Counts{NbAnneeTerm: n(22), NbPoursuiteEtudes: n(22), NbEnEmploi18Mois: n(1)}, Horizons{Mois18: true, Mois24: true}, [4]N{n(0), n(0), n(1), n(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c.Normalize(tt.h)
			got := [4]N{c.NbEnEmploi6Mois, c.NbEnEmploi12Mois, c.NbEnEmploi18Mois, c.NbEnEmploi24Mois}
			if got != tt.want {
				t.Errorf("Normalize = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHorizonsWith(t *testing.T) {
	h := Horizons{}.With(Counts{NbEnEmploi18Mois: Some(3)}).With(Counts{})
	if h != (Horizons{Mois18: true}) {
		t.Errorf("With = %+v, want only 18 months", h)
	}
}
