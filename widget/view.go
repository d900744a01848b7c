package widget

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// State is what a widget can show for a request (SPEC §8: data states render as widgets).
type State string

// The data states.
const (
	StateOK      State = "ok"                   // the three shares
	StatePartiel State = "partiel"              // cohort shown, at least one share missing
	StateMasque  State = "effectif_insuffisant" // cohort under 20 (SPEC §4 rule 3)
	// StatePublicationInsuffisante: a summed cohort (France, both voies) of 20 or more whose
	// outcome counts are published for fewer than 20 of its learners, the others belonging to
	// groups too small to be published (issue 10 item 6; see Bloc.Exclus). Neither "too few
	// learners" (the cohort is not small) nor shares over the published part (under 20 learners,
	// SPEC §4 rule 3): the cohort and the number whose situation is published, no share.
	StatePublicationInsuffisante State = "publication_insuffisante"
	StateSansDonnee              State = "pas_de_donnees" // no row (or an empty cohort) for the millésime (SPEC §5)
	StateInconnu                 State = "certification_inconnue"
)

// Found reports whether the state shows data for the asked key (the JSON answers 404 otherwise).
func (s State) Found() bool { return s == StateOK || s == StatePartiel || s.CohortOnly() }

// CohortOnly reports whether the state shows the cohort and no share or count by situation (SPEC
// §4 rule 3): a cohort under 20, or one whose situations are published for fewer than 20.
func (s State) CohortOnly() bool { return s == StateMasque || s == StatePublicationInsuffisante }

// Unknown reports whether the key itself is unknown (a code or an establishment nobody has data
// for): a 404 page, and never worth a cache entry (its key space is unbounded).
func (s State) Unknown() bool { return s == StateInconnu || s == StateEtablissementInconnu }

// rank orders states from most to least informative, to summarise several voies.
func (s State) rank() int {
	switch s { // a switch, not a map built on every call
	case StateOK:
		return 0
	case StatePartiel:
		return 1
	case StateMasque:
		return 2
	case StatePublicationInsuffisante:
		return 3
	case StateNonPublie:
		return 4
	case StateSansDonnee:
		return 5
	case StateFormationNonDispensee:
		return 6
	case StateEtablissementInconnu:
		return 7
	case StateInconnu:
		return 8
	}
	return 0
}

// Categorie is one of the three outcomes shown, in display order.
type Categorie struct {
	Key        string // "emploi", "formation", "autres": CSS class, icon and colour key
	Label      string // short label in sentence case, e.g. "En emploi" (upper case is the surfaces' style)
	Taux       N      // the share in %
	Nombre     N      // the count behind it when published (autres has none)
	Picto      int    // whole figures out of 10
	Demi       bool   // the category has half of the shared figure (Pictogrammes.Partage)
	Phrase     string // the collège sentence: "2 élèves sur 10 ont un travail" ("" for the other audiences)
	Definition string // the audience's definition of the category
}

// Horizon is an employment share at a number of months after the training (superieur audience).
type Horizon struct {
	Mois   int // 6, 12, 18 or 24
	Taux   N
	Nombre N
}

