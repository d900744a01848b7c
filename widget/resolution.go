package widget

// Regle is how the figures shown for a code were found (issue 12 items 1–3).
type Regle string

// The rules, in the order they are tried. RegleAncienne and RegleNouvelle are the continuum's JSON
// types of donnee_source (self | ancienne | nouvelle).
const (
	RegleCode           Regle = "self"            // the code's own figures
	RegleAnneeTerminale Regle = "annee_terminale" // a 1st or 2nd year: the figures of its final year (same diploma and duration)
	RegleFamille        Regle = "famille"         // a common 2nde of a famille de métiers: one block per specialty
	// RegleAutreDuree: a final-year MEFSTAT11 without figures shows those of the same diploma (same
	// CFD) prepared in another duration in the voie scolaire (a CAP in 1 or 3 years → the CAP in 2
	// years): close to SPEC §4 rule 10, never across voies.
	RegleAutreDuree Regle = "autre_duree"
	RegleAncienne   Regle = "ancienne" // a renamed diploma: its predecessor's figures (1↔1 link)
	RegleNouvelle   Regle = "nouvelle" // a renamed diploma: its successor's figures (1↔1 link)
)

// Etape is one step from the code asked to the code whose figures are shown.
type Etape struct {
	Regle Regle
	De    Code // the code the step starts from
	Vers  Code // the code it leads to
	// Source names the crosswalk(s) of a continuum step, e.g. "BCN N_FORMATION_DIPLOME, Certif Info".
	Source string
	// Libelle is the display label of Vers's diploma (the notice names it: "chiffres du diplôme
	// précédent, …"); "" when unknown.
	Libelle string
	// Annee is, for a continuum step, the year the older diploma was replaced (its BCN closing
	// year: "remplacé en 2024"); 0 when unknown.
	Annee int
	// Duree is, for a RegleAutreDuree step, the duration in years of the dispositif whose figures
	// are shown ("préparé en 2 ans"); 0 otherwise.
	Duree int
}

// Famille is the famille de métiers of a common 2nde (issue 12 item 2).
type Famille struct {
	Libelle string // the BCN's accented label, e.g. "Construction durable du bâtiment et des travaux publics"
	// Specialites are the family's specialties that have figures, each resolved on its own (its own
	// figures or one continuum step), sorted by display label.
	Specialites []Specialite
}

// Specialite is one specialty of a famille de métiers.
type Specialite struct {
	Libelle    string     // display label of the specialty
	Resolution Resolution // how its figures are found (Affiche is the code to read)
}

// Resolution says, for a code asked, the code whose figures are shown and why (issue 12). Affiche
// is the zero Code when no rule finds figures, and for a famille (read Famille.Specialites).
type Resolution struct {
	Demande Code
	Affiche Code
	Etapes  []Etape  // empty for the code's own figures (and for none)
	Famille *Famille // a common 2nde with specialties that have figures
}

// Found reports whether a rule found figures (the code's own, or through the steps, or a family).
func (r Resolution) Found() bool {
	return r.Affiche.Value != "" || (r.Famille != nil && len(r.Famille.Specialites) > 0)
}

// Regle is the rule that found the figures: the family, else the last continuum step, else the
// final year, else the code's own; "" when none found any.
func (r Resolution) Regle() Regle {
	if !r.Found() {
		return ""
	}
	if r.Famille != nil {
		return RegleFamille
	}
	if n := len(r.Etapes); n > 0 {
		return r.Etapes[n-1].Regle
	}
	return RegleCode
}

// Continuum is the type of the JSON donnee_source: RegleCode, RegleAncienne or RegleNouvelle (a
// continuum step among Etapes), whatever the final-year step.
func (r Resolution) Continuum() Regle {
	for _, e := range r.Etapes {
		if e.Regle == RegleAncienne || e.Regle == RegleNouvelle {
			return e.Regle
		}
	}
	return RegleCode
}

// Resolver is implemented by sources that resolve codes without figures of their own (issue 12).
// Resolve never crosses more than one continuum link, never follows a merge or a split, and never
// replaces a code's own figures.
type Resolver interface {
	Resolve(c Code) Resolution
}

// FiliereResolver is implemented by sources that resolve a voie of the both-voies view (SPEC §4
// rule 7) that has no figures of its own (issue 12: the same rules per voie). ResolveFiliere
// returns, for diploma cfd in voie, the one continuum step (RegleAncienne or RegleNouvelle, De and
// Vers being the two CFDs) to the 1↔1 predecessor (preferred) or successor whose codes in that
// voie have figures; ok is false when the voie has figures of its own or no such diploma exists.
// The final year and the other durations need no rule there: the voie already sums every code
// of the diploma (rule 7).
type FiliereResolver interface {
	ResolveFiliere(cfd string, voie Voie) (Etape, bool)
}
