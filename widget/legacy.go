package widget

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// This file is the compatibility layer with the predecessor's public routes (README "Predecessor's
// API"): the service ijwidgets replaces, mission-apprentissage/trajectoires-pro ("Exposition /
// InserJeunes API"), published /api/inserjeunes/… routes with their own parameters and JSON
// field names. Platforms coded against them switch by changing a host name. The figures are those
// of Build (SPEC §4), never recomputed: this layer only parses the predecessor's parameters and
// renames the fields of a View.

// ImageOnError is what a legacy .svg route answers when there is no figure to draw (the
// predecessor's imageOnError parameter).
type ImageOnError string

// The values of imageOnError. The predecessor's default is false.
const (
	ImageOnErrorFalse ImageOnError = "false" // the JSON error, with its status (404)
	ImageOnErrorTrue  ImageOnError = "true"  // an image saying why, status 200
	ImageOnErrorEmpty ImageOnError = "empty" // an empty 1×1 image, status 200
)

// LegacyRoute is the path of a legacy route: Last is its last segment with its optional
// .json/.svg suffix: the codes (separated by "," or "|") or, for ScopeFormation, "{uai}-{code}".
type LegacyRoute struct {
	Scope  Scope // ScopeCertification, ScopeRegion or ScopeFormation
	Region string
	Last   string
}

// LegacyRequest is a validated legacy request: the widget request it maps to, and imageOnError.
type LegacyRequest struct {
	Request
	ImageOnError ImageOnError
}

// queryMap is a Query built from the translated legacy parameters.
type queryMap map[string]string

func (q queryMap) Get(k string) string { return q[k] }
func (q queryMap) Has(k string) bool   { _, ok := q[k]; return ok }

// ParseLegacyRoute validates a legacy route and its query (millesime, theme, direction,
// imageOnError, vue) and maps them to a widget Request through ParseRoute: no suffix and .json
// are JSON, .svg an image; codes may be separated by "|" as the predecessor allowed; direction is
// the layout. Other query parameters are ignored. Errors are *InputError naming the parameter.
func ParseLegacyRoute(rt LegacyRoute, q Query, opt Options) (LegacyRequest, error) {
	last, suffix := rt.Last, ".json"
	switch {
	case strings.HasSuffix(last, ".svg"):
		last, suffix = strings.TrimSuffix(last, ".svg"), ".svg"
	case strings.HasSuffix(last, ".json"):
		last = strings.TrimSuffix(last, ".json")
	}
	var lr LegacyRequest
	uai := ""
	if rt.Scope == ScopeFormation {
		u, code, ok := strings.Cut(last, "-")
		if !ok {
			return lr, invalid("uai", "L'adresse d'une formation s'écrit {uai}-{code}, par exemple 0751234J-23220034307.")
		}
		uai, last = u, code
	}
	last = strings.ReplaceAll(last, "|", ",")
	tq := queryMap{}
	if q.Has("millesime") {
		m, err := ParseLegacyMillesime(q.Get("millesime"))
		if err != nil {
			return lr, err
		}
		tq["millesime"] = string(m)
	}
	if q.Has("direction") {
		switch d := q.Get("direction"); Layout(d) {
		case LayoutVertical, LayoutHorizontal:
			tq["layout"] = d
		default:
			return lr, invalid("direction", "Le paramètre direction vaut vertical ou horizontal.")
		}
	}
	for _, k := range []string{"theme", "vue"} {
		if q.Has(k) {
			tq[k] = q.Get(k)
		}
	}
	lr.ImageOnError = ImageOnErrorFalse
	if q.Has("imageOnError") {
		switch v := ImageOnError(q.Get("imageOnError")); v {
		case "", ImageOnErrorFalse:
		case ImageOnErrorTrue, ImageOnErrorEmpty:
			lr.ImageOnError = v
		default:
			return lr, invalid("imageOnError", "Le paramètre imageOnError vaut true, false ou empty.")
		}
	}
	req, err := ParseRoute(Route{Scope: rt.Scope, Region: rt.Region, UAI: uai, Last: last + suffix}, tq, opt)
	lr.Request = req
	return lr, err
}