// Bloc is the figures of one voie: a single-code widget has one, the both-voies view one per voie
// (SPEC §4 rule 7: each voie is its own block, with its own state).
type Bloc struct {
	Filiere Voie
	State   State
	// Millesime is the millésime of these figures: the widget's, except in the default view of an
	// establishment with both voies, where each voie's file has its own newest (SPEC §5).
	Millesime   Millesime
	Disponibles []Millesime // the millésimes this voie has figures for (establishments: a published share), oldest first
	Counts      Counts
	// Exclus are the learners of the cohort left out of Counts because their outcome counts are
	// unpublished (see SumRegions): Counts.NbAnneeTerm + Exclus is the whole cohort, and the shares
	// are over Counts.NbAnneeTerm. 0 when masked (Counts then holds the whole cohort).
	Exclus     int
	Taux       Taux
	Pictos     Pictogrammes
	HasPictos  bool
	Categories []Categorie // emploi, formation, autres
	Horizons   []Horizon   // employment at 6, 12, 18, 24 months where published
	Salaire    Quartiles   // salary 12 months after (InserSup), where published
	Effectif   string      // "Sur 1 064 apprentis en dernière année"
	Message    string      // the state's sentence ("" for ok)
	Resume     string      // one sentence stating the finding (for <desc>, alt and aria)
	// Rows are the figures of the voie as every surface draws them, in the audience's words
	// (nil when it has no figures): one label, figure and count per line, whatever the surface.
	Rows []Row
	// Table is the voie's figures as a data table (RGAA 1.6/1.7), and Caption its caption.
	Table   []TableRow
	Caption string
	// PictosLabel reads the pictograms aloud ("Sur 10 apprentis : 2 en emploi, …"); SharesLabel
	// the three shares in a line ("20 % en emploi, 61 % en formation, …").
	PictosLabel, SharesLabel string
	// Codes are the certification codes whose rows make these figures for the millésime shown (the
	// code asked, or in the both-voies view every code of the voie summed), and CFDs their CFDs.
	Codes []Code
	CFDs  []string
	// Heading is the block's heading when the widget has several: the voie ("En apprentissage")
	// in the both-voies view, the specialty's label in a famille de métiers; "" for a lone block.
	Heading string
	// Note says how this block's figures were found when it differs from the widget's notice (a
	// specialty read through the continuum); "" otherwise.
	Note string
	// Ligne is the block in one line, for the compact list of a famille's SVG: its three shares,
	// or its message.
	Ligne string
	// Specialite is the specialty of a famille de métiers this block shows (nil otherwise).
	Specialite *Specialite
	// Resolution is, in the both-voies view, how this voie's figures were found when the voie has
	// none of its own (a continuum step between CFDs, said in Note); nil for its own figures.
	Resolution *Resolution
}

// HasFigures reports whether the voie shows figures: its state is ok or partiel. The one
// spelling of that rule (issue 11): a voie without figures shows its message instead.
func (b Bloc) HasFigures() bool { return b.State == StateOK || b.State == StatePartiel }

// View is everything a surface shows for one widget (HTML, SVG, JSON, oEmbed, the predecessor's
// JSON), already decided and worded for the audience: surfaces place it and decide nothing
// (issue 11 item 1).
type View struct {
	// State is the widget's summary state: the most informative of its voies, or the state of
	// the key itself (an unknown code or establishment). Each voie keeps its own in Blocs.
	State State
	// Message is the widget's sentence: the only voie's message, or for several voies the
	// overall state's sentence when none has data ("" otherwise).
	Message string
	// MessageOnly: the widget shows its Message alone, no voie block (an unknown key, or one
	// voie without data). Every surface draws the same thing from it.
	MessageOnly   bool
	Request       Request
	Audience      Audience
	Certification Certification
	Region        *Region        // nil for France
	Etablissement *Etablissement // the establishment scopes only
	Millesime     Millesime
	Blocs         []Bloc // one per voie; two in the both-voies view (scolaire, apprentissage); one per specialty of a famille
	Demo          bool
	Texts         Texts
	// Resolution is how the figures of a single code were found (issue 12): its own, its final
	// year's, its famille's, its predecessor's or successor's; nil for the both-voies view and
	// the establishment's own figures.
	Resolution *Resolution
	// Famille is the famille de métiers of a common 2nde: Blocs are its specialties (nil otherwise).
	Famille *Famille
	// Identification is what the partner identifier asked named (nil for a certification code).
	Identification *Identification
	// Candidats are the diplomas of StatePlusieurs, each with the link to its widget.
	Candidats []CandidatLien
	// ScopeDonnees is the scope of the figures when it is not the request's: ScopeRegion for a
	// formation widget showing its region's figures (issue 12 item 5); "" otherwise.
	ScopeDonnees Scope
	// Suites are the next steps of a widget without figures (issue 13): the millésimes that
	// have figures, the region's and France's figures, as links (HTML), under SuitesIntro; the
	// HTML then says MessageCourt, the message without the list the links replace.
	Suites                    []Lien
	SuitesIntro, MessageCourt string
}

// DataScope is the scope the figures are of: ScopeDonnees, else the request's.
func (v View) DataScope() Scope {
	if v.ScopeDonnees != "" {
		return v.ScopeDonnees
	}
	return v.Request.Scope
}

// Compact reports whether the SVG draws the blocks as a compact list, one line of shares per
// block (a famille de métiers: several specialties in one image, issue 12 item 2).
func (v View) Compact() bool { return v.Famille != nil && !v.MessageOnly }

