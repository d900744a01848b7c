package dataapi

import (
	"slices"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Key is one list entry: a widget key (scope key, certification, millésime; SPEC §3: the voie is
// the code's). Millesime "" is an establishment in its default view (each voie its newest).
type Key struct {
	Region    string // INSEE code: the region of a regional row, of an establishment; "" for France
	UAI       string // establishment scopes
	Code      widget.Code
	Millesime widget.Millesime
	// Identifiant is the partner identifier asked that selected the key (RNCP:34700…), "" for a
	// code asked or no filter: the item says it (tester defect 4: a partner could not tell which
	// of its identifiers gave which item).
	Identifiant string
}

// Catalog is a widget.Source that lists its keys (internal/data.Snapshot implements it).
type Catalog interface {
	widget.Source
	// Keys returns every key the data has a row for in the scope, in the stable order of the
	// lists: France by code kind (CFD, MEFSTAT11, SISE), code, millésime; a region by region
	// first; the establishment scopes by UAI, then code and millésime. The slice is shared: never
	// modify it.
	Keys(scope widget.Scope) []Key
}

// DepartementSource is implemented by catalogs that know the region of a département (the
// département file): a postal code resolves to its region through it, as the predecessor did.
type DepartementSource interface {
	RegionDepartement(dep string) (widget.Region, bool)
}

// AcademieSource is implemented by catalogs that know the académie of an establishment (its
// département, in the département file): the predecessor's academies filter.
type AcademieSource interface {
	AcademieUAI(uai string) (code string, ok bool)
}

// Scopes are the scopes of the lists, in the order the documentation lists them.
var Scopes = []widget.Scope{widget.ScopeCertification, widget.ScopeRegion, widget.ScopeEtablissement, widget.ScopeFormation}

// ScopeNames are the path segments of the lists (/api/v1/{name}), by scope.
var ScopeNames = map[widget.Scope]string{
	widget.ScopeCertification: "certifications",
	widget.ScopeRegion:        "regions",
	widget.ScopeEtablissement: "etablissements",
	widget.ScopeFormation:     "formations",
}

// Pagination is the page of a list (issue 14 item 1), with the predecessor's field names.
type Pagination struct {
	Page         int `json:"page"`
	ItemsParPage int `json:"items_par_page"`
	NombreDePage int `json:"nombre_de_page"`
	Total        int `json:"total"`
}

// Selection is the keys of one page of a list.
type Selection struct {
	Scope      widget.Scope
	Keys       []Key // the page, in the stable order
	Pagination Pagination
	// Millesimes are the millésimes the list serves: those asked, or the newest of each voie
	// (SPEC §5: never an older one silently); for an establishment's default view, the newest
	// of each voie its establishments have rows for.
	Millesimes []widget.Millesime
}

// PostalDepartement returns the département of a French postal code (5 digits): its first
// three digits overseas (971…976, 98…), 02A for 200xx–201xx and 02B for 202xx–206xx (Corse;
// 207xx–209xx are none),
// else its first two digits written on three ("75001" → "075"), the form of the département file.
func PostalDepartement(cp string) (string, bool) {
	if len(cp) != 5 || !isDigits(cp) {
		return "", false
	}
	switch {
	case cp[:2] == "97" || cp[:2] == "98":
		return cp[:3], true
	case cp[:2] == "20" && cp[2] <= '1':
		return "02A", true
	case cp[:2] == "20" && cp[2] <= '6':
		return "02B", true
	case cp[:2] == "20":
		return "", false // 207xx–209xx: no Corse postal code
	case cp[:2] == "00":
		return "", false
	}
	return "0" + cp[:2], true
}

// regions resolves the regions asked to INSEE codes: an INSEE code the catalog lists, or a
// postal code whose département it knows. Anything else is a 400 on param.
func regions(cat Catalog, asked []string, param string) ([]string, error) {
	var out []string
	for _, r := range asked {
		code := r
		if len(r) == 5 {
			ds, ok := cat.(DepartementSource)
			dep, okDep := PostalDepartement(r)
			var reg widget.Region
			if ok && okDep {
				reg, ok = ds.RegionDepartement(dep)
			}
			if !ok || !okDep {
				return nil, invalid(param, "Ce code postal ne correspond à aucun département connu : donnez le code région INSEE.")
			}
			code = reg.Code
		} else if _, ok := cat.Region(r); !ok {
			return nil, invalid(param, "Cette région n'est pas un code région INSEE, par exemple 11 pour l'Île-de-France ou 01 pour la Guadeloupe.")
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out, nil
}

// codes maps each code the data has rows for to the codes asked whose widgets show its figures
// (issue 14 item 1: "any accepted identifier", as the widget reads it). A code is resolved by
// the catalog's rules when it has them (widget.Resolver, issue 12): its own rows, else its final
// year's, another duration's, its 1↔1 predecessor's or successor's; a 2nde commune stands for
// its specialties, each listed as its own widget shows it (the family's widget shows one block
// per specialty). A partner identifier stands for every diploma it names, each resolved the same
// way (none when unknown: it matches nothing).
func codes(cat Catalog, ids []widget.Identifier) map[widget.Code][]asked {
	out := map[widget.Code][]asked{}
	add := func(shown widget.Code, a asked) {
		if !slices.Contains(out[shown], a) {
			out[shown] = append(out[shown], a)
		}
	}
	resolve := func(c widget.Code, id string) {
		r, ok := cat.(widget.Resolver)
		if !ok {
			add(c, asked{c, id})
			return
		}
		switch res := r.Resolve(c); {
		case res.Famille != nil:
			for _, sp := range res.Famille.Specialites {
				add(sp.Resolution.Affiche, asked{sp.Resolution.Demande, id})
			}
		case res.Affiche.Value != "":
			add(res.Affiche, asked{c, id})
		default:
			add(c, asked{c, id})
		}
	}
	for _, id := range ids {
		if !id.IsPartner() {
			resolve(id.Code, "")
			continue
		}
		ps, ok := cat.(widget.PartnerSource)
		if !ok {
			continue
		}
		for _, c := range ps.Identify(id.Partner).Candidats {
			for _, code := range c.Codes {
				resolve(code, id.Partner.String())
			}
		}
	}
	return out
}

// asked is a code whose widget a list serves, and the partner identifier that named it ("" for
// a code asked).
type asked struct {
	code widget.Code
	id   string
}

// defaults are the newest millésime of each voie of a scope, as a widget without millesime=
// shows it (SPEC §5).
type defaults map[widget.Voie]widget.Millesime

func newest(ms []widget.Millesime) widget.Millesime {
	if len(ms) == 0 {
		return ""
	}
	return ms[len(ms)-1]
}

func defaultsOf(cat Catalog, scope widget.Scope) defaults {
	d := defaults{}
	switch scope {
	case widget.ScopeCertification, widget.ScopeRegion:
		m := newest(cat.Millesimes(scope))
		d[widget.VoieScolaire], d[widget.VoieApprentissage] = m, m
		if sup, ok := cat.(widget.SupSource); ok {
			d[widget.VoieSuperieur] = newest(sup.MillesimesInserSup())
		}
	case widget.ScopeEtablissement, widget.ScopeFormation:
		// Each establishment file is a dataset with its own newest millésime (widget.buildParts).
		if ps, ok := cat.(widget.PartsSource); ok {
			for _, v := range []widget.Voie{widget.VoieScolaire, widget.VoieApprentissage} {
				d[v] = newest(ps.MillesimesParts(scope, v))
			}
		}
	}
	return d
}

// Select filters the keys of scope by q and cuts the page asked (issue 14 item 1). Filters
// that do not apply to the scope (regions for France, UAIs for the certification scopes) are a
// 400, like an unknown region or postal code. A page past the last is empty, not an error.
func Select(cat Catalog, scope widget.Scope, q Query, p Params) (Selection, error) {
	sel := Selection{Scope: scope}
	all, err := filter(cat, scope, q, p, &sel)
	if err != nil {
		return sel, err
	}
	n := len(all)
	pages := (n + q.ItemsParPage - 1) / q.ItemsParPage
	sel.Pagination = Pagination{Page: q.Page, ItemsParPage: q.ItemsParPage, NombreDePage: pages, Total: n}
	if from := (q.Page - 1) * q.ItemsParPage; from < n {
		sel.Keys = all[from:min(n, from+q.ItemsParPage)]
	}
	return sel, nil
}

// filter returns every key of scope that q selects, in the stable order.
func filter(cat Catalog, scope widget.Scope, q Query, p Params, sel *Selection) ([]Key, error) {
	certScope := scope == widget.ScopeCertification || scope == widget.ScopeRegion
	if scope == widget.ScopeCertification && len(q.Regions) > 0 {
		return nil, invalid(p.Regions, "Les chiffres France entière ne se filtrent pas par région : demandez la liste des régions.")
	}
	if certScope && len(q.UAIs) > 0 {
		return nil, invalid(p.UAIs, "Ce filtre s'applique aux listes d'établissements et de formations.")
	}
	if certScope && len(q.Academies) > 0 {
		return nil, invalid(p.Academies, "Ce filtre s'applique aux listes d'établissements et de formations.")
	}
	if scope == widget.ScopeEtablissement && len(q.Codes) > 0 {
		return nil, invalid(p.Codes, "Les chiffres d'un établissement couvrent toutes ses formations : ce filtre ne s'y applique pas.")
	}
	if scope == widget.ScopeEtablissement && q.Voie != "" {
		return nil, invalid(p.Voie, "Les chiffres d'un établissement montrent ses deux voies : ce filtre ne s'y applique pas.")
	}
	regs, err := regions(cat, q.Regions, p.Regions)
	if err != nil {
		return nil, err
	}
	want := codes(cat, q.Codes)
	var acad AcademieSource
	if len(q.Academies) > 0 {
		var ok bool
		if acad, ok = cat.(AcademieSource); !ok {
			return nil, invalid(p.Academies, "Les académies ne sont pas connues de ce service : filtrez par région.")
		}
	}
	def := defaultsOf(cat, scope)
	served := map[widget.Millesime]bool{}
	var out []Key
	lastUAI := ""
	// keep returns k as the list serves it (an establishment without its millésime) and whether q
	// selects it.
	keep := func(k Key) (Key, bool) {
		switch {
		case len(regs) > 0 && !slices.Contains(regs, k.Region):
			return k, false
		case len(q.UAIs) > 0 && !slices.Contains(q.UAIs, k.UAI):
			return k, false
		case q.Voie != "" && k.Code.Voie() != q.Voie:
			return k, false
		}
		if acad != nil {
			if a, ok := acad.AcademieUAI(k.UAI); !ok || !slices.Contains(q.Academies, a) {
				return k, false
			}
		}
		switch {
		case len(q.Millesimes) > 0:
			if !slices.Contains(q.Millesimes, k.Millesime) {
				return k, false
			}
		case scope == widget.ScopeEtablissement:
			// The establishment's default view: one entry per UAI, each voie its newest.
			if k.UAI == lastUAI {
				return k, false
			}
			lastUAI = k.UAI
			k.Millesime = ""
			// Its widget shows each voie it has rows for at that voie's newest millésime
			// (widget.buildParts): those are the millésimes the list serves (issue 14 defect 6:
			// the list said none).
			// Without a published row at any voie's newest, it shows no figure (its JSON is a
			// 404): not listed (tester defect 2).
			ps, ok := cat.(widget.PartsSource)
			shown := !ok // a catalog without shares: its keys are its rows
			if ok {
				_, _, rows, _ := ps.EtablissementParts(k.UAI)
				for _, r := range rows {
					if m := def[r.Voie]; m != "" && r.Millesime == m && r.Publie() {
						served[m], shown = true, true
					}
				}
			}
			if !shown {
				return k, false
			}
		default:
			if k.Millesime != def[k.Code.Voie()] {
				return k, false
			}
		}
		if k.Millesime != "" {
			served[k.Millesime] = true
		}
		return k, true
	}
	for _, key := range cat.Keys(scope) {
		if (scope == widget.ScopeFormation || len(q.Millesimes) > 0) && !publie(cat, scope, key, key.Millesime) {
			continue // a blank row of the establishment files (an establishment's default: keep)
		}
		as := []asked{{code: key.Code}}
		if len(q.Codes) > 0 {
			as = want[key.Code]
		}
		for _, a := range as {
			k := key
			k.Code, k.Identifiant = a.code, a.id // the widget of the code asked, which shows key's figures (codes)
			if k, ok := keep(k); ok {
				out = append(out, k)
			}
		}
	}
	sel.Millesimes = q.Millesimes
	if len(q.Millesimes) == 0 {
		for m := range served {
			sel.Millesimes = append(sel.Millesimes, m)
		}
		slices.Sort(sel.Millesimes)
	}
	if sel.Millesimes == nil {
		sel.Millesimes = []widget.Millesime{}
	}
	return out, nil
}

// publie reports whether the widget of k at millésime m shows figures from published shares:
// always for the certification scopes (their keys are rows; masking is a state that shows the
// cohort); for an establishment or a formation, a row at m that publishes a share
// (widget.PartsCohorte.Publie: a blank row is non_publie, and its JSON a 404).
func publie(cat Catalog, scope widget.Scope, k Key, m widget.Millesime) bool {
	ps, ok := cat.(widget.PartsSource)
	if !ok || (scope != widget.ScopeEtablissement && scope != widget.ScopeFormation) {
		return true
	}
	var rows []widget.PartsCohorte
	if scope == widget.ScopeEtablissement {
		_, _, rows, _ = ps.EtablissementParts(k.UAI)
	} else {
		_, _, rows, _ = ps.FormationParts(k.UAI, k.Code)
	}
	for _, r := range rows {
		if r.Millesime == m && r.Publie() {
			return true
		}
	}
	return false
}

// All returns every key of scope, every millésime (the whole-dataset export, issue 14 item 2).
func All(cat Catalog, scope widget.Scope) []Key { return cat.Keys(scope) }
