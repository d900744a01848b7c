// Package legacy is the compatibility layer with the predecessor's public routes (README
// "Predecessor's API"): the service ijwidgets replaces, mission-apprentissage/trajectoires-pro
// ("Exposition / InserJeunes API"), published /api/inserjeunes/… routes with their own
// parameters and JSON field names. Platforms coded against them switch by changing a host name.
// The figures are those of widget.Build (SPEC §4), never recomputed: this package only parses
// the predecessor's parameters and renames the fields of a widget.View.
package legacy

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
)

// ImageOnError is what a legacy .svg route answers when there is no figure to draw (the
// predecessor's imageOnError parameter).
type ImageOnError string

// The values of imageOnError. The predecessor's default is false.
const (
	ImageOnErrorFalse ImageOnError = "false" // the JSON error, with its status (404)
	ImageOnErrorTrue  ImageOnError = "true"  // an image saying why, status 200
	ImageOnErrorEmpty ImageOnError = "empty" // an empty 1×1 image, status 200
)

// Routes are the predecessor's URL shapes (README "Predecessor's API"): Echo patterns whose last
// parameter, :last, carries the codes and the optional .json/.svg suffix.
var Routes = []widget.RouteShape{
	{Scope: widget.ScopeCertification, Pattern: "/api/inserjeunes/certifications/:last"},
	{Scope: widget.ScopeRegion, Pattern: "/api/inserjeunes/regionales/:region/certifications/:last"},
	{Scope: widget.ScopeFormation, Pattern: "/api/inserjeunes/formations/:last"},
}

// Route is the path of a legacy route: Last is its last segment with its optional
// .json/.svg suffix: the codes (separated by "," or "|") or, for widget.ScopeFormation, "{uai}-{code}".
type Route struct {
	Scope  widget.Scope // widget.ScopeCertification, widget.ScopeRegion or widget.ScopeFormation
	Region string
	Last   string
}

// Request is a validated legacy request: the widget request it maps to, and imageOnError.
type Request struct {
	widget.Request
	ImageOnError ImageOnError
}

// queryMap is a widget.Query built from the translated legacy parameters.
type queryMap map[string]string

func (q queryMap) Get(k string) string { return q[k] }
func (q queryMap) Has(k string) bool   { _, ok := q[k]; return ok }

// ParseRoute validates a legacy route and its query (millesime, theme, direction,
// imageOnError, vue) and maps them to a widget widget.Request through ParseRoute: no suffix and .json
// are JSON, .svg an image; codes may be separated by "|" as the predecessor allowed; direction is
// the layout. Other query parameters are ignored. Errors are *widget.InputError naming the parameter.
func ParseRoute(rt Route, q widget.Query, opt widget.Options) (Request, error) {
	last, suffix := rt.Last, ".json"
	switch {
	case strings.HasSuffix(last, ".svg"):
		last, suffix = strings.TrimSuffix(last, ".svg"), ".svg"
	case strings.HasSuffix(last, ".json"):
		last = strings.TrimSuffix(last, ".json")
	}
	var lr Request
	uai := ""
	if rt.Scope == widget.ScopeFormation {
		u, code, ok := strings.Cut(last, "-")
		if !ok {
			return lr, widget.Invalid("uai", "L'adresse d'une formation s'écrit {uai}-{code}, par exemple 0751234J-23220034307.")
		}
		uai, last = u, code
	}
	last = strings.ReplaceAll(last, "|", ",")
	tq := queryMap{}
	if q.Has("millesime") {
		m, err := ParseMillesime(q.Get("millesime"))
		if err != nil {
			return lr, err
		}
		tq["millesime"] = string(m)
	}
	if q.Has("direction") {
		switch d := q.Get("direction"); widget.Layout(d) {
		case widget.LayoutVertical, widget.LayoutHorizontal:
			tq["layout"] = d
		default:
			return lr, widget.Invalid("direction", "Le paramètre direction vaut vertical ou horizontal.")
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
			return lr, widget.Invalid("imageOnError", "Le paramètre imageOnError vaut true, false ou empty.")
		}
	}
	req, err := widget.ParseRoute(widget.Route{Scope: rt.Scope, Region: rt.Region, UAI: uai, Last: last + suffix}, tq, opt)
	lr.Request = req
	return lr, err
}