// HasFigures reports whether a voie of the widget shows figures (see Bloc.HasFigures).
func (v View) HasFigures() bool {
	for _, b := range v.Blocs {
		if b.HasFigures() {
			return true
		}
	}
	return false
}

// Texts are the words common to a widget's voies, in French.
type Texts struct {
	Titre        string // the question heading the widget
	Formation    string // the certification label as shown (accented display label, issue 12 item 6)
	Lieu         string // "France entière" or the region name
	Promotions   string // "promotions 2022 et 2023"
	Resume       string // the finding of every voie, for <desc> and alt
	Source       string // "InserJeunes (DEPP, DARES)"
	SourceURL    string
	Demo         string // "Données de démonstration…" when Demo
	EnSavoirPlus string
	// Notice says on the widget's face where its figures come from when they are not the code's
	// own (issue 12): the final year, the famille's specialties, the diploma before or after,
	// the region of a formation; "" for the code's own figures.
	Notice string
	// Regle is the small-cohort rule, shown under the voies: accompagnateur, and only when a
	// voie shows a cohort ("" otherwise: nothing to show).
	Regle string
	// SourceLine is the footer sentence: "Source : InserJeunes (DEPP, DARES), promotions 2022 et 2023."
	SourceLine string
	// Title is the accessible name of the widget's image and iframe: the question, the training
	// and the place.
	Title string
	// Alt is the text alternative of the widget's image: its finding (Resume), else Title.
	Alt string
	// Chapeau is the headline sentence over the figures (collège and lycée, issue 13): when
	// they are measured and who is counted; "" otherwise.
	Chapeau string
	// ColSituation, ColPart, ColNombre head the data table's columns in the audience's words.
	ColSituation, ColPart, ColNombre string
	// Donnees are the links to this widget's data, JSON then CSV (issue 13, DSFR), under
	// DonneesIntro; none without figures.
	Donnees      []Lien
	DonneesIntro string
	// DatePublication is the ISO publication date of the dataset shown ("" unknown or demo);
	// DateLine says it in the footer, after SourceLine: "Données publiées le 22 janvier 2025."
	DatePublication, DateLine string
}

// SourceURL is the public page of the InserJeunes system, linked from every footer.
const SourceURL = "https://www.inserjeunes.education.gouv.fr/diffusion/accueil"

// Build turns a request into a View using src (SPEC §4–§6). Its errors are *InputError: a
// region code of the right shape that is no INSEE region (SPEC §11: "10" is a 400), or several
// codes of different diplomas.
func Build(req Request, src Source) (View, error) {
	v, err := buildView(req, src)
	if err != nil || req.Identifiant.Kind != "" {
		return v, err // a partner identifier's view is Build's of its codes, next steps included
	}
	return v.withSuites(src), nil
}

// buildView is Build without the next steps (which build their targets with it).
func buildView(req Request, src Source) (View, error) {
	if req.Identifiant.Kind != "" {
		return buildPartner(req, src)
	}
	if len(req.Codes) == 0 {
		req.Codes = []Code{req.Code}
	}
	v := View{Request: req, Demo: src.Demo()}
	if req.Scope == ScopeRegion {
		r, ok := src.Region(req.Region)
		if !ok {
			return v, regionError()
		}
		v.Region = &r
	}
	cert, known := Certification{}, false
	if req.Scope != ScopeEtablissement {
		cert, known = src.Certification(req.Code)
		if !known {
			cert = Certification{Code: req.Code}
		}
	}
	v.Certification = cert
	v.Audience = req.Audience
	if req.Scope == ScopeEtablissement || req.Scope == ScopeFormation {
		v.Millesime = req.Millesime
		return buildParts(v, src), nil
	}
	if v.Audience == "" {
		v.Audience = DefaultAudience(cert)
	}
	v.Millesime = req.Millesime
	if v.Millesime == "" {
		ms := src.Millesimes(req.Scope)
		if sup, ok := src.(SupSource); ok && req.Code.Kind == KindSISE {
			ms = sup.MillesimesInserSup() // InserSup is its own dataset
		}
		if len(ms) > 0 {
			v.Millesime = ms[len(ms)-1]
		}
	}
	v.Texts = commonTexts(v)

	if req.Filieres && len(req.Codes) > 1 {
		// SPEC §4 rule 7 sums a diploma's codes per voie: codes of different diplomas would be
		// summed under one title.
		var cfds []string
		for _, c := range req.Codes {
			if ce, ok := src.Certification(c); ok && ce.CFD != "" && !slices.Contains(cfds, ce.CFD) {
				cfds = append(cfds, ce.CFD)
			}
		}
		if len(cfds) > 1 {
			return v, invalid("code", "Les codes d'une même demande doivent désigner le même diplôme : un CFD et ses codes MEFSTAT11.")
		}
	}
	if !req.Filieres {
		v.single(src, req.Scope, req.Region, known)
	} else {
		for _, voie := range []Voie{VoieScolaire, VoieApprentissage} {
			v.Blocs = append(v.Blocs, v.filiere(src, req, voie, cert.CFD, known))
		}
	}
	state := StateInconnu // a code nobody knows, whatever its voies say
	if known {
		state = ""
	}
	v.summarize(state)
	return v, nil
}

