package widget

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// State is what a widget can show for a request (SPEC §8: data states render as widgets).
type State string

// The data states.
const (
	StateOK         State = "ok"                   // the three shares
	StatePartiel    State = "partiel"              // cohort shown, at least one share missing
	StateMasque     State = "effectif_insuffisant" // cohort under 20 (SPEC §4 rule 3)
	StateSansDonnee State = "pas_de_donnees"       // no row (or an empty cohort) for the millésime (SPEC §5)
	StateInconnu    State = "certification_inconnue"
)

// Found reports whether the state shows data for the asked key (the JSON answers 404 otherwise).
func (s State) Found() bool { return s == StateOK || s == StatePartiel || s == StateMasque }

// Categorie is one of the three outcomes shown, in display order.
type Categorie struct {
	Key        string // "emploi", "formation", "autres": CSS class, icon and colour key
	Label      string // short upper-case label, e.g. "EN EMPLOI"
	Taux       N      // the share in %
	Nombre     N      // the count behind it when published (autres has none)
	Picto      int    // figures out of 10
	Definition string // one-line definition for the info disclosure
}

// View is everything a renderer shows for one widget. Renderers format it; they compute nothing.
type View struct {
	Request       Request
	State         State
	Audience      Audience
	Certification Certification
	Region        *Region // nil for France
	Filiere       Voie
	Millesime     Millesime // the shown (or asked) millésime; "" when the key has no data at all
	Disponibles   []Millesime
	Counts        Counts
	Exclus        int // learners left out of a national sum (see SumRegions)
	Taux          Taux
	Pictos        Pictogrammes
	HasPictos     bool
	Categories    []Categorie // emploi, formation, autres
	Demo          bool
	Texts         Texts
}

// Texts are the words of a widget for its audience and state, in French.
type Texts struct {
	Titre        string // the question heading the widget
	Formation    string // the certification label as shown (sentence case)
	Lieu         string // "France entière" or the region name
	Message      string // the state's sentence ("" for ok)
	Effectif     string // "Sur 1 064 apprentis en dernière année" ("" when unknown)
	Resume       string // one sentence stating the finding, for <desc>, alt and aria
	Promotions   string // "promotions 2022 et 2023"
	Source       string // "InserJeunes (DEPP, DARES)"
	SourceURL    string
	Demo         string // "Données de démonstration" when Demo
	EnSavoirPlus string
}

// SourceURL is the public page of the InserJeunes system, linked from every footer.
const SourceURL = "https://www.inserjeunes.education.gouv.fr/diffusion/accueil"

// Build turns a request into a View using src (SPEC §4 and §5). The only error is an *InputError
// for a region code of the right shape that is no INSEE region (SPEC §11: "10" is a 400).
func Build(req Request, src Source) (View, error) {
	v := View{Request: req, Demo: src.Demo(), Filiere: req.Code.Voie()}
	if req.Scope == ScopeRegion {
		r, ok := src.Region(req.Region)
		if !ok {
			return v, regionError()
		}
		v.Region = &r
	}
	cert, known := src.Certification(req.Code)
	if !known {
		cert = Certification{Code: req.Code}
	}
	v.Certification = cert
	v.Audience = req.Audience
	if v.Audience == "" {
		v.Audience = DefaultAudience(cert)
	}
	cohortes := src.Cohortes(req.Scope, req.Region, req.Code)
	for _, c := range cohortes {
		v.Disponibles = append(v.Disponibles, c.Millesime)
	}
	v.Millesime = req.Millesime
	if v.Millesime == "" {
		if ms := src.Millesimes(req.Scope); len(ms) > 0 {
			v.Millesime = ms[len(ms)-1]
		}
	}
	var found bool
	for _, c := range cohortes {
		if c.Millesime == v.Millesime {
			v.Counts, v.Exclus, found = c.Counts, c.Exclus, true
		}
	}
	switch {
	case !known && len(cohortes) == 0:
		v.State = StateInconnu
	case !found || !v.Counts.NbAnneeTerm.Valid || v.Counts.NbAnneeTerm.V <= 0:
		v.State = StateSansDonnee // SPEC §4 rule 5: a cohort of 0 or missing is "no data"
		v.Counts, v.Exclus = Counts{}, 0
	case v.Counts.NbAnneeTerm.V < SeuilEffectif:
		v.State = StateMasque
		v.Counts = Counts{NbAnneeTerm: v.Counts.NbAnneeTerm} // SPEC §4 rule 3: the cohort only
		v.Exclus = 0
	default:
		v.Taux = ComputeTaux(v.Counts)
		v.Pictos, v.HasPictos = ComputePictogrammes(v.Taux)
		v.State = StateOK
		if !v.HasPictos {
			v.State = StatePartiel
		}
	}
	v.Categories = categories(v)
	v.Texts = texts(v)
	return v, nil
}

// DefaultAudience picks the reader from the diploma level (SPEC §6): CAP, Bac pro and level-4
// mentions → collège; BTS, BP and the rest of secondary → lycée; SISE codes → supérieur.
// Until their templates exist, every level renders with the lycée family.
func DefaultAudience(c Certification) Audience {
	if c.Code.Kind == KindSISE {
		return AudienceSuperieur
	}
	return AudienceLycee
}