// ParseMillesime reads a millésime as the predecessor accepted it: the two years joined by
// "_" or "-" in either order ("2022_2023", "2023-2022", "cumul 2022-2023"), or a single year,
// the predecessor's national millésimes ("2023"), which our data (two cumulated cohorts only)
// answers with the millésime ending that year ("2022_2023"). Errors are *widget.InputError on "millesime".
func ParseMillesime(s string) (widget.Millesime, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "cumul ")
	if len(s) == 4 && strings.Trim(s, "0123456789") == "" { // a single year
		y, _ := strconv.Atoi(s)
		s = strconv.Itoa(y-1) + "_" + s
	}
	if len(s) == 9 && (s[4] == '_' || s[4] == '-') && s[:4] > s[5:] {
		s = s[5:] + "_" + s[:4]
	}
	m, err := widget.ParseMillesime(s)
	if err != nil {
		return "", widget.Invalid("millesime", "Le millésime s'écrit comme 2022_2023 (deux années qui se suivent) ou 2023.")
	}
	return m, nil
}

// Value is a number of the predecessor's JSON: absent (the zero value), null (a share
// hidden for a small cohort, as the predecessor wrote it) or an integer.
type Value struct {
	V    int
	Set  bool // V is the value
	Null bool // written as null
}

// IsZero reports an absent value (for the omitzero option).
func (x Value) IsZero() bool { return !x.Set && !x.Null }

// MarshalJSON writes the integer or null.
func (x Value) MarshalJSON() ([]byte, error) {
	if !x.Set {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(x.V), 10), nil
}

func value(n widget.N) Value { return Value{V: n.V, Set: n.Valid} }

// Diplome is the predecessor's diploma: its level (3 CAP, 4 bac, 5 BTS, 6 licence, 7 master,
// 0 mention complémentaire) and the BCN short label of its level.
type Diplome struct {
	Code    string `json:"code"`
	Libelle string `json:"libelle"`
}

// DonneeSource says which certification the figures come from: the one asked, or the one its
// widget shows (issue 12): type "self" (its own figures, or a final year's), "ancienne" (a
// renamed diploma's predecessor) or "nouvelle" (its successor), as the predecessor wrote them.
type DonneeSource struct {
	CodeCertification string `json:"code_certification"`
	Type              string `json:"type"`
}

// Meta is the predecessor's _meta: a title and a sentence describing the figures, and the
// small-cohort message.
type Meta struct {
	Titre    string   `json:"titre,omitempty"`
	Details  string   `json:"details,omitempty"`
	Messages []string `json:"messages,omitempty"`
	// DonneesDemonstration marks the embedded demonstration dataset (our addition: the
	// predecessor served real data only).
	DonneesDemonstration bool `json:"donnees_de_demonstration,omitempty"`
}

// Stats is the predecessor's statistics of one certification (France, a region or an
// establishment) or, in Filieres, of one voie. Absent values are omitted; the shares of a
// cohort under 20 are null (with the count of that cohort only, SPEC §4 rule 3).
type Stats struct {
	UAI                   string           `json:"uai,omitempty"`
	CodeCertification     string           `json:"code_certification,omitempty"`
	CodesCertifications   []string         `json:"codes_certifications,omitempty"`
	CodeFormationDiplome  string           `json:"code_formation_diplome,omitempty"`
	CodesFormationDiplome []string         `json:"codes_formation_diplome,omitempty"`
	Libelle               string           `json:"libelle,omitempty"`
	LibelleEtablissement  string           `json:"libelle_etablissement,omitempty"`
	Millesime             widget.Millesime `json:"millesime,omitempty"`
	Filiere               string           `json:"filiere"`
	Diplome               *Diplome         `json:"diplome,omitempty"`
	NbAnneeTerm           Value            `json:"nb_annee_term,omitzero"`
	NbAnneeTermExclus     int              `json:"nb_annee_term_exclus,omitempty"`
	NbPoursuiteEtudes     Value            `json:"nb_poursuite_etudes,omitzero"`
	NbEnEmploi24Mois      Value            `json:"nb_en_emploi_24_mois,omitzero"`
	NbEnEmploi18Mois      Value            `json:"nb_en_emploi_18_mois,omitzero"`
	NbEnEmploi12Mois      Value            `json:"nb_en_emploi_12_mois,omitzero"`
	NbEnEmploi6Mois       Value            `json:"nb_en_emploi_6_mois,omitzero"`
	NbSortant             Value            `json:"nb_sortant,omitzero"`
	TauxEnFormation       Value            `json:"taux_en_formation,omitzero"`
	TauxEnEmploi24Mois    Value            `json:"taux_en_emploi_24_mois,omitzero"`
	TauxEnEmploi18Mois    Value            `json:"taux_en_emploi_18_mois,omitzero"`
	TauxEnEmploi12Mois    Value            `json:"taux_en_emploi_12_mois,omitzero"`
	TauxEnEmploi6Mois     Value            `json:"taux_en_emploi_6_mois,omitzero"`
	TauxAutres6Mois       Value            `json:"taux_autres_6_mois,omitzero"`
	Region                *widget.Region   `json:"region,omitempty"`
	DonneeSource          *DonneeSource    `json:"donnee_source,omitempty"`
	Meta                  *Meta            `json:"_meta,omitempty"`
}