// filiere builds the block of one voie of the both-voies view: the sum of the diploma's codes in
// that voie (SPEC §4 rule 7); when none has figures, through the source's FiliereResolver, the
// sum of its 1↔1 predecessor's (or successor's) codes in that voie, said in the block's Note
// (issue 12: the resolution per voie, never over a voie's own figures).
func (v View) filiere(src Source, req Request, voie Voie, cfd string, known bool) Bloc {
	cohortes, codes, cfds := filiereCohortes(src, req, voie, v.Millesime)
	var res *Resolution
	if fr, ok := src.(FiliereResolver); ok && len(cohortes) == 0 && known && cfd != "" {
		if step, ok := fr.ResolveFiliere(cfd, voie); ok {
			r := req
			r.Codes = []Code{step.Vers}
			cohortes, codes, cfds = filiereCohortes(src, r, voie, v.Millesime)
			res = &Resolution{Demande: step.De, Affiche: step.Vers, Etapes: []Etape{step}}
		}
	}
	b := v.bloc(voie, cohortes, true)
	b.Codes, b.CFDs = codes, cfds
	if res != nil {
		b.Resolution = res
		b.Note = stepsNotice(v.Audience, *res)
	}
	return b
}

// filiereCohortes sums, per millésime, the cohorts of one voie for every code of the request
// mapped to its CFD (SPEC §4 rule 7): the CFD's apprentissage rows, or the rows of every
// MEFSTAT11 of that CFD. It also returns the codes that have a row for millésime m, and their CFDs.
func filiereCohortes(src Source, req Request, voie Voie, m Millesime) ([]Cohorte, []Code, []string) {
	seen := map[string]bool{}
	var codes []Code
	cfdOf := map[string]string{}
	for _, c := range req.Codes {
		cfd := c.Value
		if c.Kind == KindMEFSTAT11 {
			cert, ok := src.Certification(c)
			if !ok {
				continue
			}
			cfd = cert.CFD
		}
		for _, x := range src.CodesCFD(cfd, voie) {
			if !seen[x.Value] {
				seen[x.Value] = true
				codes = append(codes, x)
				cfdOf[x.Value] = cfd
			}
		}
	}
	var (
		out    []Cohorte
		atM    []Code
		cfds   []string
		byMill = map[Millesime][]Cohorte{}
	)
	for _, c := range codes {
		for _, co := range src.Cohortes(req.Scope, req.Region, c) {
			if co.Millesime == m {
				atM = append(atM, c)
				if !slices.Contains(cfds, cfdOf[c.Value]) {
					cfds = append(cfds, cfdOf[c.Value])
				}
			}
			byMill[co.Millesime] = append(byMill[co.Millesime], co)
		}
	}
	for ml, list := range byMill {
		out = append(out, SumCohortes(ml, list))
	}
	slices.SortFunc(out, func(a, b Cohorte) int { return strings.Compare(string(a.Millesime), string(b.Millesime)) })
	return out, atM, cfds
}

