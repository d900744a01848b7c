package widget

import (
	"errors"
	"testing"
)

func TestParseIdentifier(t *testing.T) {
	tests := []struct {
		in   string
		want Identifier
	}{
		{"RNCP:34700", Identifier{Partner: PartnerID{KindRNCP, "34700"}}},
		{"RNCP34700", Identifier{Partner: PartnerID{KindRNCP, "34700"}}},
		{"rncp34700", Identifier{Partner: PartnerID{KindRNCP, "34700"}}},
		{"RNCP:0955", Identifier{Partner: PartnerID{KindRNCP, "955"}}},
		{"RNCP3470", Identifier{Partner: PartnerID{KindRNCP, "3470"}}}, // 8 characters, yet no CFD
		{"ONISEP:FOR.6913", Identifier{Partner: PartnerID{KindOnisep, "FOR.6913"}}},
		{"onisep:for.6913", Identifier{Partner: PartnerID{KindOnisep, "FOR.6913"}}},
		{"CERTIFINFO:82567", Identifier{Partner: PartnerID{KindCertifInfo, "82567"}}},
		{"32032002", Identifier{Code: Code{KindCFD, "32032002"}}},
		{"23810025216", Identifier{Code: Code{KindMEFSTAT11, "23810025216"}}},
		{"SISE:2500200", Identifier{Code: Code{KindSISE, "2500200"}}},
	}
	for _, tt := range tests {
		got, err := ParseIdentifier(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseIdentifier(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	if s := (PartnerID{KindOnisep, "FOR.6913"}).String(); s != "ONISEP:FOR.6913" {
		t.Errorf("String = %q", s)
	}
	// Anchored: no blank, prefix or suffix is skipped; no empty, zero or over-long number.
	for _, in := range []string{"", "RNCP", "RNCP:", "RNCP:0", "RNCP:000", "RNCP:12345678", "RNCP: 34700", " RNCP34700",
		"RNCP34700 ", "RNCP34700x", "RNCP:-1", "ONISEP:6913", "ONISEP:FOR.", "ONISEP:FOR.69a", "FOR.6913", "ONISEP:FOR.6913/",
		"CERTIFINFO:", "CERTIFINFO:8256x", "CERTIF:82567", "RNCP:٣٤", "<script>", "RNCP:34700,RNCP:1"} {
		_, err := ParseIdentifier(in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Param != "code" || ie.Code != "parametre_invalide" {
			t.Errorf("ParseIdentifier(%q): %v, want an InputError on code", in, err)
			continue
		}
		if ie.Message != identifierMessage { // a constant: never built from the input
			t.Errorf("ParseIdentifier(%q): message %s", in, ie.Message)
		}
	}
}

func TestResolutionRegle(t *testing.T) {
	a, b, c := Code{KindMEFSTAT11, "23810025210"}, Code{KindMEFSTAT11, "23830025210"}, Code{KindMEFSTAT11, "23830025216"}
	tests := []struct {
		r         Resolution
		regle     Regle
		continuum Regle
	}{
		{Resolution{Demande: a}, "", RegleCode},
		{Resolution{Demande: a, Affiche: a}, RegleCode, RegleCode},
		{Resolution{Demande: a, Affiche: b, Etapes: []Etape{{Regle: RegleAnneeTerminale, De: a, Vers: b}}}, RegleAnneeTerminale, RegleCode},
		{Resolution{Demande: a, Affiche: c, Etapes: []Etape{{Regle: RegleAnneeTerminale, De: a, Vers: b}, {Regle: RegleNouvelle, De: b, Vers: c}}}, RegleNouvelle, RegleNouvelle},
		{Resolution{Demande: a, Famille: &Famille{}}, "", RegleCode},
		{Resolution{Demande: a, Famille: &Famille{Specialites: []Specialite{{Resolution: Resolution{Demande: c, Affiche: c}}}}}, RegleFamille, RegleCode},
	}
	for i, tt := range tests {
		if g := tt.r.Regle(); g != tt.regle {
			t.Errorf("%d: Regle = %q, want %q", i, g, tt.regle)
		}
		if g := tt.r.Continuum(); g != tt.continuum {
			t.Errorf("%d: Continuum = %q, want %q", i, g, tt.continuum)
		}
	}
}

// FuzzParseIdentifier: no panic; an accepted identifier is canonical (parsing its String gives it
// back); a refusal never reflects the input.
func FuzzParseIdentifier(f *testing.F) {
	for _, s := range []string{"RNCP:34700", "RNCP34700", "ONISEP:FOR.6913", "CERTIFINFO:82567", "32032002", "SISE:2500200", "RNCP:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIdentifier(s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Message != identifierMessage {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if id.IsPartner() {
			again, err := ParseIdentifier(id.Partner.String())
			if err != nil || again != id {
				t.Fatalf("%q → %+v → %+v, %v", s, id, again, err)
			}
		}
	})
}