// Filieres is the predecessor's both-voies body: one Stats per voie with data for the
// millésime, keyed "pro" (voie scolaire) and "apprentissage"; a voie without data is absent.
type Filieres struct {
	Pro           *Stats `json:"pro,omitempty"`
	Apprentissage *Stats `json:"apprentissage,omitempty"`
}

// ErrorData lists, in a 404, the millésime asked and those that exist (newest first, as
// the predecessor listed them).
type ErrorData struct {
	Millesime            widget.Millesime   `json:"millesime,omitempty"`
	MillesimesDisponible []widget.Millesime `json:"millesimesDisponible"`
}

// Error is the predecessor's error body (a Boom payload): status, its HTTP name, a French
// message, and for a missing millésime the available ones.
type Error struct {
	StatusCode int        `json:"statusCode"`
	Err        string     `json:"error"`
	Message    string     `json:"message"`
	Data       *ErrorData `json:"data,omitempty"`
}

// The predecessor's 404 messages.
const (
	CertificationInconnue   = "Certification inconnue"
	CertificationsInconnues = "Certifications inconnues"
	FormationInconnue       = "Formation inconnue"
	EtablissementInconnu    = "Etablissement inconnu"
	PasDeDonnees            = "Pas de données disponibles"
	PasDeDonneesMillesime   = "Pas de données pour le millésime"
	DonneesNonDisponibles   = "Données non disponibles"
)

func notFound(msg string, m widget.Millesime, disponibles []widget.Millesime) *Error {
	e := &Error{StatusCode: 404, Err: "Not Found", Message: msg}
	if len(disponibles) > 0 {
		newest := slices.Clone(disponibles)
		slices.Sort(newest)
		newest = slices.Compact(newest)
		slices.Reverse(newest)
		e.Data = &ErrorData{Millesime: m, MillesimesDisponible: newest}
	}
	return e
}

// Body is the JSON of a legacy route: exactly one of its fields is set.
type Body struct {
	Stats    *Stats
	Filieres *Filieres
	Error    *Error
}

// Status is the HTTP status of the body: 200, or the error's.
func (b Body) Status() int {
	if b.Error != nil {
		return b.Error.StatusCode
	}
	return 200
}

// MarshalJSON writes the field that is set.
func (b Body) MarshalJSON() ([]byte, error) {
	var v any = b.Stats
	switch {
	case b.Error != nil:
		v = b.Error
	case b.Filieres != nil:
		v = b.Filieres
	}
	return json.Marshal(v)
}

// JSON maps v to the predecessor's JSON (README "Predecessor's API"): its statistics, its
// both-voies body, or its 404 with the available millésimes.
func JSON(v widget.View) Body {
	if e := errorOf(v); e != nil {
		return Body{Error: e}
	}
	if v.Request.Filieres {
		f := &Filieres{}
		for _, b := range v.Blocs {
			if !b.State.Found() {
				continue
			}
			s := stats(v, b, true)
			if b.Filiere == widget.VoieScolaire {
				f.Pro = &s
			} else {
				f.Apprentissage = &s
			}
		}
		return Body{Filieres: f}
	}
	s := stats(v, v.Blocs[0], false)
	return Body{Stats: &s}
}

