// Package dataapi is the data API of issue 14: lists of indicators over a snapshot, filtered,
// paginated and in a stable order, as JSON or CSV, for partners who build their own module. It
// decides nothing about figures: each item is the widget's JSON view model (widget.View.JSON)
// for the same key, built by widget.Build, so a list and a widget never disagree. The package is
// pure: the snapshot is reached through Catalog, the HTTP layer (internal/server) only parses
// the URL with ParseQuery and writes what Select, Items and the CSV writer return.
package dataapi

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// The pagination limits of the lists (issue 14 item 1: items_par_page has a maximum).
const (
	DefaultItemsParPage = 100  // /api/v1 lists
	MaxItemsParPage     = 1000 // every list, ours and the predecessor's
	// MaxListValues is the most values one list parameter may carry (codes, regions, …).
	MaxListValues = 200
	// MaxPage bounds page, so that page × items_par_page never overflows.
	MaxPage = 1_000_000
)

// Query is a validated list request (issue 14 item 1). Empty lists filter nothing. Regions are
// INSEE codes or postal codes (resolved by Select); Codes any identifier a widget accepts.
type Query struct {
	Codes        []widget.Identifier
	Regions      []string // as asked: INSEE code (2 or 3 digits) or postal code (5 digits)
	UAIs         []string
	Academies    []string // the predecessor's académie codes (2 digits); see README
	Millesimes   []widget.Millesime
	Voie         widget.Voie // "" for both
	Page         int         // from 1
	ItemsParPage int
}

// Values is the read-only view of the URL query the parser needs (url.Values satisfies it).
type Values interface {
	Get(key string) string
	Has(key string) bool
}

// Params names the query parameters of a list: ours (/api/v1) or the predecessor's.
type Params struct {
	Codes, Regions, UAIs, Academies, Millesimes, Voie, Page, ItemsParPage string
	// DefaultItems is items_par_page when absent.
	DefaultItems int
	// LegacyMillesime reads a millésime as the predecessor did (a single year "2023" too);
	// nil reads widget.ParseMillesime.
	LegacyMillesime func(string) (widget.Millesime, error)
	// Pipe also separates values by "|" (the predecessor's code lists).
	Pipe bool
}

// V1 are the parameters of the /api/v1 lists.
var V1 = Params{Codes: "codes", Regions: "regions", UAIs: "uais", Millesimes: "millesimes", Voie: "voie",
	Page: "page", ItemsParPage: "items_par_page", DefaultItems: DefaultItemsParPage}