// ParseLegacyMillesime reads a millésime as the predecessor accepted it: the two years joined by
// "_" or "-" in either order ("2022_2023", "2023-2022", "cumul 2022-2023"), or a single year,
// the predecessor's national millésimes ("2023"), which our data (two cumulated cohorts only)
// answers with the millésime ending that year ("2022_2023"). Errors are *InputError on "millesime".
func ParseLegacyMillesime(s string) (Millesime, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "cumul ")
	if len(s) == 4 && isDigits(s) {
		y, _ := strconv.Atoi(s)
		s = strconv.Itoa(y-1) + "_" + s
	}
	if len(s) == 9 && (s[4] == '_' || s[4] == '-') && s[:4] > s[5:] {
		s = s[5:] + "_" + s[:4]
	}
	m, err := ParseMillesime(s)
	if err != nil {
		return "", invalid("millesime", "Le millésime s'écrit comme 2022_2023 (deux années qui se suivent) ou 2023.")
	}
	return m, nil
}

// LegacyValue is a number of the predecessor's JSON: absent (the zero value), null (a share
// hidden for a small cohort, as the predecessor wrote it) or an integer.
type LegacyValue struct {
	V    int
	Set  bool // V is the value
	Null bool // written as null
}

// IsZero reports an absent value (for the omitzero option).
func (x LegacyValue) IsZero() bool { return !x.Set && !x.Null }

// MarshalJSON writes the integer or null.
func (x LegacyValue) MarshalJSON() ([]byte, error) {
	if !x.Set {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(x.V), 10), nil
}

func legacyValue(n N) LegacyValue { return LegacyValue{V: n.V, Set: n.Valid} }

// LegacyDiplome is the predecessor's diploma: its level (3 CAP, 4 bac, 5 BTS, 6 licence, 7 master,
// 0 mention complémentaire) and the BCN short label of its level.
type LegacyDiplome struct {
	Code    string `json:"code"`
	Libelle string `json:"libelle"`
}

// LegacyDonneeSource says which certification the figures come from: always the one asked
// ("self"); the predecessor also served figures of a renamed certification.
type LegacyDonneeSource struct {
	CodeCertification string `json:"code_certification"`
	Type              string `json:"type"`
}

// LegacyMeta is the predecessor's _meta: a title and a sentence describing the figures, and the
// small-cohort message.
type LegacyMeta struct {
	Titre    string   `json:"titre,omitempty"`
	Details  string   `json:"details,omitempty"`
	Messages []string `json:"messages,omitempty"`
	// DonneesDemonstration marks the embedded demonstration dataset (our addition: the
	// predecessor served real data only).
	DonneesDemonstration bool `json:"donnees_de_demonstration,omitempty"`
}

// LegacyStats is the predecessor's statistics of one certification (France, a region or an
// establishment) or, in LegacyFilieres, of one voie. Absent values are omitted; the shares of a
// cohort under 20 are null (with the count of that cohort only, SPEC §4 rule 3).
type LegacyStats struct {
	UAI                   string              `json:"uai,omitempty"`
	CodeCertification     string              `json:"code_certification,omitempty"`
	CodesCertifications   []string            `json:"codes_certifications,omitempty"`
	CodeFormationDiplome  string              `json:"code_formation_diplome,omitempty"`
	CodesFormationDiplome []string            `json:"codes_formation_diplome,omitempty"`
	Libelle               string              `json:"libelle,omitempty"`
	LibelleEtablissement  string              `json:"libelle_etablissement,omitempty"`
	Millesime             Millesime           `json:"millesime,omitempty"`
	Filiere               string              `json:"filiere"`
	Diplome               *LegacyDiplome      `json:"diplome,omitempty"`
	NbAnneeTerm           LegacyValue         `json:"nb_annee_term,omitzero"`
	NbAnneeTermExclus     int                 `json:"nb_annee_term_exclus,omitempty"`
	NbPoursuiteEtudes     LegacyValue         `json:"nb_poursuite_etudes,omitzero"`
	NbEnEmploi24Mois      LegacyValue         `json:"nb_en_emploi_24_mois,omitzero"`
	NbEnEmploi18Mois      LegacyValue         `json:"nb_en_emploi_18_mois,omitzero"`
	NbEnEmploi12Mois      LegacyValue         `json:"nb_en_emploi_12_mois,omitzero"`
	NbEnEmploi6Mois       LegacyValue         `json:"nb_en_emploi_6_mois,omitzero"`
	NbSortant             LegacyValue         `json:"nb_sortant,omitzero"`
	TauxEnFormation       LegacyValue         `json:"taux_en_formation,omitzero"`
	TauxEnEmploi24Mois    LegacyValue         `json:"taux_en_emploi_24_mois,omitzero"`
	TauxEnEmploi18Mois    LegacyValue         `json:"taux_en_emploi_18_mois,omitzero"`
	TauxEnEmploi12Mois    LegacyValue         `json:"taux_en_emploi_12_mois,omitzero"`
	TauxEnEmploi6Mois     LegacyValue         `json:"taux_en_emploi_6_mois,omitzero"`
	TauxAutres6Mois       LegacyValue         `json:"taux_autres_6_mois,omitzero"`
	Region                *Region             `json:"region,omitempty"`
	DonneeSource          *LegacyDonneeSource `json:"donnee_source,omitempty"`
	Meta                  *LegacyMeta         `json:"_meta,omitempty"`
}

