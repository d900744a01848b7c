package widget

import (
	"slices"
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
	// StateNonPublie: the establishment has a row for the millésime and voie, but its shares are
	// blank (not published, e.g. too few learners): not "no data for that millésime", which would
	// list the asked millésime among those available (issue 10 item 6). Like "no data", it shows
	// no figure (the JSON answers 404, onerror applies).
	StateNonPublie State = "non_publie"
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

// Publie reports whether the row publishes at least one of its three shares: a row with none is
// StateNonPublie, shows no figure and is not offered as an available millésime (issue 10 item 6),
// nor listed by the data API (issue 14).
func (r PartsCohorte) Publie() bool {
	return r.Taux.EnEmploi6Mois.Valid || r.Taux.EnFormation.Valid || r.Taux.Autres6Mois.Valid
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
	if v.Request.Scope == ScopeFormation && ok && found != Trouve {
		// A code without rows of its own (a 1st year, a renamed diploma) may have its resolved
		// code's in the export (issue 12 items 1 and 3).
		if r, isRes := src.(Resolver); isRes {
			if res := r.Resolve(v.Request.Code); res.Affiche.Value != "" && res.Affiche != v.Request.Code {
				if e, rg, rw, f := ps.FormationParts(v.Request.UAI, res.Affiche); f == Trouve {
					etab, reg, rows, found = e, rg, rw, f
					v.Etablissement, v.Region, v.Resolution = &etab, reg, &res
				}
			}
		}
	}
	if v.Request.Scope == ScopeFormation && found != Trouve {
		// No figures of this establishment for the pair: its region's, said so (issue 12 item 5).
		if rv, done := v.formationRegion(src, etab, reg); done {
			return rv
		}
	}
	// One block per voie the establishment has rows for, in a fixed order (scolaire, then
	// apprentissage, as the both-voies view): never the order of the rows (SPEC §3).
	var voies []Voie
	for _, voie := range []Voie{VoieScolaire, VoieApprentissage, VoieSuperieur} {
		if slices.ContainsFunc(rows, func(r PartsCohorte) bool { return r.Voie == voie }) {
			voies = append(voies, voie)
		}
	}
	if len(voies) == 0 {
		voies = []Voie{v.Request.Code.Voie()}
	}
	v.Texts = commonTexts(v)
	if v.Resolution != nil {
		v.Texts.Notice = stepsNotice(v.Audience, *v.Resolution)
	}
	for _, voie := range voies {
		// SPEC §5: the default is the newest millésime of the dataset serving the scope and voie.
		// The two establishment files (CFA, lycée) are two datasets with their own newest
		// millésime, so each voie takes its own (issue 10 item 6: one millésime for both made the
		// lycée of an establishment also in the CFA file show nothing).
		m := v.Request.Millesime
		if m == "" && ok {
			if ms := ps.MillesimesParts(v.Request.Scope, voie); len(ms) > 0 {
				m = ms[len(ms)-1]
			}
		}
		v.Blocs = append(v.Blocs, v.blocParts(voie, rows, m))
	}
	v = v.withBlocMillesimes()
	var state State
	switch found {
	case UAIInconnu:
		state = StateEtablissementInconnu
	case NonDispensee:
		state = StateFormationNonDispensee
	}
	v.summarize(state)
	return v
}

// withBlocMillesimes sets the widget's millésime and promotions from its voies' when none was
// asked: the one they share, or when they differ (establishment files of different years) the
// newest as Millesime and every voie's promotions in Texts.Promotions.
func (v View) withBlocMillesimes() View {
	if v.Request.Millesime != "" || len(v.Blocs) == 0 {
		return v
	}
	v.Millesime = v.Blocs[0].Millesime
	same := true
	for _, b := range v.Blocs[1:] {
		same = same && b.Millesime == v.Millesime
		v.Millesime = max(v.Millesime, b.Millesime)
	}
	v.Texts.Promotions = Promotions(v.Audience, v.Millesime)
	if !same {
		parts := make([]string, len(v.Blocs))
		for i, b := range v.Blocs {
			parts[i] = annees(b.Millesime) + " " + voieCourte(b.Filiere)
		}
		v.Texts.Promotions = promotionsOf(v.Audience, strings.Join(parts, ", "))
	}
	return v
}

// voieCourte names a voie after a millésime: "2022 et 2023 en voie scolaire".
func voieCourte(voie Voie) string {
	switch voie {
	case VoieScolaire:
		return "en voie scolaire"
	case VoieApprentissage:
		return "en apprentissage"
	}
	return "dans le supérieur"
}

// blocParts applies SPEC §4 rule 5 and §5 to the published shares of one voie at millésime m: no
// count, no masking (the files publish no share for small groups), pictograms from the shares.
// A row whose three shares are blank is StateNonPublie, and only millésimes with a published
// share are listed as available (issue 10 item 6: a blank row is not data to offer).
func (v View) blocParts(voie Voie, rows []PartsCohorte, m Millesime) Bloc {
	b := Bloc{Filiere: voie, State: StateSansDonnee, Millesime: m}
	for _, r := range rows {
		if r.Voie != voie {
			continue
		}
		if r.Publie() {
			b.Disponibles = append(b.Disponibles, r.Millesime)
		}
		if r.Millesime == m {
			b.Taux = r.Taux
			b.Pictos, b.HasPictos = ComputePictogrammes(b.Taux)
			switch {
			case b.HasPictos:
				b.State = StateOK
			case r.Publie():
				b.State = StatePartiel
			default:
				b.State = StateNonPublie
			}
		}
	}
	slices.Sort(b.Disponibles) // oldest first, whatever the order of the rows
	b.Categories = categories(v.Audience, m, b)
	if b.State.Found() {
		b.Effectif = effectifParts(v.Audience, voie)
	}
	b.Message = stateMessage(v.Audience, b.State, b, Promotions(v.Audience, m), b.Disponibles, v.Request.Scope)
	b.Resume = resume(&v, &b)
	return decorate(v.Audience, b)
}

// effectifParts says what an establishment's shares are of (issue 13: "4 élèves sur 10" had no
// base): the learners of the final year, graduates or not, whose number is not published for
// establishments (their files publish shares, not counts).
func effectifParts(a Audience, voie Voie) string {
	who := Apprenants(voie)
	switch a {
	case AudienceCollege: // the headline says "with the diploma or not"
		return "Sur 10 " + who + " arrivés à la fin de la formation. Leur nombre n'est pas publié pour un établissement."
	case AudienceLycee:
		return "Sur 10 " + who + " de dernière année. Le nombre d'" + who + " n'est pas publié pour un établissement."
	case AudienceAccompagnateur:
		return "Parts des " + who + " de dernière année, diplômés ou non, publiées pour l'établissement : les effectifs ne sont pas publiés, aucun n'est recalculé."
	}
	return "Sur 10 " + who + " de dernière année, diplômés ou non. Le nombre d'" + who + " n'est pas publié pour un établissement."
}