func categories(v View) []Categorie {
	emploiDef := "En emploi salarié (privé ou public) en France, 6 mois après la fin de la formation."
	if _, end := yearsOr(v.Millesime); end != 0 && end <= 2021 {
		// SPEC §5: before cohorts ending after 2021, only private salaried jobs were counted.
		emploiDef = "En emploi salarié du secteur privé en France, 6 mois après la fin de la formation."
	}
	return []Categorie{
		{Key: "emploi", Label: "EN EMPLOI", Taux: v.Taux.EnEmploi6Mois, Nombre: v.Counts.NbEnEmploi6Mois, Picto: v.Pictos.Emploi,
			Definition: emploiDef},
		{Key: "formation", Label: "EN FORMATION", Taux: v.Taux.EnFormation, Nombre: v.Counts.NbPoursuiteEtudes, Picto: v.Pictos.Formation,
			Definition: "Inscrits en formation (études, apprentissage ou autre diplôme) l'année suivante."},
		{Key: "autres", Label: "AUTRES SITUATIONS", Taux: v.Taux.Autres6Mois, Picto: v.Pictos.Autres,
			Definition: "Ni en emploi salarié ni en formation : recherche d'emploi, emploi non salarié, à l'étranger, service civique…"},
	}
}

func yearsOr(m Millesime) (int, int) {
	if len(m) != 9 {
		return 0, 0
	}
	return m.Years()
}

// Apprenants names the learners of a voie for the reader ("apprentis", "élèves", "diplômés").
func Apprenants(v Voie) string {
	switch v {
	case VoieApprentissage:
		return "apprentis"
	case VoieSuperieur:
		return "diplômés"
	}
	return "élèves"
}

func texts(v View) Texts {
	who := Apprenants(v.Filiere)
	t := Texts{
		Titre:        "Que deviennent les " + who + " après cette formation ?",
		Formation:    SentenceCase(v.Certification.Libelle),
		Lieu:         "France entière",
		Source:       "InserJeunes (DEPP, DARES)",
		SourceURL:    SourceURL,
		EnSavoirPlus: "En savoir plus sur InserJeunes",
	}
	if t.Formation == "" {
		t.Formation = "Formation " + v.Certification.Code.String()
	}
	if v.Region != nil {
		t.Lieu = v.Region.Nom
	}
	if v.Demo {
		t.Demo = "Données de démonstration : ces chiffres sont inventés."
	}
	if a, b := yearsOr(v.Millesime); a != 0 {
		t.Promotions = fmt.Sprintf("promotions %d et %d", a, b)
	}
	if v.Counts.NbAnneeTerm.Valid {
		t.Effectif = fmt.Sprintf("Sur %s %s en dernière année", FormatInt(v.Counts.NbAnneeTerm.V), who)
		if v.Exclus > 0 {
			t.Effectif += fmt.Sprintf(" (sans %s %s de régions aux effectifs trop petits pour être publiés)", FormatInt(v.Exclus), who)
		}
	}
	switch v.State {
	case StateOK:
		t.Resume = fmt.Sprintf("%s, %s, %s : %s en emploi 6 mois après la fin de la formation, %s en formation, %s dans une autre situation.",
			t.Formation, t.Lieu, t.Promotions, Percent(v.Taux.EnEmploi6Mois.V), Percent(v.Taux.EnFormation.V), Percent(v.Taux.Autres6Mois.V))
	case StatePartiel:
		t.Message = "Une partie des chiffres n'est pas publiée pour cette formation."
		parts := []string{}
		for _, c := range v.Categories {
			if c.Taux.Valid {
				parts = append(parts, Percent(c.Taux.V)+" "+strings.ToLower(c.Label))
			}
		}
		t.Resume = fmt.Sprintf("%s, %s, %s : %s. %s", t.Formation, t.Lieu, t.Promotions, strings.Join(parts, ", "), t.Message)
	case StateMasque:
		t.Message = fmt.Sprintf("Le groupe est trop petit (%s %s, moins de %d) pour donner des chiffres fiables.",
			FormatInt(v.Counts.NbAnneeTerm.V), who, SeuilEffectif)
		t.Resume = fmt.Sprintf("%s, %s, %s : %s", t.Formation, t.Lieu, t.Promotions, t.Message)
	case StateSansDonnee:
		if t.Promotions != "" {
			t.Message = "Pas de données pour les " + t.Promotions + " de cette formation ici."
		} else {
			t.Message = "Pas de données pour cette formation ici."
		}
		if len(v.Disponibles) > 0 {
			t.Message += " Données disponibles : " + ListPromotions(v.Disponibles) + "."
		}
		t.Resume = fmt.Sprintf("%s, %s : %s", t.Formation, t.Lieu, t.Message)
	case StateInconnu:
		t.Message = "Cette formation n'est pas connue : vérifiez le code de la certification."
		t.Resume = t.Message
	}
	return t
}

// ListPromotions writes millésimes for a reader: "2019_2020, 2020_2021" → "2019-2020, 2020-2021".
func ListPromotions(ms []Millesime) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = strings.Replace(string(m), "_", "-", 1)
	}
	return strings.Join(s, ", ")
}

// Percent formats a share the French way, with a narrow no-break space before the sign: "20 %".
func Percent(p int) string { return fmt.Sprintf("%d\u202f%%", p) }

// FormatInt writes a count with a narrow no-break space between thousands: 1064 → "1 064".
func FormatInt(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SentenceCase makes an upper-case BCN label readable: "COMMUNICATION (BTS)" → "Communication (BTS)".
// Parenthesised parts keep their case: they hold diploma abbreviations.
func SentenceCase(s string) string {
	var b strings.Builder
	depth := 0
	first := true
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth = max(0, depth-1)
		}
		switch {
		case depth > 0:
			b.WriteRune(r)
		case first && unicode.IsLetter(r):
			b.WriteRune(unicode.ToUpper(r))
			first = false
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	out := b.String()
	if !utf8.ValidString(out) {
		return s
	}
	return out
}
