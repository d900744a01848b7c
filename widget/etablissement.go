package widget

import (
	"strings"
)

// The establishment scopes (SPEC §2).
const (
	ScopeEtablissement Scope = "etablissement" // one establishment (UAI), all its formations
	ScopeFormation     Scope = "formation"     // one certification in one establishment (UAI × code)
)

// The states of the establishment scopes.
const (
	StateEtablissementInconnu  State = "etablissement_inconnu"   // no data has this UAI
	StateFormationNonDispensee State = "formation_non_dispensee" // the UAI has data, not for this certification
)

// Etablissement is an establishment (SPEC §2: UAI).
type Etablissement struct {
	UAI string `json:"uai"` // 7 digits and a letter, upper case
	Nom string `json:"nom"` // as published
}

// PartsCohorte is what an establishment or per-formation file publishes for one voie and
// millésime: the three shares in % of the cohort, and no count (never derive one).
type PartsCohorte struct {
	Voie      Voie
	Millesime Millesime
	Taux      Taux // EnEmploi6Mois, EnFormation, Autres6Mois as published
}

// Lookup is the outcome of an establishment look-up.
type Lookup int

// The outcomes of PartsSource look-ups.
const (
	Trouve       Lookup = iota // rows exist
	UAIInconnu                 // no row has this UAI
	NonDispensee               // the UAI has rows, none for this certification
)

// PartsSource answers the establishment scopes from published shares (SPEC §3: establishment and
// per-formation files). A Source that also implements it serves /widgets/etablissements and
// /widgets/formations.
type PartsSource interface {
	// EtablissementParts returns the establishment, its region (nil when unknown) and its rows
	// (every voie, oldest millésime first).
	EtablissementParts(uai string) (Etablissement, *Region, []PartsCohorte, Lookup)
	// FormationParts returns the rows of one certification in one establishment, in the code's voie.
	FormationParts(uai string, c Code) (Etablissement, *Region, []PartsCohorte, Lookup)
	// MillesimesParts returns the millésimes of the file serving a scope and voie, oldest first
	// (SPEC §5: the default is the newest of the dataset).
	MillesimesParts(scope Scope, voie Voie) []Millesime
}

// ParseUAI reads an establishment code: 7 digits and a letter (SPEC §2), upper-cased.
func ParseUAI(s string) (string, error) {
	s = strings.ToUpper(s)
	if len(s) == 8 && isDigits(s[:7]) && s[7] >= 'A' && s[7] <= 'Z' {
		return s, nil
	}
	return "", invalid("uai", "L'UAI de l'établissement s'écrit avec 7 chiffres et une lettre, par exemple 0010001W.")
}

// buildParts builds the view of an establishment scope from published shares.
func buildParts(v View, src Source) View {
	ps, ok := src.(PartsSource)
	var (
		etab  Etablissement
		reg   *Region
		rows  []PartsCohorte
		found = UAIInconnu
	)
	if ok {
		if v.Request.Scope == ScopeEtablissement {
			etab, reg, rows, found = ps.EtablissementParts(v.Request.UAI)
		} else {
			etab, reg, rows, found = ps.FormationParts(v.Request.UAI, v.Request.Code)
		}
	}
	if etab.UAI == "" {
		etab.UAI = v.Request.UAI
	}
	v.Etablissement, v.Region = &etab, reg
	if v.Audience == "" {
		v.Audience = DefaultAudience(v.Certification)
		if v.Request.Scope == ScopeEtablissement {
			v.Audience = AudienceLycee
		}
	}
	voies := []Voie{}
	for _, r := range rows {
		if !contains(voies, r.Voie) {
			voies = append(voies, r.Voie)
		}
	}
	if len(voies) == 0 {
		voies = []Voie{v.Request.Code.Voie()}
	}
	if v.Millesime == "" && ok {
		if ms := ps.MillesimesParts(v.Request.Scope, voies[0]); len(ms) > 0 {
			v.Millesime = ms[len(ms)-1]
		}
	}
	v.Texts = commonTexts(v)
	for _, voie := range voies {
		v.Blocs = append(v.Blocs, v.blocParts(voie, rows))
	}
	var state State
	switch found {
	case UAIInconnu:
		state = StateEtablissementInconnu
	case NonDispensee:
		state = StateFormationNonDispensee
	}
	v = v.summarize(state)
	return v
}

// blocParts applies SPEC §4 rule 5 and §5 to the published shares of one voie: no count, no
// masking (the files publish no share for small groups), pictograms from the shares.
func (v View) blocParts(voie Voie, rows []PartsCohorte) Bloc {
	b := Bloc{Filiere: voie, State: StateSansDonnee}
	for _, r := range rows {
		if r.Voie != voie {
			continue
		}
		b.Disponibles = append(b.Disponibles, r.Millesime)
		if r.Millesime == v.Millesime {
			b.Taux = r.Taux
			n := 0
			for _, t := range []N{r.Taux.EnEmploi6Mois, r.Taux.EnFormation, r.Taux.Autres6Mois} {
				if t.Valid {
					n++
				}
			}
			b.Pictos, b.HasPictos = ComputePictogrammes(b.Taux)
			switch {
			case b.HasPictos:
				b.State = StateOK
			case n > 0:
				b.State = StatePartiel
			}
		}
	}
	b.Categories = categories(v.Audience, v.Millesime, b)
	if b.State.Found() {
		b.Effectif = effectifParts(v.Audience)
	}
	b.Message = stateMessage(v.Audience, b.State, b, v.Texts.Promotions, b.Disponibles, v.Request.Scope)
	b.Resume = resume(v, b)
	return b
}

// effectifParts says, where the audience reads counts, that these figures come without them.
func effectifParts(a Audience) string {
	if a == AudienceAccompagnateur {
		return "Parts publiées pour l'établissement : les effectifs ne sont pas publiés, aucun n'est recalculé."
	}
	return ""
}
