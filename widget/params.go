package widget

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// InputError is a rejected request parameter (SPEC §8): Param names it, Code is a stable machine
// code, Message is a French sentence for the reader. It never contains the rejected value, so an
// error body cannot reflect input.
type InputError struct {
	Code    string `json:"error"`
	Message string `json:"message"`
	Param   string `json:"param"`
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %s (%s)", e.Param, e.Message, e.Code) }

// Invalid is the error of a rejected parameter: the code "parametre_invalide", the parameter's
// name and a French sentence that never repeats the rejected value.
func Invalid(param, message string) *InputError {
	return &InputError{Code: "parametre_invalide", Message: message, Param: param}
}

func invalid(param, message string) *InputError { return Invalid(param, message) }

// CodeKind says which nomenclature a certification code belongs to.
type CodeKind string

// The certification code kinds of SPEC §2.
const (
	KindCFD       CodeKind = "CFD"       // 8 characters, digits and upper-case letters: the apprentissage key
	KindMEFSTAT11 CodeKind = "MEFSTAT11" // 11 digits: the voie scolaire key
	KindSISE      CodeKind = "SISE"      // 7 characters: InserSup (higher education)
)

// Code is a parsed certification code.
type Code struct {
	Kind  CodeKind
	Value string // upper-case, without its prefix
}

// String returns the code as written in routes: the bare value for CFD and MEFSTAT11, "SISE:…" for SISE.
func (c Code) String() string {
	if c.Kind == KindSISE {
		return "SISE:" + c.Value
	}
	return c.Value
}

// Voie is the training path of a cohort (SPEC §2).
type Voie string

// The voies of SPEC §2.
const (
	VoieScolaire      Voie = "scolaire"
	VoieApprentissage Voie = "apprentissage"
	VoieSuperieur     Voie = "superieur"
)

// Voie returns the voie whose data a code keys: MEFSTAT11 → scolaire, CFD → apprentissage,
// SISE → superieur (SPEC §2).
func (c Code) Voie() Voie {
	switch c.Kind {
	case KindMEFSTAT11:
		return VoieScolaire
	case KindSISE:
		return VoieSuperieur
	default:
		return VoieApprentissage
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isAlnumUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return s != ""
}

const codeMessage = "Le code de certification doit être un CFD (8 caractères), un MEFSTAT11 (11 caractères) ou un code SISE:… (7 caractères), en chiffres et lettres."

// ParseCode reads one certification code: a CFD (8 digits or letters, e.g. 32032002, 36X32318,
// 4ZZ259ZZ), a MEFSTAT11 (11 digits or letters, e.g. 23220034307, 23C10023408) or SISE:xxxxxxx (7 characters), optionally
// prefixed CFD: or MEFSTAT11: (SPEC §8). Letters are upper-cased. Errors are *InputError on "code".
func ParseCode(s string) (Code, error) {
	s = strings.ToUpper(s)
	prefix, rest, hasPrefix := strings.Cut(s, ":")
	if !hasPrefix {
		rest = s
		switch len(s) {
		case 8:
			prefix = "CFD"
		case 11:
			prefix = "MEFSTAT11"
		}
	}
	switch {
	case prefix == "CFD" && len(rest) == 8 && isAlnumUpper(rest):
		return Code{Kind: KindCFD, Value: rest}, nil
	case prefix == "MEFSTAT11" && len(rest) == 11 && isAlnumUpper(rest):
		return Code{Kind: KindMEFSTAT11, Value: rest}, nil
	case prefix == "SISE" && len(rest) == 7 && isAlnumUpper(rest):
		return Code{Kind: KindSISE, Value: rest}, nil
	}
	return Code{}, invalid("code", codeMessage)
}

// ParseRegion checks the shape of an INSEE region code: two digits (01 Guadeloupe … 94 Corse) or
// three for overseas collectivities. Whether the region exists is the Source's to say: "10" has
// the right shape but is no INSEE region (SPEC §11), so the caller also checks the region list.
func ParseRegion(s string) (string, error) {
	if (len(s) == 2 || len(s) == 3) && isDigits(s) {
		return s, nil
	}
	return "", regionError()
}

func regionError() *InputError {
	return invalid("region", "La région doit être un code région INSEE, par exemple 11 pour l'Île-de-France ou 01 pour la Guadeloupe.")
}

// Millesime is a cohort period written "2022_2023": the two years of the cumulated cohorts.
type Millesime string

// Years returns the first and second year of the millésime.
func (m Millesime) Years() (int, int) {
	a, _ := strconv.Atoi(string(m[:4]))
	b, _ := strconv.Atoi(string(m[5:]))
	return a, b
}

// ParseMillesime reads "YYYY_YYYY" where the second year follows the first (SPEC §2). The data
// also writes "cumul 2022-2023" and "2022-2023"; both are accepted and normalised.
func ParseMillesime(s string) (Millesime, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "cumul ")
	if len(s) == 9 && (s[4] == '_' || s[4] == '-') && isDigits(s[:4]) && isDigits(s[5:]) {
		a, _ := strconv.Atoi(s[:4])
		b, _ := strconv.Atoi(s[5:])
		if b == a+1 && a >= 1990 && a <= 2100 {
			return Millesime(s[:4] + "_" + s[5:]), nil
		}
	}
	return "", invalid("millesime", "Le millésime doit s'écrire comme 2022_2023 (deux années qui se suivent).")
}

// Audience is the reader a widget is written for (SPEC §6).
type Audience string

// The audiences of SPEC §6.
const (
	AudienceCollege        Audience = "college"
	AudienceLycee          Audience = "lycee"
	AudienceSuperieur      Audience = "superieur"
	AudienceAccompagnateur Audience = "accompagnateur"
)

// Format is the representation asked for by the route suffix.
type Format string

// The formats of SPEC §8.
const (
	FormatHTML Format = "html"
	FormatSVG  Format = "svg"
	FormatJSON Format = "json"
)

// SplitFormat separates the ".svg"/".json"/".csv" suffix of the last path segment; no suffix is HTML.
func SplitFormat(last string) (string, Format) {
	switch {
	case strings.HasSuffix(last, ".svg"):
		return strings.TrimSuffix(last, ".svg"), FormatSVG
	case strings.HasSuffix(last, ".json"):
		return strings.TrimSuffix(last, ".json"), FormatJSON
	case strings.HasSuffix(last, ".csv"):
		return strings.TrimSuffix(last, ".csv"), FormatCSV
	case strings.HasSuffix(last, ".html"):
		return strings.TrimSuffix(last, ".html"), FormatHTML
	}
	return last, FormatHTML
}

// Scope is what a widget aggregates over (SPEC §2).
type Scope string

// The scopes served today.
const (
	ScopeCertification Scope = "certification" // France: sum of the regions
	ScopeRegion        Scope = "region"
)

// Layout is the arrangement of a widget (SPEC §7): auto is the responsive HTML; the SVG is
// vertical (320 px wide) or horizontal (720 px wide).
type Layout string

// The layouts of SPEC §7.
const (
	LayoutAuto       Layout = "auto"
	LayoutVertical   Layout = "vertical"
	LayoutHorizontal Layout = "horizontal"
)

// MaxCodes is the most certification codes one request may list (SPEC §8: several codes give the
// both-voies view).
const MaxCodes = 8

// Request is a validated widget request. Zero Millesime means "the newest of the dataset";
// zero Audience means "from the diploma level".
type Request struct {
	Scope  Scope
	Region string // INSEE code, ScopeRegion only
	UAI    string // establishment, ScopeEtablissement and ScopeFormation only
	Code   Code   // the first code (zero when Identifiant is set: Build resolves it)
	Codes  []Code // every code asked, in order, without duplicates (1 to MaxCodes); none with Identifiant
	// Identifiant is the partner identifier asked in {code} (RNCP:34700, ONISEP:FOR.6913,
	// CERTIFINFO:82567, issue 12 item 4), alone in its request; Kind "" for a certification code.
	// Build resolves it (PartnerSource) and keeps it: the JSON and the links name it.
	Identifiant PartnerID
	Filieres    bool // both-voies view: vue=filieres, or several codes (SPEC §4 rule 7)
	Millesime   Millesime
	Audience    Audience
	Theme       string // a theme name from Options.Themes
	Template    string // a visual template from Options.Templates ("" for the default)
	Layout      Layout // "auto" for HTML and JSON; SVG: vertical unless asked
	Scheme      string // "light", "dark" or "auto" (HTML follows prefers-color-scheme); SVG: light unless asked
	Format      Format
	HideTitle   bool   // title=0
	Partner     string // partner=KEY: a key of Options.Partners, "" for none
	// OnError is what a .svg without data answers (SPEC §8): "image" (the widget saying so),
	// "empty" (an empty image) or "status" (the JSON 404).
	OnError string
	// Publication is the deployment's publication dates of the datasets (Options.Publication),
	// shown in the footer and the JSON (issue 13).
	Publication Publication
}

// Query is the read-only view of a URL query the parser needs (url.Values satisfies it).
type Query interface {
	Get(key string) string
	Has(key string) bool
}

// Options lists what a deployment offers: the closed lists the query is checked against.
type Options struct {
	Themes    []string   // theme names; the first is the default
	Templates []string   // visual template names; empty accepts none but the default
	Audiences []Audience // audiences with templates; empty means all of SPEC §6
	// Partners are the keys ?partner= accepts, with what each changes; nil accepts none.
	Partners map[string]Partner
	// Publication is the publication date of each dataset, copied into every Request.
	Publication Publication
}

// Partner is what ?partner=KEY changes in a request: the defaults of theme and audience, and the
// themes that may be asked.
type Partner struct {
	Theme    string   // theme when none is asked; "" for the first allowed theme
	Audience Audience // audience when none is asked; "" for the diploma's (SPEC §6)
	Themes   []string // themes it may ask, a subset of Options.Themes; empty for all of them
}

// Route is the path parameters of a widget route. Last is the last path segment, which carries
// the format suffix: the code, or the UAI for /widgets/etablissements/{uai}.
type Route struct {
	Scope  Scope
	Region string // ScopeRegion
	UAI    string // ScopeFormation (ScopeEtablissement reads it from Last)
	Last   string
}

// ParseRequest validates the route parameters and the known query parameters of a certification
// widget request (SPEC §8); see ParseRoute.
func ParseRequest(scope Scope, region, codeSegment string, q Query, opt Options) (Request, error) {
	return ParseRoute(Route{Scope: scope, Region: region, Last: codeSegment}, q, opt)
}

// ParseRoute validates the route parameters and the known query parameters of a widget request
// (SPEC §8). Unknown query parameters are ignored. The error is an *InputError naming the first
// bad parameter; whether the region exists is checked by Build.
func ParseRoute(rt Route, q Query, opt Options) (Request, error) {
	r := Request{Publication: opt.Publication}
	codePart, format := SplitFormat(rt.Last)
	r.Format = format
	r.Scope = rt.Scope
	switch rt.Scope {
	case ScopeRegion:
		reg, err := ParseRegion(rt.Region)
		if err != nil {
			return r, err
		}
		r.Region = reg
	case ScopeEtablissement:
		uai, err := ParseUAI(codePart)
		if err != nil {
			return r, err
		}
		r.UAI = uai
		if err := parseQuery(&r, q, opt); err != nil {
			return r, err
		}
		// The establishment shows both voies whatever vue says; a value other than filieres
		// is refused as on the other routes (issue 10).
		_, err = parseVue(q)
		return r, err
	case ScopeFormation:
		uai, err := ParseUAI(rt.UAI)
		if err != nil {
			return r, err
		}
		r.UAI = uai
	}
	var one [1]string // a lone code, the common case, splits without allocating (issue 11 item 5)
	parts := one[:]
	if strings.IndexByte(codePart, ',') < 0 {
		one[0] = codePart
	} else {
		parts = strings.Split(codePart, ",")
	}
	if len(parts) > MaxCodes {
		return r, invalid("code", fmt.Sprintf("Une demande peut citer au plus %d codes de certification.", MaxCodes))
	}
	for _, p := range parts {
		id, err := ParseIdentifier(p)
		if err != nil {
			return r, err
		}
		if id.IsPartner() {
			if len(parts) > 1 {
				return r, invalid("code", "Un identifiant RNCP, Onisep ou Certif Info se demande seul, sans autre code.")
			}
			r.Identifiant = id.Partner
			break
		}
		if !contains(r.Codes, id.Code) {
			r.Codes = append(r.Codes, id.Code)
		}
	}
	if len(r.Codes) > 0 {
		r.Code = r.Codes[0]
	}
	r.Filieres = len(r.Codes) > 1
	if err := parseQuery(&r, q, opt); err != nil {
		return r, err
	}
	if vue, err := parseVue(q); err != nil {
		return r, err
	} else if vue {
		r.Filieres = true
	}
	if r.Scope == ScopeFormation && r.Filieres && r.Identifiant.Kind == "" {
		return r, invalid("code", "Un widget de formation d'établissement porte sur un seul code de certification.")
	}
	if r.Filieres {
		for _, c := range r.Codes {
			if c.Kind == KindSISE {
				return r, invalid("code", "La vue par voie concerne les CFD et MEFSTAT11, pas les codes SISE.")
			}
		}
	}
	return r, nil
}

// parseVue reads vue=: absent (false) or filieres (true), anything else an *InputError.
func parseVue(q Query) (bool, error) {
	if !q.Has("vue") {
		return false, nil
	}
	if q.Get("vue") != "filieres" {
		return false, invalid("vue", "Le paramètre vue vaut filieres (voies scolaire et apprentissage côte à côte).")
	}
	return true, nil
}

// KnownParams are the query parameters a widget route reads; any other is ignored.
var KnownParams = []string{"millesime", "audience", "theme", "template", "layout", "scheme", "vue", "title", "partner", "onerror"}

// parseQuery reads the query parameters shared by every scope.
func parseQuery(r *Request, q Query, opt Options) error {
	if vs, ok := q.(url.Values); ok {
		for _, k := range KnownParams {
			if len(vs[k]) > 1 {
				return invalid(k, "Ce paramètre est donné plusieurs fois : gardez-en un seul.")
			}
		}
	}
	r.OnError = "image"
	if q.Has("onerror") {
		switch v := q.Get("onerror"); v {
		case "image", "empty", "status":
			r.OnError = v
		default:
			return invalid("onerror", "Le paramètre onerror vaut image, empty ou status.")
		}
	}
	r.Layout = LayoutAuto
	if r.Format == FormatSVG {
		r.Layout = LayoutVertical
	}
	r.Scheme = "auto"
	if r.Format == FormatSVG {
		r.Scheme = "light"
	}
	if q.Has("scheme") {
		switch sc := q.Get("scheme"); sc {
		case "light", "dark":
			r.Scheme = sc
		case "auto":
		default:
			return invalid("scheme", "Le paramètre scheme vaut light, dark ou auto.")
		}
	}
	if q.Has("layout") {
		switch l := Layout(q.Get("layout")); l {
		case LayoutAuto, LayoutVertical, LayoutHorizontal:
			if l == LayoutAuto && r.Format == FormatSVG {
				l = LayoutVertical // an image has a fixed width
			}
			r.Layout = l
		default:
			return invalid("layout", "Le paramètre layout vaut auto, vertical ou horizontal.")
		}
	}
	if q.Has("millesime") {
		v := q.Get("millesime")
		m, err := ParseMillesime(v)
		if err == nil && strings.TrimSpace(v) != v {
			// ParseMillesime trims the data's cells; a URL's value is exact, like every other
			// parameter's (issue 10).
			err = invalid("millesime", "Le millésime doit s'écrire comme 2022_2023 (deux années qui se suivent).")
		}
		if err != nil {
			return err
		}
		r.Millesime = m
	}
	themes := opt.Themes
	r.Theme = opt.Themes[0]
	if q.Has("partner") {
		p, ok := opt.Partners[q.Get("partner")]
		if !ok {
			return invalid("partner", "Ce partenaire n'est pas déclaré sur ce service : vérifiez la clé partner fournie avec le code d'intégration.")
		}
		r.Partner = q.Get("partner")
		if len(p.Themes) > 0 {
			themes = p.Themes
			r.Theme = themes[0]
		}
		if p.Theme != "" {
			r.Theme = p.Theme
		}
		if contains(opt.audiences(), p.Audience) {
			r.Audience = p.Audience
		}
	}
	if q.Has("audience") {
		a := Audience(q.Get("audience"))
		if !contains(opt.audiences(), a) {
			return invalid("audience", "L'audience doit être l'une de : "+join(opt.audiences())+".")
		}
		r.Audience = a
	}
	if q.Has("theme") {
		t := q.Get("theme")
		if !contains(themes, t) || !contains(opt.Themes, t) {
			return invalid("theme", "Le thème doit être l'un de : "+strings.Join(themes, ", ")+".")
		}
		r.Theme = t
	}
	if q.Has("template") {
		t := q.Get("template")
		if !contains(opt.Templates, t) {
			return invalid("template", "Le modèle doit être l'un de : "+strings.Join(opt.Templates, ", ")+".")
		}
		r.Template = t
	}
	if q.Has("title") {
		switch q.Get("title") {
		case "0":
			r.HideTitle = true
		case "1":
		default:
			return invalid("title", "Le paramètre title vaut 0 (sans titre) ou 1.")
		}
	}
	return nil
}

func (o Options) audiences() []Audience {
	if len(o.Audiences) == 0 {
		return Audiences
	}
	return o.Audiences
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func join[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// Audiences are the audiences of SPEC §6, in the order every list shows them (the one list).
var Audiences = []Audience{AudienceCollege, AudienceLycee, AudienceSuperieur, AudienceAccompagnateur}

// AudienceLabel names an audience for editors (the preview).
func AudienceLabel(a Audience) string {
	switch a {
	case AudienceCollege:
		return "Collégiens (3e)"
	case AudienceLycee:
		return "Lycéens"
	case AudienceSuperieur:
		return "Étudiants"
	case AudienceAccompagnateur:
		return "Accompagnateurs (conseillers, parents)"
	}
	return string(a)
}

// CheckQuery rejects a raw URL query that Go's url.ParseQuery would read only in part: a pair
// holding ";" or a malformed "%xx" is dropped there, and the answer would be an unfiltered list
// or the newest millésime, silently (issue 14; SPEC §5). The error names the pair's parameter
// when its name is a plain one (lower-case letters and "_", as every parameter of ours), else
// "requete"; it never repeats the value. nil when the whole query reads.
func CheckQuery(raw string) *InputError {
	if !strings.ContainsAny(raw, ";%") {
		return nil // the common case costs no allocation
	}
	if _, err := url.ParseQuery(raw); err == nil {
		return nil
	}
	const msg = "Cette adresse contient un « ; » ou un « % » mal formé : séparez les paramètres par « & » et les valeurs par des virgules."
	for pair := range strings.SplitSeq(raw, "&") {
		key, value, _ := strings.Cut(pair, "=")
		k, errKey := url.QueryUnescape(key)
		_, errValue := url.QueryUnescape(value)
		if !strings.Contains(pair, ";") && errKey == nil && errValue == nil {
			continue
		}
		if errKey == nil && plainName(k) {
			return invalid(k, msg)
		}
		break
	}
	return invalid("requete", msg)
}

// plainName reports whether s can be a parameter's name: 1 to 40 lower-case ASCII letters or "_".
func plainName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}