// bloc applies SPEC §4 and §5 to the cohorts of one voie.
func (v *View) bloc(voie Voie, cohortes []Cohorte, known bool) Bloc {
	b := Bloc{Filiere: voie, Millesime: v.Millesime}
	if len(cohortes) > 0 {
		b.Disponibles = make([]Millesime, 0, len(cohortes))
	}
	for _, c := range cohortes {
		b.Disponibles = append(b.Disponibles, c.Millesime)
	}
	var found bool
	for _, c := range cohortes {
		if c.Millesime == v.Millesime {
			b.Counts, b.Exclus, b.Salaire, found = c.Counts, c.Exclus, c.Salaire12Mois, true
		}
	}
	// The whole cohort counts the learners left out of a sum (issue 10 item 6): the "no data" and
	// small-cohort rules (SPEC §4 rules 3 and 5) judge it, not the published part.
	whole := b.Counts.NbAnneeTerm
	if whole.Valid {
		whole.V += b.Exclus
	}
	switch {
	case !known && len(cohortes) == 0:
		b.State = StateInconnu
	case !found || !whole.Valid || whole.V <= 0:
		b.State = StateSansDonnee // SPEC §4 rule 5: a cohort of 0 or missing is "no data"
		b.Counts, b.Exclus = Counts{}, 0
	case whole.V < SeuilEffectif:
		b.State = StateMasque
		b.Counts, b.Exclus = Counts{NbAnneeTerm: whole}, 0 // SPEC §4 rule 3: the (whole) cohort only
		b.Salaire = Quartiles{}
	case b.Counts.NbAnneeTerm.V < SeuilEffectif:
		// A cohort of 20 or more, situations published for fewer than 20: shares over so few
		// would be what rule 3 forbids, and "too few learners" would be false. The cohort and
		// its published part are shown (Counts.NbAnneeTerm + Exclus), nothing else.
		b.State = StatePublicationInsuffisante
		b.Counts = Counts{NbAnneeTerm: b.Counts.NbAnneeTerm}
		b.Salaire = Quartiles{}
	default:
		b.Taux = ComputeTaux(b.Counts)
		b.Pictos, b.HasPictos = ComputePictogrammes(b.Taux)
		b.State = StateOK
		if !b.HasPictos {
			b.State = StatePartiel
		}
	}
	b.Categories = categories(v.Audience, v.Millesime, b)
	horizons := [...]struct {
		mois    int
		taux, n N
	}{
		{6, b.Taux.EnEmploi6Mois, b.Counts.NbEnEmploi6Mois}, {12, b.Taux.EnEmploi12Mois, b.Counts.NbEnEmploi12Mois},
		{18, b.Taux.EnEmploi18Mois, b.Counts.NbEnEmploi18Mois}, {24, b.Taux.EnEmploi24Mois, b.Counts.NbEnEmploi24Mois},
	}
	published := 0
	for _, h := range horizons {
		if h.taux.Valid {
			published++
		}
	}
	if published > 0 {
		b.Horizons = make([]Horizon, 0, published) // sized once (issue 11 item 5)
	}
	for _, h := range horizons {
		if h.taux.Valid {
			b.Horizons = append(b.Horizons, Horizon{Mois: h.mois, Taux: h.taux, Nombre: h.n})
		}
	}
	b.Effectif = effectif(v.Audience, b)
	b.Message = stateMessage(v.Audience, b.State, b, v.Texts.Promotions, b.Disponibles, v.DataScope())
	b.Resume = resume(v, &b)
	return decorate(v.Audience, b)
}

// DefaultAudience picks the reader from the diploma (SPEC §6): CAP, Bac pro and the mentions
// complémentaires of levels 3 and 4 → collège; SISE codes → supérieur; the rest (BTS, BP, MC5,
// titles…) → lycée.
func DefaultAudience(c Certification) Audience {
	if c.Code.Kind == KindSISE {
		return AudienceSuperieur
	}
	switch c.TypeDiplome {
	case "CAP", "CAPA", "BAC PRO", "BAC PRO AG", "MC3", "MC4":
		return AudienceCollege
	}
	return AudienceLycee
}