// SVGError is the error a legacy .svg route reports instead of an image: the JSON's error,
// or "Données non disponibles" when no share can be drawn (a cohort under 20), as the predecessor
// did. nil means the widget has figures to draw.
func SVGError(v widget.View) *Error {
	if e := errorOf(v); e != nil {
		return e
	}
	blocs := []widget.Bloc{v.Blocs[0]}
	if v.Request.Filieres {
		blocs = v.Blocs
	}
	for _, b := range blocs {
		if b.State.Found() && (b.Taux.EnEmploi6Mois.Valid || b.Taux.EnFormation.Valid || b.Taux.Autres6Mois.Valid) {
			return nil
		}
	}
	return notFound(DonneesNonDisponibles, "", nil)
}

// ExportMissing reports whether req is a formations request that src cannot answer: it has
// no per-formation export for the voie of the code (they are optional, README "Establishment,
// per-formation and InserSup data"). The answer is then NoData, whatever the UAI.
func ExportMissing(src widget.Source, req widget.Request) bool {
	if req.Scope != widget.ScopeFormation {
		return false
	}
	ps, ok := src.(widget.PartsSource)
	return !ok || len(ps.MillesimesParts(widget.ScopeFormation, req.Code.Voie())) == 0
}

// NoData is the predecessor's 404 "Données non disponibles".
func NoData() *Error { return notFound(DonneesNonDisponibles, "", nil) }

// error is the predecessor's 404 for a view without data, nil when it has some.
func errorOf(v widget.View) *Error {
	if v.Request.Scope == widget.ScopeFormation && v.ScopeDonnees != "" {
		// The predecessor's API served an establishment's own figures only: the region's
		// figures the widget shows for a pair without them (issue 12) are not its answer.
		return notFound(FormationInconnue, "", nil)
	}
	if v.Request.Filieres {
		var all []widget.Millesime
		for _, b := range v.Blocs {
			if b.State.Found() {
				return nil
			}
			all = append(all, b.Disponibles...)
		}
		msg := CertificationsInconnues
		if v.Request.Scope == widget.ScopeRegion {
			msg = PasDeDonnees
			if v.State == widget.StateInconnu {
				msg = FormationInconnue
			}
		}
		return notFound(msg, v.Millesime, all)
	}
	if v.State.Found() {
		return nil
	}
	if v.Request.Scope == widget.ScopeFormation {
		switch {
		case v.Certification.CFD == "" && v.Request.Code.Kind != widget.KindSISE:
			return notFound(FormationInconnue, "", nil)
		case v.State == widget.StateEtablissementInconnu:
			return notFound(EtablissementInconnu, "", nil)
		case v.State == widget.StateFormationNonDispensee:
			return notFound(FormationInconnue, "", nil)
		}
	}
	switch {
	case v.State == widget.StateInconnu && v.Request.Scope == widget.ScopeCertification:
		return notFound(CertificationInconnue, "", nil)
	case v.State == widget.StateInconnu:
		return notFound(FormationInconnue, "", nil)
	case len(v.Blocs[0].Disponibles) == 0 && v.Request.Scope == widget.ScopeCertification:
		return notFound(CertificationInconnue, "", nil)
	case len(v.Blocs[0].Disponibles) == 0 && v.Request.Scope == widget.ScopeRegion:
		return notFound(PasDeDonnees, "", nil)
	case len(v.Blocs[0].Disponibles) == 0:
		return notFound(FormationInconnue, "", nil)
	case v.State == widget.StateNonPublie: // a row without published shares (establishment scopes)
		return notFound(DonneesNonDisponibles, "", nil)
	case slices.Contains(v.Blocs[0].Disponibles, v.Millesime): // a row without a cohort
		return notFound(DonneesNonDisponibles, "", nil)
	}
	return notFound(PasDeDonneesMillesime, v.Millesime, v.Blocs[0].Disponibles)
}

// Filiere is the predecessor's name of a voie: "pro" for the voie scolaire.
func Filiere(voie widget.Voie) string {
	if voie == widget.VoieScolaire {
		return "pro"
	}
	return string(voie)
}

// niveaux maps the first character of a CFD (the old BCN level) to the level the
// predecessor published in diplome.code.
var niveaux = map[byte]string{'5': "3", '4': "4", '3': "5", '2': "6", '1': "7", '0': "0"}

func diplome(cfd, typeDiplome string) *Diplome {
	if cfd == "" || typeDiplome == "" {
		return nil
	}
	code, ok := niveaux[cfd[0]]
	if !ok {
		return nil
	}
	return &Diplome{Code: code, Libelle: typeDiplome}
}

