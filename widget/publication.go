package widget

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Publication is the publication date of each dataset, as ISO 8601 dates ("2025-01-22"; "" when
// unknown): DSFR asks every chart for the date of its data (issue 13). The deployment sets them
// (config publication.*); ParseRoute copies them into every Request.
type Publication struct {
	InserJeunes    string // the regional file: France and region figures
	Etablissements string // the establishment files: an establishment's own shares
	InserSup       string // the InserSup export: SISE codes
}

// ParsePublicationDate checks an ISO 8601 date (YYYY-MM-DD); "" is allowed (unknown).
func ParsePublicationDate(s string) error {
	if s == "" {
		return nil
	}
	_, err := time.Parse(time.DateOnly, s)
	return err
}

// datePublication is the publication date of the dataset v's figures come from ("" unknown).
func (v View) datePublication() string {
	p := v.Request.Publication
	switch {
	case v.Request.Code.Kind == KindSISE:
		return p.InserSup
	case (v.Request.Scope == ScopeEtablissement || v.Request.Scope == ScopeFormation) && v.ScopeDonnees == "":
		return p.Etablissements
	}
	return p.InserJeunes
}

// mois are the French month names.
var mois = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// DateLecteur writes an ISO date for a reader: "2025-01-22" → "22 janvier 2025", the 1st
// "1er"; "" for "" or a malformed date (config checks them).
func DateLecteur(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return ""
	}
	day := strconv.Itoa(d.Day())
	if d.Day() == 1 {
		day = "1er"
	}
	return day + " " + mois[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// Lien is a link a widget shows: its text and its path and query (relative to the service, so
// it works in the widget's own frame).
type Lien struct {
	Libelle string
	Href    string
}

// codeSegment is the {code} segment of r's path: the partner identifier as asked, or the codes.
func codeSegment(r Request) string {
	if r.Identifiant.Kind != "" {
		return r.Identifiant.String()
	}
	codes := make([]string, len(r.Codes))
	for i, c := range r.Codes {
		codes[i] = c.String()
	}
	if len(codes) == 0 {
		return r.Code.String()
	}
	return strings.Join(codes, ",")
}

// vueQuery adds vue=filieres to a link query when the codes alone do not say it.
func vueQuery(r Request, q string) string {
	if !r.Filieres || len(r.Codes) > 1 {
		return q
	}
	if q == "" {
		return "?vue=filieres"
	}
	return q + "&vue=filieres"
}

// donnees are the "données" links of a widget with figures (issue 13, DSFR: a way to get the
// data of every chart): its JSON and CSV, for the millésime asked, built from the route table.
func (v View) donnees() []Lien {
	if !v.State.Found() || v.Request.Scope == "" {
		return nil
	}
	q := ""
	if v.Request.Millesime != "" {
		q = "?millesime=" + url.QueryEscape(string(v.Request.Millesime))
	}
	q = vueQuery(v.Request, q)
	// Both links in one string, each a part of it (issue 11 item 5: one allocation, not five).
	var buf [256]byte
	b := AppendPath(buf[:0], v.Request)
	b = append(b, "."+string(FormatJSON)...)
	b = append(b, q...)
	json := len(b)
	b = AppendPath(b, v.Request)
	b = append(b, "."+string(FormatCSV)...)
	b = append(b, q...)
	hrefs := string(b)
	return []Lien{
		{Libelle: "JSON", Href: hrefs[:json]},
		{Libelle: "CSV", Href: hrefs[json:]},
	}
}

// suite is one next step: its link and the request of the widget it leads to.
type suite struct {
	Lien
	target Request
	// other is true for another scope's figures (region, France), false for a millésime of the
	// same widget.
	other bool
}

// withSuites sets the next steps of a widget without figures (issue 13): each leads to a widget
// with figures, checked by building it from src. The millésimes that have figures come first;
// the region's and France's figures are linked at their newest millésime (the link without a
// millésime when the default has figures, else the newest millésime with figures), and left out
// when they have none.
func (v View) withSuites(src Source) View {
	v.Suites = nil
	for _, s := range v.suites() {
		if l, ok := s.followed(src); ok {
			v.Suites = append(v.Suites, l)
		}
	}
	if len(v.Suites) > 0 {
		b := v.Blocs[0]
		v.MessageCourt = stateMessage(v.Audience, v.State, b, Promotions(v.Audience, b.Millesime), nil, v.DataScope())
		v.SuitesIntro = "D'autres chiffres existent :"
		if v.Audience == AudienceCollege {
			v.SuitesIntro = "À voir aussi :"
		}
	}
	return v
}

// followed returns the link of s to a widget with figures, false when there is none.
func (s suite) followed(src Source) (Lien, bool) {
	has := func(r Request) bool {
		t, err := buildView(r, src)
		return err == nil && t.HasFigures()
	}
	if !s.other {
		return s.Lien, has(s.target)
	}
	r := s.target
	r.Millesime = "" // the default: the newest millésime of the dataset
	path := PathOf(r.Scope, r.Region, "", codeSegment(r))
	if has(r) {
		return Lien{Libelle: s.Libelle, Href: path + vueQuery(r, linkQuery(r))}, true
	}
	t, err := buildView(r, src)
	if err != nil || len(t.Blocs) == 0 {
		return Lien{}, false
	}
	for _, m := range slicesReverse(t.Blocs[0].Disponibles) {
		r.Millesime = m
		if has(r) {
			return Lien{Libelle: s.Libelle, Href: path + vueQuery(r, linkQuery(r))}, true
		}
	}
	return Lien{}, false
}

// suites are the candidate next steps of a widget without figures (issue 13: the "no data"
// state offered none): the millésimes that have figures, then, for a formation, its region's
// figures, and for a region or a formation, France's — each a link to that widget with the same
// settings; withSuites keeps those that lead to figures.
func (v View) suites() []suite {
	if v.State.Found() || v.State.Unknown() || v.State == StatePlusieurs || v.Request.Scope == "" || len(v.Blocs) == 0 {
		return nil
	}
	r := v.Request
	r.Format = FormatHTML
	var out []suite
	path := Path(r)
	for _, m := range slicesReverse(v.Blocs[0].Disponibles) { // the newest first
		rm := r
		rm.Millesime = m
		out = append(out, suite{Lien: Lien{Libelle: "Voir les chiffres des " + Promotions(v.Audience, m), Href: path + vueQuery(r, linkQuery(rm))}, target: rm})
	}
	if r.Scope == ScopeEtablissement || v.Certification.CFD == "" && v.Certification.Libelle == "" {
		return out // an establishment has no certification to look up elsewhere
	}
	if r.Scope == ScopeFormation && v.Region != nil && v.ScopeDonnees == "" {
		rr := r
		rr.Scope, rr.Region, rr.UAI = ScopeRegion, v.Region.Code, ""
		out = append(out, suite{Lien: Lien{Libelle: "Voir les chiffres de la région " + v.Region.Nom}, target: rr, other: true})
	}
	if r.Scope == ScopeRegion || r.Scope == ScopeFormation {
		rf := r
		rf.Scope, rf.Region, rf.UAI = ScopeCertification, "", ""
		out = append(out, suite{Lien: Lien{Libelle: "Voir les chiffres de la France entière"}, target: rf, other: true})
	}
	return out
}

// slicesReverse returns a reversed copy of ms.
func slicesReverse(ms []Millesime) []Millesime {
	out := make([]Millesime, len(ms))
	for i, m := range ms {
		out[len(ms)-1-i] = m
	}
	return out
}
