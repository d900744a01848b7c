package widget

import (
	"testing"
)

// TestAutreDureeNotices: the notice of RegleAutreDuree in the four audiences, alone and after a
// final-year step whose final year has no figures either (one sentence, not two).
func TestAutreDureeNotices(t *testing.T) {
	m := func(v string) Code { return Code{KindMEFSTAT11, v} }
	autre := Etape{Regle: RegleAutreDuree, De: m("23110023446"), Vers: m("23220023446"), Duree: 2}
	alone := Resolution{Demande: autre.De, Affiche: autre.Vers, Etapes: []Etape{autre}}
	fin := Etape{Regle: RegleAnneeTerminale, De: m("23320022362"), Vers: m("23330022362")}
	two := Resolution{Demande: fin.De, Affiche: m("23220022362"), Etapes: []Etape{fin, {Regle: RegleAutreDuree, De: fin.Vers, Vers: m("23220022362"), Duree: 2}}}
	oneYear := Resolution{Etapes: []Etape{{Regle: RegleAutreDuree, De: m("23330022133"), Vers: m("23110022133"), Duree: 1}}}
	tests := []struct {
		a    Audience
		res  Resolution
		want string
	}{
		{AudienceCollege, alone, "Ces chiffres sont ceux des élèves qui préparent le même diplôme en 2 ans."},
		{AudienceLycee, alone, "Chiffres du même diplôme préparé en 2 ans."},
		{AudienceSuperieur, alone, "Chiffres du même diplôme préparé en 2 ans."},
		{AudienceAccompagnateur, alone, "Chiffres du même diplôme préparé en 2 ans en voie scolaire (MEFSTAT11 23220023446) : le code 23110023446 n'a pas de chiffres propres."},
		{AudienceLycee, oneYear, "Chiffres du même diplôme préparé en 1 an."},
		{AudienceCollege, two, "Ces chiffres sont ceux des élèves de dernière année du même diplôme préparé en 2 ans."},
		{AudienceLycee, two, "Chiffres de la dernière année du même diplôme préparé en 2 ans : cette formation n'a pas de chiffres propres."},
		{AudienceSuperieur, two, "Chiffres de la dernière année du même diplôme préparé en 2 ans : cette formation n'a pas de chiffres propres."},
		{AudienceAccompagnateur, two, "Chiffres de l'année terminale du même diplôme préparé en 2 ans en voie scolaire (MEFSTAT11 23220022362) : le code demandé, 23320022362, désigne une année antérieure, et son année terminale (23330022362) n'a pas de chiffres propres."},
	}
	for _, tt := range tests {
		if got := stepsNotice(tt.a, tt.res); got != tt.want {
			t.Errorf("%s %v:\n got %q\nwant %q", tt.a, tt.res.Etapes, got, tt.want)
		}
	}
	if alone.Regle() != RegleAutreDuree || alone.Continuum() != RegleCode {
		t.Errorf("regle %q, continuum %q", alone.Regle(), alone.Continuum())
	}
}

// filiereSource resolves every voie to the predecessor 50099910, whatever it is asked: Build must
// only ask for a voie without figures of its own.
type filiereSource struct {
	fakeSource
	asked []Voie
}

func (f *filiereSource) ResolveFiliere(cfd string, voie Voie) (Etape, bool) {
	f.asked = append(f.asked, voie)
	return Etape{Regle: RegleAncienne, De: Code{KindCFD, cfd}, Vers: Code{KindCFD, "50099910"}, Libelle: "Ancien CAP (CAP)", Annee: 2024}, true
}

// TestFiliereResolution: in the both-voies view, a voie without figures of its own reads its
// predecessor's, with the block's note and JSON regle; a voie with figures keeps its own.
func TestFiliereResolution(t *testing.T) {
	fs := &filiereSource{fakeSource: fakeSource{
		certs: map[string]Certification{
			"50099911":    {Code: Code{KindCFD, "50099911"}, CFD: "50099911", Libelle: "NOUVEAU CAP (CAP)", TypeDiplome: "CAP"},
			"23220099911": {Code: Code{KindMEFSTAT11, "23220099911"}, CFD: "50099911", Libelle: "NOUVEAU CAP (CAP)", TypeDiplome: "CAP"},
			"50099910":    {Code: Code{KindCFD, "50099910"}, CFD: "50099910", Libelle: "ANCIEN CAP (CAP)", TypeDiplome: "CAP"},
		},
		regions: map[string]Region{"11": {"11", "Île-de-France"}},
		cohortes: map[string][]Cohorte{
			"region|11|23220099911": {cohorte("2022_2023", Some(60), Some(9), Some(35))},
			"region|11|50099910":    {cohorte("2022_2023", Some(80), Some(44), Some(16))},
		},
		ms: []Millesime{"2022_2023"},
	}}
	req, err := ParseRequest(ScopeRegion, "11", "50099911,23220099911", queryOf{"audience": {"lycee"}}, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Build(req, fs)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs.asked) != 1 || fs.asked[0] != VoieApprentissage {
		t.Fatalf("asked for %v, want only apprentissage (the voie scolaire has its own figures)", fs.asked)
	}
	sco, app := v.Blocs[0], v.Blocs[1]
	if sco.Resolution != nil || sco.Note != "" || sco.Counts.NbAnneeTerm != Some(60) {
		t.Errorf("voie scolaire: %+v", sco)
	}
	if app.Resolution == nil || app.Note != "Chiffres du diplôme précédent, Ancien CAP (CAP), remplacé en 2024." ||
		app.Counts.NbAnneeTerm != Some(80) || len(app.Codes) != 1 || app.Codes[0].Value != "50099910" {
		t.Errorf("apprentissage: %+v", app)
	}
	j := v.JSON().Filieres
	if j.Scolaire.Regle != "" || j.Scolaire.DonneeSource != nil || j.Apprentissage.Regle != RegleAncienne ||
		j.Apprentissage.DonneeSource == nil || j.Apprentissage.DonneeSource.CodeCertification != "50099910" || j.Apprentissage.Notice != app.Note {
		t.Errorf("JSON filieres: %+v", j)
	}
}