// LegacyFilieres is the predecessor's both-voies body: one LegacyStats per voie with data for the
// millésime, keyed "pro" (voie scolaire) and "apprentissage"; a voie without data is absent.
type LegacyFilieres struct {
	Pro           *LegacyStats `json:"pro,omitempty"`
	Apprentissage *LegacyStats `json:"apprentissage,omitempty"`
}

// LegacyErrorData lists, in a 404, the millésime asked and those that exist (newest first, as
// the predecessor listed them).
type LegacyErrorData struct {
	Millesime            Millesime   `json:"millesime,omitempty"`
	MillesimesDisponible []Millesime `json:"millesimesDisponible"`
}

// LegacyError is the predecessor's error body (a Boom payload): status, its HTTP name, a French
// message, and for a missing millésime the available ones.
type LegacyError struct {
	StatusCode int              `json:"statusCode"`
	Err        string           `json:"error"`
	Message    string           `json:"message"`
	Data       *LegacyErrorData `json:"data,omitempty"`
}

// The predecessor's 404 messages.
const (
	LegacyCertificationInconnue   = "Certification inconnue"
	LegacyCertificationsInconnues = "Certifications inconnues"
	LegacyFormationInconnue       = "Formation inconnue"
	LegacyEtablissementInconnu    = "Etablissement inconnu"
	LegacyPasDeDonnees            = "Pas de données disponibles"
	LegacyPasDeDonneesMillesime   = "Pas de données pour le millésime"
	LegacyDonneesNonDisponibles   = "Données non disponibles"
)

func legacyNotFound(msg string, m Millesime, disponibles []Millesime) *LegacyError {
	e := &LegacyError{StatusCode: 404, Err: "Not Found", Message: msg}
	if len(disponibles) > 0 {
		newest := slices.Clone(disponibles)
		slices.Sort(newest)
		newest = slices.Compact(newest)
		slices.Reverse(newest)
		e.Data = &LegacyErrorData{Millesime: m, MillesimesDisponible: newest}
	}
	return e
}

// LegacyBody is the JSON of a legacy route: exactly one of its fields is set.
type LegacyBody struct {
	Stats    *LegacyStats
	Filieres *LegacyFilieres
	Error    *LegacyError
}

// Status is the HTTP status of the body: 200, or the error's.
func (b LegacyBody) Status() int {
	if b.Error != nil {
		return b.Error.StatusCode
	}
	return 200
}

// MarshalJSON writes the field that is set.
func (b LegacyBody) MarshalJSON() ([]byte, error) {
	var v any = b.Stats
	switch {
	case b.Error != nil:
		v = b.Error
	case b.Filieres != nil:
		v = b.Filieres
	}
	return json.Marshal(v)
}

// LegacyJSON maps v to the predecessor's JSON (README "Predecessor's API"): its statistics, its
// both-voies body, or its 404 with the available millésimes.
func (v View) LegacyJSON() LegacyBody {
	if e := v.legacyError(); e != nil {
		return LegacyBody{Error: e}
	}
	if v.Request.Filieres {
		f := &LegacyFilieres{}
		for _, b := range v.Blocs {
			if !b.State.Found() {
				continue
			}
			s := v.legacyStats(b, true)
			if b.Filiere == VoieScolaire {
				f.Pro = &s
			} else {
				f.Apprentissage = &s
			}
		}
		return LegacyBody{Filieres: f}
	}
	s := v.legacyStats(v.Bloc, false)
	return LegacyBody{Stats: &s}
}