// Names lists the query parameters p reads (the duplicate check, the pagination links).
func (p Params) Names() []string {
	var out []string
	for _, n := range []string{p.Codes, p.Regions, p.UAIs, p.Academies, p.Millesimes, p.Voie, p.Page, p.ItemsParPage} {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

func invalid(param, msg string) *widget.InputError { return widget.Invalid(param, msg) }

// split reads a list parameter: values separated by commas (and "|" with pipe), none empty, at
// most MaxListValues, duplicates dropped (first kept).
func split(param, s string, pipe bool) ([]string, error) {
	if pipe {
		s = strings.ReplaceAll(s, "|", ",")
	}
	parts := strings.Split(s, ",")
	if len(parts) > MaxListValues {
		return nil, invalid(param, fmt.Sprintf("Ce paramètre accepte au plus %d valeurs séparées par des virgules.", MaxListValues))
	}
	var out []string
	for _, v := range parts {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, invalid(param, "Une valeur de ce paramètre est vide : séparez les valeurs par une seule virgule.")
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// positive reads an integer from 1 to limit (digits only: no sign, no space).
func positive(param, s string, limit int, msg string) (int, error) {
	if s == "" || len(s) > 7 || strings.Trim(s, "0123456789") != "" {
		return 0, invalid(param, msg)
	}
	n, _ := strconv.Atoi(s)
	if n < 1 || n > limit {
		return 0, invalid(param, msg)
	}
	return n, nil
}

// ParseQuery validates the list parameters p names in q (issue 14 item 1). Unknown parameters are
// ignored; a parameter given twice, an empty value, a code, region, UAI, millésime or voie of the
// wrong shape, a page or items_par_page out of range is an *widget.InputError naming the
// parameter, with a French sentence that never repeats the value (SPEC §8).
func ParseQuery(q Values, p Params) (Query, error) {
	out := Query{Page: 1, ItemsParPage: p.DefaultItems}
	if vs, ok := q.(url.Values); ok {
		for _, k := range p.Names() {
			if len(vs[k]) > 1 {
				return out, invalid(k, "Ce paramètre est donné plusieurs fois : séparez ses valeurs par des virgules dans un seul paramètre.")
			}
		}
	}
	list := func(name string) ([]string, bool, error) {
		if name == "" || !q.Has(name) {
			return nil, false, nil
		}
		vs, err := split(name, q.Get(name), p.Pipe)
		return vs, true, err
	}
	codes, _, err := list(p.Codes)
	if err != nil {
		return out, err
	}
	for _, c := range codes {
		id, err := widget.ParseIdentifier(c)
		if err != nil {
			return out, invalid(p.Codes, "Chaque code doit être un CFD (8 caractères), un MEFSTAT11 (11 caractères), un code SISE:…, ou un identifiant RNCP:…, ONISEP:FOR.… ou CERTIFINFO:….")
		}
		if !slices.Contains(out.Codes, id) {
			out.Codes = append(out.Codes, id)
		}
	}
	regions, _, err := list(p.Regions)
	if err != nil {
		return out, err
	}
	for _, r := range regions {
		if !isDigits(r) || (len(r) != 2 && len(r) != 3 && len(r) != 5) {
			return out, invalid(p.Regions, "Chaque région est un code région INSEE (11 pour l'Île-de-France, 01 pour la Guadeloupe) ou un code postal à 5 chiffres.")
		}
		out.Regions = append(out.Regions, r)
	}
	uais, _, err := list(p.UAIs)
	if err != nil {
		return out, err
	}
	for _, u := range uais {
		uai, err := widget.ParseUAI(u)
		if err != nil {
			return out, invalid(p.UAIs, "Chaque UAI s'écrit avec 7 chiffres et une lettre, par exemple 0751234J.")
		}
		if !slices.Contains(out.UAIs, uai) {
			out.UAIs = append(out.UAIs, uai)
		}
	}
	acads, _, err := list(p.Academies)
	if err != nil {
		return out, err
	}
	for _, a := range acads {
		if len(a) != 2 || !isDigits(a) {
			return out, invalid(p.Academies, "Chaque académie est un code à 2 chiffres, par exemple 01 pour Paris.")
		}
		out.Academies = append(out.Academies, a)
	}
	ms, _, err := list(p.Millesimes)
	if err != nil {
		return out, err
	}
	for _, s := range ms {
		var m widget.Millesime
		if p.LegacyMillesime != nil {
			m, err = p.LegacyMillesime(s)
		} else {
			m, err = widget.ParseMillesime(s)
		}
		if err != nil {
			return out, invalid(p.Millesimes, "Chaque millésime s'écrit comme 2022_2023 (deux années qui se suivent).")
		}
		if !slices.Contains(out.Millesimes, m) {
			out.Millesimes = append(out.Millesimes, m)
		}
	}
	if p.Voie != "" && q.Has(p.Voie) {
		switch v := widget.Voie(q.Get(p.Voie)); v {
		case widget.VoieScolaire, widget.VoieApprentissage, widget.VoieSuperieur:
			out.Voie = v
		default:
			return out, invalid(p.Voie, "Le paramètre voie vaut scolaire, apprentissage ou superieur.")
		}
	}
	if q.Has(p.Page) {
		if out.Page, err = positive(p.Page, q.Get(p.Page), MaxPage, fmt.Sprintf("Le paramètre page est un entier de 1 à %d.", MaxPage)); err != nil {
			return out, err
		}
	}
	if q.Has(p.ItemsParPage) {
		if out.ItemsParPage, err = positive(p.ItemsParPage, q.Get(p.ItemsParPage), MaxItemsParPage, fmt.Sprintf("Le paramètre %s est un entier de 1 à %d.", p.ItemsParPage, MaxItemsParPage)); err != nil {
			return out, err
		}
	}
	return out, nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Canonical writes the query in one form (sorted lists, every field), for the ETag and the
// cache key: two URLs asking the same list in different words share it.
func (q Query) Canonical() string {
	var b strings.Builder
	w := func(name string, vs []string) {
		vs = slices.Clone(vs)
		slices.Sort(vs)
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(strings.Join(vs, ","))
		b.WriteByte('&')
	}
	codes := make([]string, len(q.Codes))
	for i, c := range q.Codes {
		if c.IsPartner() {
			codes[i] = c.Partner.String()
		} else {
			codes[i] = string(c.Code.Kind) + ":" + c.Code.Value
		}
	}
	w("codes", codes)
	w("regions", q.Regions)
	w("uais", q.UAIs)
	w("academies", q.Academies)
	ms := make([]string, len(q.Millesimes))
	for i, m := range q.Millesimes {
		ms[i] = string(m)
	}
	w("millesimes", ms)
	fmt.Fprintf(&b, "voie=%s&page=%d&items=%d", q.Voie, q.Page, q.ItemsParPage)
	return b.String()
}