func categories(a Audience, m Millesime, b Bloc) []Categorie {
	de, df, da := definitions(a, m, b.Filiere)
	cats := []Categorie{
		{Key: "emploi", Label: "En emploi", Taux: b.Taux.EnEmploi6Mois, Nombre: b.Counts.NbEnEmploi6Mois, Picto: b.Pictos.Emploi, Definition: de},
		{Key: "formation", Label: "En formation", Taux: b.Taux.EnFormation, Nombre: b.Counts.NbPoursuiteEtudes, Picto: b.Pictos.Formation, Definition: df},
		{Key: "autres", Label: "Autres situations", Taux: b.Taux.Autres6Mois, Picto: b.Pictos.Autres, Definition: da},
	}
	if a == AudienceCollege {
		cats[0].Label, cats[1].Label, cats[2].Label = "Travaillent", "Se forment", "Font autre chose"
	}
	for i := range cats {
		switch {
		case b.HasPictos:
			cats[i].Demi = b.Pictos.Shared(cats[i].Key)
			if a == AudienceCollege { // only the pupil reads the sentences (rows, resume)
				cats[i].Phrase = phraseSurDix(cats[i].Key, cats[i].Picto, cats[i].Demi, cats[i].Taux, b.Filiere)
			}
		case b.State == StatePartiel && a == AudienceCollege:
			// Issue 13: a sentence, never "TRAVAILLENT : non publié".
			cats[i].Phrase = phrasePartielle(cats[i].Key, cats[i].Taux, b.Filiere)
		}
	}
	return cats
}

func yearsOr(m Millesime) (int, int) {
	if len(m) != 9 {
		return 0, 0
	}
	return m.Years()
}

func commonTexts(v View) Texts {
	t := Texts{
		Titre:        titre(v.Audience, v.Request.Code.Voie(), v.Request.Filieres, v.Request.Scope),
		Formation:    v.Certification.LibelleAffiche,
		Lieu:         "France entière",
		Source:       SourceInserJeunes,
		SourceURL:    SourceURL,
		EnSavoirPlus: "En savoir plus sur InserJeunes",
		Regle:        RegleEffectif,
	}
	if t.Formation == "" {
		t.Formation = SentenceCase(v.Certification.Libelle)
	}
	if t.Formation == "" {
		t.Formation = "Formation " + v.Certification.Code.String()
	}
	if v.Region != nil {
		t.Lieu = v.Region.Nom
	}
	if e := v.Etablissement; e != nil {
		nom := e.Nom
		if nom == "" {
			nom = "Établissement " + e.UAI
		}
		if v.Request.Scope == ScopeEtablissement {
			t.Formation = nom // the establishment, all its formations
		} else if t.Lieu != "France entière" {
			t.Lieu = nom + ", " + t.Lieu
		} else {
			t.Lieu = nom
		}
	}
	if v.Demo {
		t.Demo = "Données de démonstration : ces chiffres sont inventés."
	}
	if v.Audience == AudienceCollege {
		// Issue 13: the ministries, not their statistical services' acronyms, for a pupil.
		t.Source = sourceMinisteres
	}
	t.Promotions = Promotions(v.Audience, v.Millesime)
	return t
}

// sourceSentence is "Source : " + source + ".", the two sources' written once.
func sourceSentence(source string) string {
	switch source {
	case SourceInserJeunes:
		return "Source : " + SourceInserJeunes + "."
	case sourceMinisteres:
		return "Source : " + sourceMinisteres + "."
	}
	return "Source : " + source + "."
}

// sourceMinisteres is the source as a pupil reads it (issue 13: the ministries, not their
// statistical services' acronyms).
const sourceMinisteres = "InserJeunes (ministères de l'Éducation nationale et du Travail)"

// SourceInserJeunes is the exact source of the figures, in the JSON and for every audience but
// the collège one.
const SourceInserJeunes = "InserJeunes (DEPP, DARES)"

// Promotions is the one reader spelling of a millésime (issue 13: "promotions 2019 et 2020"
// beside "2020-2021" before): 2022_2023 → "promotions 2022 et 2023" (SPEC §5), and for the
// collège audience, which does not say "promotions", "jeunes sortis en 2022 et 2023"; "" for none.
func Promotions(a Audience, m Millesime) string {
	y1, y2 := yearsOr(m)
	if y1 == 0 {
		return ""
	}
	// promotionsOf(a, annees(m)) in one allocation (issue 11 item 5).
	var buf [48]byte
	out := append(buf[:0], "promotions "...)
	if a == AudienceCollege {
		out = append(buf[:0], "jeunes sortis en "...)
	}
	out = strconv.AppendInt(out, int64(y1), 10)
	out = append(out, " et "...)
	return string(strconv.AppendInt(out, int64(y2), 10))
}