// stats maps one voie of v; filiere selects the both-voies entry (code lists, no title).
func stats(v widget.View, b widget.Bloc, filiere bool) Stats {
	c, t := b.Counts, b.Taux
	s := Stats{
		Millesime:          v.Millesime,
		Filiere:            Filiere(b.Filiere),
		NbAnneeTerm:        value(c.NbAnneeTerm),
		NbAnneeTermExclus:  b.Exclus,
		NbPoursuiteEtudes:  value(c.NbPoursuiteEtudes),
		NbEnEmploi24Mois:   value(c.NbEnEmploi24Mois),
		NbEnEmploi18Mois:   value(c.NbEnEmploi18Mois),
		NbEnEmploi12Mois:   value(c.NbEnEmploi12Mois),
		NbEnEmploi6Mois:    value(c.NbEnEmploi6Mois),
		NbSortant:          value(c.NbSortant),
		TauxEnFormation:    value(t.EnFormation),
		TauxEnEmploi24Mois: value(t.EnEmploi24Mois),
		TauxEnEmploi18Mois: value(t.EnEmploi18Mois),
		TauxEnEmploi12Mois: value(t.EnEmploi12Mois),
		TauxEnEmploi6Mois:  value(t.EnEmploi6Mois),
		TauxAutres6Mois:    value(t.Autres6Mois),
		Region:             v.Region,
	}
	meta := Meta{DonneesDemonstration: v.Demo}
	if v.Demo {
		meta.Messages = append(meta.Messages, "Données de démonstration : ces chiffres sont inventés.")
	}
	if b.State.CohortOnly() {
		// The predecessor kept the shares as null under 20; the counts stay hidden here (SPEC §4 rule 3).
		null := Value{Null: true}
		s.TauxEnFormation, s.TauxEnEmploi6Mois, s.TauxAutres6Mois = null, null, null
		meta.Messages = append(meta.Messages, widget.RegleEffectif)
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
				s.Libelle, s.Diplome = cert.Libelle, diplome(cert.CFD, cert.TypeDiplome)
			}
		}
		if v.Request.Scope != widget.ScopeRegion {
			s.Region = nil
		}
		if len(meta.Messages) > 0 {
			s.Meta = &meta
		}
		return s
	}
	code := v.Request.Code.Value
	s.CodeCertification, s.CodeFormationDiplome, s.Libelle = code, cert.CFD, cert.Libelle
	s.Diplome = diplome(cert.CFD, cert.TypeDiplome)
	s.DonneeSource = &DonneeSource{CodeCertification: code, Type: string(widget.RegleCode)}
	if r := v.Resolution; r != nil && r.Affiche.Value != "" {
		// The figures of another code (a final year, a renamed diploma: issue 12), said as
		// /api/v1 says it (SPEC §2, §4 rule 9).
		s.DonneeSource = &DonneeSource{CodeCertification: r.Affiche.Value, Type: string(r.Continuum())}
	}
	meta.Titre = "Certification " + code
	source := "InserJeunes"
	if v.Request.Code.Kind == widget.KindSISE {
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
	if v.Region != nil && v.Request.Scope == widget.ScopeRegion {
		meta.Details += ", région " + v.Region.Nom
	}
	s.Meta = &meta
	return s
}

// ListParams are the query parameters of the predecessor's list routes (README "Predecessor's
// API"): millesimes (periods or single years), code_certifications (separated by "," or "|"),
// regions, uais, academies, page and items_par_page (default 10, as the predecessor's).
var ListParams = dataapi.Params{Codes: "code_certifications", Regions: "regions", UAIs: "uais", Academies: "academies",
	Millesimes: "millesimes", Page: "page", ItemsParPage: "items_par_page", DefaultItems: 10,
	LegacyMillesime: ParseMillesime, Pipe: true}

// ListRoute is one of the predecessor's list routes: its path, the scope it lists and the
// name of the JSON array (its field name: certifications, regionales, formations).
type ListRoute struct {
	Path  string
	Scope widget.Scope
	Array string
}

// ListRoutes are the predecessor's list routes. Each also answers with a ".json" or ".csv"
// suffix; /api/inserjeunes/regionales/{region} lists one region (INSEE or postal code).
var ListRoutes = []ListRoute{
	{"/api/inserjeunes/certifications", widget.ScopeCertification, "certifications"},
	{"/api/inserjeunes/regionales", widget.ScopeRegion, "regionales"},
	{"/api/inserjeunes/regionales/:region", widget.ScopeRegion, "regionales"},
	{"/api/inserjeunes/formations", widget.ScopeFormation, "formations"},
}