// LegacySVGError is the error a legacy .svg route reports instead of an image: the JSON's error,
// or "Données non disponibles" when no share can be drawn (a cohort under 20), as the predecessor
// did. nil means the widget has figures to draw.
func (v View) LegacySVGError() *LegacyError {
	if e := v.legacyError(); e != nil {
		return e
	}
	blocs := []Bloc{v.Bloc}
	if v.Request.Filieres {
		blocs = v.Blocs
	}
	for _, b := range blocs {
		if b.State.Found() && (b.Taux.EnEmploi6Mois.Valid || b.Taux.EnFormation.Valid || b.Taux.Autres6Mois.Valid) {
			return nil
		}
	}
	return legacyNotFound(LegacyDonneesNonDisponibles, "", nil)
}

// LegacyExportMissing reports whether req is a formations request that src cannot answer: it has
// no per-formation export for the voie of the code (they are optional, README "Establishment,
// per-formation and InserSup data"). The answer is then LegacyNoData, whatever the UAI.
func LegacyExportMissing(src Source, req Request) bool {
	if req.Scope != ScopeFormation {
		return false
	}
	ps, ok := src.(PartsSource)
	return !ok || len(ps.MillesimesParts(ScopeFormation, req.Code.Voie())) == 0
}

// LegacyNoData is the predecessor's 404 "Données non disponibles".
func LegacyNoData() *LegacyError { return legacyNotFound(LegacyDonneesNonDisponibles, "", nil) }

// legacyError is the predecessor's 404 for a view without data, nil when it has some.
func (v View) legacyError() *LegacyError {
	if v.Request.Filieres {
		var all []Millesime
		for _, b := range v.Blocs {
			if b.State.Found() {
				return nil
			}
			all = append(all, b.Disponibles...)
		}
		msg := LegacyCertificationsInconnues
		if v.Request.Scope == ScopeRegion {
			msg = LegacyPasDeDonnees
			if v.State == StateInconnu {
				msg = LegacyFormationInconnue
			}
		}
		return legacyNotFound(msg, v.Millesime, all)
	}
	if v.State.Found() {
		return nil
	}
	if v.Request.Scope == ScopeFormation {
		switch {
		case v.Certification.CFD == "" && v.Request.Code.Kind != KindSISE:
			return legacyNotFound(LegacyFormationInconnue, "", nil)
		case v.State == StateEtablissementInconnu:
			return legacyNotFound(LegacyEtablissementInconnu, "", nil)
		case v.State == StateFormationNonDispensee:
			return legacyNotFound(LegacyFormationInconnue, "", nil)
		}
	}
	switch {
	case v.State == StateInconnu && v.Request.Scope == ScopeCertification:
		return legacyNotFound(LegacyCertificationInconnue, "", nil)
	case v.State == StateInconnu:
		return legacyNotFound(LegacyFormationInconnue, "", nil)
	case len(v.Disponibles) == 0 && v.Request.Scope == ScopeCertification:
		return legacyNotFound(LegacyCertificationInconnue, "", nil)
	case len(v.Disponibles) == 0 && v.Request.Scope == ScopeRegion:
		return legacyNotFound(LegacyPasDeDonnees, "", nil)
	case len(v.Disponibles) == 0:
		return legacyNotFound(LegacyFormationInconnue, "", nil)
	case v.State == StateNonPublie: // a row without published shares (establishment scopes)
		return legacyNotFound(LegacyDonneesNonDisponibles, "", nil)
	case slices.Contains(v.Disponibles, v.Millesime): // a row without a cohort
		return legacyNotFound(LegacyDonneesNonDisponibles, "", nil)
	}
	return legacyNotFound(LegacyPasDeDonneesMillesime, v.Millesime, v.Disponibles)
}

// LegacyFiliere is the predecessor's name of a voie: "pro" for the voie scolaire.
func LegacyFiliere(voie Voie) string {
	if voie == VoieScolaire {
		return "pro"
	}
	return string(voie)
}

// legacyNiveaux maps the first character of a CFD (the old BCN level) to the level the
// predecessor published in diplome.code.
var legacyNiveaux = map[byte]string{'5': "3", '4': "4", '3': "5", '2': "6", '1': "7", '0': "0"}