// promotionsOf is Promotions of a years text ("2022 et 2023", "" for none).
func promotionsOf(a Audience, years string) string {
	switch {
	case years == "":
		return ""
	case a == AudienceCollege:
		return "jeunes sortis en " + years
	}
	return "promotions " + years
}

// annees writes the two years of a millésime: 2022_2023 → "2022 et 2023" ("" for none).
func annees(m Millesime) string {
	if a, b := yearsOr(m); a != 0 {
		var buf [16]byte // one allocation: the string (issue 11 item 5)
		out := strconv.AppendInt(buf[:0], int64(a), 10)
		out = append(out, " et "...)
		out = strconv.AppendInt(out, int64(b), 10)
		return string(out)
	}
	return ""
}

// resume is the finding of a voie for the image's alt and <desc>, in the audience's words
// (issue 13): the training, the place, the cohort (its promotions and, where published, its
// size, graduates or not) and the time; the source is added once for the widget (summarize).
func resume(v *View, b *Bloc) string {
	name := v.Texts.Formation
	if b.Specialite != nil {
		name = b.Heading
	}
	// The head is built once, with the sentence (issue 11 item 5: allocations per render).
	var voie, promo string
	if v.Request.Filieres {
		voie = ", " + strings.ToLower(VoieLabel(b.Filiere))
	}
	p := v.Texts.Promotions // the widget's millésime, already written
	if b.Millesime != v.Millesime {
		p = Promotions(v.Audience, b.Millesime)
	}
	if p != "" {
		promo = ", " // before p, added in the sentence's one concatenation
	}
	promo2 := p
	var cbuf [256]byte // the cohort on the stack: a part of the one concatenation
	cohorte := appendCohorteAlt(cbuf[:0], v, b)
	var sep string // before the cohort
	if len(cohorte) > 0 {
		sep = " "
	}
	if b.State == StateOK {
		if v.Audience == AudienceCollege {
			// The pupil's own sentences, with the time.
			parts := make([]string, len(b.Categories))
			for i, c := range b.Categories {
				parts[i] = lowerFirst(c.Phrase) + " (" + Percent(c.Taux.V) + ")"
			}
			return name + ", " + v.Texts.Lieu + voie + promo + promo2 + " : " + Delai + ", " + strings.Join(parts, ", ") + "." + sep + string(cohorte)
		}
		return name + ", " + v.Texts.Lieu + voie + promo + promo2 + " : " + Percent(b.Taux.EnEmploi6Mois.V) +
			" en emploi " + Delai + ", " + Percent(b.Taux.EnFormation.V) + " en formation, " +
			Percent(b.Taux.Autres6Mois.V) + " dans une autre situation." + sep + string(cohorte)
	}
	head := name + ", " + v.Texts.Lieu + voie + promo + promo2
	switch b.State {
	case StatePartiel:
		var parts []string
		for _, c := range b.Categories {
			if c.Taux.Valid {
				parts = append(parts, Percent(c.Taux.V)+" "+strings.ToLower(c.Label))
			}
		}
		if len(parts) == 0 {
			return head + " : " + b.Message
		}
		return head + ", " + Delai + " : " + strings.Join(parts, ", ") + ". " + b.Message + sep + string(cohorte)
	}
	return head + " : " + b.Message
}

// appendCohorteAlt appends to dst, for the image's text alternative who the shares are of: the cohort's size
// where it is published, and that graduates and others are counted alike (SPEC §2: shares of
// nb_annee_term, the final year). Nothing when the voie shows no figures.
func appendCohorteAlt(dst []byte, v *View, b *Bloc) []byte {
	if !b.HasFigures() {
		return dst
	}
	who := Apprenants(b.Filiere)
	college := v.Audience == AudienceCollege
	switch {
	case v.Etablissement != nil && v.ScopeDonnees == "": // shares, no counts
		if college {
			dst = append(dst, "Sur 10 "...)
			dst = append(dst, who...)
			return append(dst, " arrivés à la fin de la formation, avec ou sans le diplôme ; leur nombre n'est pas publié pour un établissement."...)
		}
		dst = append(dst, "Parts des "...)
		dst = append(dst, who...)
		return append(dst, " de dernière année, diplômés ou non ; leur nombre n'est pas publié pour un établissement."...)
	case !b.Counts.NbAnneeTerm.Valid:
		return dst
	}
	if college {
		dst = append(dst, "Calculé sur "...)
		dst = appendCompte(dst, b.Counts.NbAnneeTerm.V, b.Filiere)
		return append(dst, ", avec ou sans le diplôme."...)
	}
	dst = append(dst, "Sur "...)
	dst = appendCompte(dst, b.Counts.NbAnneeTerm.V, b.Filiere)
	return append(dst, " en dernière année, diplômés ou non."...)
}

