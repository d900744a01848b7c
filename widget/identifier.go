package widget

import "strings"

// PartnerKind is a nomenclature of partners' identifiers (issue 12 item 4): identifiers that name
// a certification without being one of the codes the figures are keyed by.
type PartnerKind string

// The partner identifier kinds of issue 12.
const (
	KindRNCP       PartnerKind = "RNCP"       // France compétences RNCP fiche: RNCP:34700 or RNCP34700
	KindOnisep     PartnerKind = "ONISEP"     // Onisep Idéo formation: ONISEP:FOR.6913
	KindCertifInfo PartnerKind = "CERTIFINFO" // Certif Info certification: CERTIFINFO:82567
)

// PartnerID is a parsed partner identifier. Value is canonical: the digits without leading zeros
// for RNCP and CERTIFINFO ("34700"), "FOR." and the digits for ONISEP ("FOR.6913").
type PartnerID struct {
	Kind  PartnerKind
	Value string
}

// String returns the identifier in its canonical route form: "RNCP:34700", "ONISEP:FOR.6913",
// "CERTIFINFO:82567".
func (p PartnerID) String() string { return string(p.Kind) + ":" + p.Value }

// Identifier is what a route's {code} names: a certification code (Code) or a partner identifier
// (Partner, when Partner.Kind is not ""), exactly one of them.
type Identifier struct {
	Code    Code
	Partner PartnerID
}

// IsPartner reports whether the identifier is a partner's, to be resolved (PartnerSource.Identify).
func (id Identifier) IsPartner() bool { return id.Partner.Kind != "" }

// identifierMessage is the 400 sentence of a {code} that is neither a code nor a partner id: it
// names the accepted shapes and never the value.
const identifierMessage = "Le code doit être un CFD (8 caractères), un MEFSTAT11 (11 caractères), un code SISE:… (7 caractères), " +
	"une fiche RNCP (RNCP:34700), une formation Onisep (ONISEP:FOR.6913) ou une certification Certif Info (CERTIFINFO:82567)."

// maxPartnerDigits bounds the digits of an RNCP, Onisep or Certif Info number: the real ones have
// at most 6; a longer one is no identifier (and would make an unbounded cache key).
const maxPartnerDigits = 7

// ParsePartnerID reads a partner identifier, case-insensitively, as a whole string (anchored: no
// prefix, suffix or blank is skipped): RNCP:nnn or RNCPnnn, ONISEP:FOR.nnn, CERTIFINFO:nnn, with
// 1 to 7 digits, not all zero. ok is false for anything else (then try ParseCode).
func ParsePartnerID(s string) (PartnerID, bool) {
	u := strings.ToUpper(s)
	var kind PartnerKind
	var digits, prefix string
	switch {
	case strings.HasPrefix(u, "RNCP:"):
		kind, digits = KindRNCP, u[len("RNCP:"):]
	case strings.HasPrefix(u, "RNCP"):
		kind, digits = KindRNCP, u[len("RNCP"):]
	case strings.HasPrefix(u, "ONISEP:FOR."):
		kind, digits, prefix = KindOnisep, u[len("ONISEP:FOR."):], "FOR."
	case strings.HasPrefix(u, "CERTIFINFO:"):
		kind, digits = KindCertifInfo, u[len("CERTIFINFO:"):]
	default:
		return PartnerID{}, false
	}
	if len(digits) == 0 || len(digits) > maxPartnerDigits || !isDigits(digits) {
		return PartnerID{}, false
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return PartnerID{}, false
	}
	return PartnerID{Kind: kind, Value: prefix + digits}, true
}

// ParseIdentifier reads a route's {code}: a partner identifier (ParsePartnerID) or a certification
// code (ParseCode). Partner prefixes are tried first: no CFD starts with letters, so RNCP3470 is
// an RNCP fiche, not a CFD. The error is an *InputError on "code" whose message never repeats the
// value (SPEC §8).
func ParseIdentifier(s string) (Identifier, error) {
	if p, ok := ParsePartnerID(s); ok {
		return Identifier{Partner: p}, nil
	}
	c, err := ParseCode(s)
	if err != nil {
		return Identifier{}, invalid("code", identifierMessage)
	}
	return Identifier{Code: c}, nil
}

// Candidat is one diploma a partner identifier names (issue 12 item 4).
type Candidat struct {
	CFD     string // the diploma
	Libelle string // its display label (accented), BCN label when no better one is known
	// Codes are the diploma's codes for each voie, apprentissage (the CFD) first, then its final-year
	// MEFSTAT11 codes for the voie scolaire that have figures (or, when none has, that are open).
	Codes []Code
}

// Identification is what a partner identifier names: none (unknown: a 404 like any code), one
// diploma (show it, both voies when it has both), or several (its own state listing them, never a
// guess). Candidats are sorted by CFD.
type Identification struct {
	ID        PartnerID
	Candidats []Candidat
	// Sources name the crosswalks that gave the candidates, e.g. "Certif Info", "Kit apprentissage".
	Sources []string
}

// Unique reports whether the identifier names exactly one diploma.
func (i Identification) Unique() bool { return len(i.Candidats) == 1 }

// PartnerSource is implemented by sources that load the crosswalks of partners' identifiers.
type PartnerSource interface {
	Identify(id PartnerID) Identification
}