func legacyDiplome(cfd, typeDiplome string) *LegacyDiplome {
	if cfd == "" || typeDiplome == "" {
		return nil
	}
	code, ok := legacyNiveaux[cfd[0]]
	if !ok {
		return nil
	}
	return &LegacyDiplome{Code: code, Libelle: typeDiplome}
}

// legacyStats maps one voie of v; filiere selects the both-voies entry (code lists, no title).
func (v View) legacyStats(b Bloc, filiere bool) LegacyStats {
	c, t := b.Counts, b.Taux
	s := LegacyStats{
		Millesime:          v.Millesime,
		Filiere:            LegacyFiliere(b.Filiere),
		NbAnneeTerm:        legacyValue(c.NbAnneeTerm),
		NbAnneeTermExclus:  b.Exclus,
		NbPoursuiteEtudes:  legacyValue(c.NbPoursuiteEtudes),
		NbEnEmploi24Mois:   legacyValue(c.NbEnEmploi24Mois),
		NbEnEmploi18Mois:   legacyValue(c.NbEnEmploi18Mois),
		NbEnEmploi12Mois:   legacyValue(c.NbEnEmploi12Mois),
		NbEnEmploi6Mois:    legacyValue(c.NbEnEmploi6Mois),
		NbSortant:          legacyValue(c.NbSortant),
		TauxEnFormation:    legacyValue(t.EnFormation),
		TauxEnEmploi24Mois: legacyValue(t.EnEmploi24Mois),
		TauxEnEmploi18Mois: legacyValue(t.EnEmploi18Mois),
		TauxEnEmploi12Mois: legacyValue(t.EnEmploi12Mois),
		TauxEnEmploi6Mois:  legacyValue(t.EnEmploi6Mois),
		TauxAutres6Mois:    legacyValue(t.Autres6Mois),
		Region:             v.Region,
	}
	meta := LegacyMeta{DonneesDemonstration: v.Demo}
	if v.Demo {
		meta.Messages = append(meta.Messages, "Données de démonstration : ces chiffres sont inventés.")
	}
	if b.State.CohortOnly() {
		// The predecessor kept the shares as null under 20; the counts stay hidden here (SPEC §4 rule 3).
		null := LegacyValue{Null: true}
		s.TauxEnFormation, s.TauxEnEmploi6Mois, s.TauxAutres6Mois = null, null, null
		meta.Messages = append(meta.Messages, RegleEffectif)
	}
	cert := v.Certification
	if filiere {
		for _, code := range b.Codes {
			s.CodesCertifications = append(s.CodesCertifications, code.Value)
		}
		slices.Sort(s.CodesCertifications)
		s.CodesFormationDiplome = slices.Sorted(slices.Values(b.CFDs))
		if len(b.CFDs) == 1 {
			s.CodeFormationDiplome = b.CFDs[0]
			if b.CFDs[0] == cert.CFD {
				s.Libelle, s.Diplome = cert.Libelle, legacyDiplome(cert.CFD, cert.TypeDiplome)
			}
		}
		if v.Request.Scope != ScopeRegion {
			s.Region = nil
		}
		if len(meta.Messages) > 0 {
			s.Meta = &meta
		}
		return s
	}
	code := v.Request.Code.Value
	s.CodeCertification, s.CodeFormationDiplome, s.Libelle = code, cert.CFD, cert.Libelle
	s.Diplome = legacyDiplome(cert.CFD, cert.TypeDiplome)
	s.DonneeSource = &LegacyDonneeSource{CodeCertification: code, Type: "self"}
	meta.Titre = "Certification " + code
	source := "InserJeunes"
	if v.Request.Code.Kind == KindSISE {
		source = "InserSup"
	}
	meta.Details = "Données " + source + " pour la certification " + code
	if s.Diplome != nil {
		meta.Details += " (" + s.Diplome.Libelle + ", filière " + s.Filiere + ")"
	} else {
		meta.Details += " (filière " + s.Filiere + ")"
	}
	if e := v.Etablissement; e != nil {
		s.UAI, s.LibelleEtablissement = e.UAI, e.Nom
		meta.Titre += ", établissement " + e.UAI
		meta.Details += " dispensée par l'établissement " + e.UAI
	}
	meta.Details += ", millésime " + string(v.Millesime)
	if v.Region != nil && v.Request.Scope == ScopeRegion {
		meta.Details += ", région " + v.Region.Nom
	}
	s.Meta = &meta
	return s
}