// Delai is when the shares are measured, in plain words (SPEC §2: 6 months after).
const Delai = "6 mois après la fin de la formation"

// appendUpperFirst appends s to dst with its first letter upper-cased (a text that starts a
// sentence).
func appendUpperFirst(dst []byte, s string) []byte {
	for i, r := range s {
		return append(utf8.AppendRune(dst, unicode.ToUpper(r)), s[i+utf8.RuneLen(r):]...)
	}
	return dst
}

// lowerFirst lower-cases the first letter of a sentence that goes inside another ("2 apprentis…"
// stays, "Moins d'1…" becomes "moins d'1…").
func lowerFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToLower(r)) + s[i+len(string(r)):]
	}
	return s
}

// ListPromotions writes millésimes for a reader in the one spelling of Promotions:
// "promotions 2019 et 2020 ; promotions 2020 et 2021".
func ListPromotions(a Audience, ms []Millesime) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = Promotions(a, m)
	}
	return strings.Join(s, " ; ")
}

// Percent formats a share the French way, with a narrow no-break space before the sign: "20 %".
func Percent(p int) string {
	if p >= 0 && p < len(percents) {
		return percents[p]
	}
	return strconv.Itoa(p) + "\u202f%"
}

// percents are the shares 0–100 written once: a render writes about ten (issue 11 item 5).
var percents = func() (out [101]string) {
	for i := range out {
		out[i] = strconv.Itoa(i) + "\u202f%"
	}
	return out
}()

// FormatInt writes a count with a narrow no-break space between thousands: 1064 → "1 064".
func FormatInt(n int) string {
	if n < 1000 {
		return strconv.Itoa(n) // no separator: the common case, without a copy
	}
	var out [64]byte // on the stack: one allocation, the result (issue 11 item 5)
	return string(appendInt(out[:0], n))
}

// appendInt appends FormatInt(n) to dst, so that a sentence holding a count is one allocation.
func appendInt(dst []byte, n int) []byte {
	if n < 1000 {
		return strconv.AppendInt(dst, int64(n), 10) // no separator, as FormatInt
	}
	var digits [24]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			dst = append(dst, "\u202f"...)
		}
		dst = append(dst, s[i])
	}
	return dst
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
	return b.String()
}

// summarize sets the widget's own state from its voies (the most informative one, unless state
// is given: an unknown code or establishment), its message, the finding of every voie for
// <desc> and alt, and the display decisions (decide).
func (v *View) summarize(state State) {
	v.State = v.Blocs[0].State
	for _, b := range v.Blocs[1:] {
		if b.State.rank() < v.State.rank() {
			v.State = b.State
		}
	}
	if state != "" {
		v.State = state
	}
	if !v.State.Found() {
		msg := stateMessage(v.Audience, v.State, v.Blocs[0], v.Texts.Promotions, v.Blocs[0].Disponibles, v.Request.Scope)
		if state != "" {
			v.Blocs[0].Message = msg
		}
		v.Message = msg
	}
	if len(v.Blocs) == 1 {
		v.Message = v.Blocs[0].Message
	}
	// The notice, every voie's finding and the source, joined by spaces, in one allocation
	// (issue 11 item 5): joinSentences without its slices.
	src := sourceSentence(v.Texts.Source)
	n := len(src)
	if v.Texts.Notice != "" {
		n += len(v.Texts.Notice) + 1
	}
	for _, b := range v.Blocs {
		if b.Resume != "" {
			n += len(b.Resume) + 1
		}
	}
	var out strings.Builder
	out.Grow(n)
	if v.Texts.Notice != "" {
		out.WriteString(v.Texts.Notice)
		out.WriteByte(' ')
	}
	for _, b := range v.Blocs {
		if b.Resume != "" {
			out.WriteString(b.Resume)
			out.WriteByte(' ')
		}
	}
	out.WriteString(src)
	v.Texts.Resume = out.String()
	v.decide()
}