// ListItem is the predecessor's list entry of a view: the statistics of its only voie with its
// field names (Stats), its _meta reduced to the small-cohort messages (the predecessor's lists
// carry no title).
func ListItem(v widget.View) Stats {
	s := stats(v, v.Blocs[0], false)
	if s.Meta != nil && len(s.Meta.Messages) > 0 {
		s.Meta = &Meta{Messages: s.Meta.Messages, DonneesDemonstration: s.Meta.DonneesDemonstration}
	} else {
		s.Meta = nil
	}
	return s
}

// List is the body of a predecessor's list route: {"<array>": [...], "pagination": {...}}.
type List struct {
	Array      string
	Items      []Stats
	Pagination dataapi.Pagination
}

// MarshalJSON writes the array under its name, then the pagination.
func (l List) MarshalJSON() ([]byte, error) {
	items := l.Items
	if items == nil {
		items = []Stats{}
	}
	a, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	p, err := json.Marshal(l.Pagination)
	if err != nil {
		return nil, err
	}
	name, _ := json.Marshal(l.Array)
	out := append([]byte{'{'}, name...)
	out = append(append(append(out, ':'), a...), `,"pagination":`...)
	return append(append(out, p...), '}'), nil
}

// statsColumns are the predecessor's CSV statistics columns, in its order.
var statsColumns = []string{"donnee_source_type", "donnee_source_code_certification", "nb_annee_term", "nb_en_emploi_12_mois",
	"nb_en_emploi_18_mois", "nb_en_emploi_24_mois", "nb_en_emploi_6_mois", "nb_poursuite_etudes", "nb_sortant",
	"taux_autres_12_mois", "taux_autres_18_mois", "taux_autres_24_mois", "taux_autres_6_mois", "taux_en_emploi_12_mois",
	"taux_en_emploi_18_mois", "taux_en_emploi_24_mois", "taux_en_emploi_6_mois", "taux_en_formation", "taux_rupture_contrats"}

// CSVColumns are the predecessor's CSV header of a list of scope: its key columns, then
// statsColumns. Values we do not have (taux_autres_12/18/24_mois, taux_rupture_contrats) and
// masked values are empty cells (the predecessor wrote "null").
func CSVColumns(scope widget.Scope) []string {
	var head []string
	switch scope {
	case widget.ScopeRegion:
		head = []string{"region", "code_certification", "filiere", "millesime"}
	case widget.ScopeFormation:
		head = []string{"uai", "code_certification", "filiere", "millesime"}
	default:
		head = []string{"code_certification", "filiere", "millesime"}
	}
	return append(head, statsColumns...)
}

func cellOf(x Value) string {
	if !x.Set {
		return ""
	}
	return strconv.Itoa(x.V)
}

// CSVRow is the predecessor's CSV row of an item of scope (see CSVColumns).
func CSVRow(scope widget.Scope, s Stats) []string {
	var head []string
	switch scope {
	case widget.ScopeRegion:
		nom := ""
		if s.Region != nil {
			nom = s.Region.Nom
		}
		head = []string{nom, s.CodeCertification, s.Filiere, string(s.Millesime)}
	case widget.ScopeFormation:
		head = []string{s.UAI, s.CodeCertification, s.Filiere, string(s.Millesime)}
	default:
		head = []string{s.CodeCertification, s.Filiere, string(s.Millesime)}
	}
	dsType, dsCode := "", ""
	if s.DonneeSource != nil {
		dsType, dsCode = s.DonneeSource.Type, s.DonneeSource.CodeCertification
	}
	return append(head, dsType, dsCode, cellOf(s.NbAnneeTerm), cellOf(s.NbEnEmploi12Mois), cellOf(s.NbEnEmploi18Mois),
		cellOf(s.NbEnEmploi24Mois), cellOf(s.NbEnEmploi6Mois), cellOf(s.NbPoursuiteEtudes), cellOf(s.NbSortant),
		"", "", "", cellOf(s.TauxAutres6Mois), cellOf(s.TauxEnEmploi12Mois), cellOf(s.TauxEnEmploi18Mois),
		cellOf(s.TauxEnEmploi24Mois), cellOf(s.TauxEnEmploi6Mois), cellOf(s.TauxEnFormation), "")
}
