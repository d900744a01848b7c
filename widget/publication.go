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
	path := Path(v.Request)
	return []Lien{
		{Libelle: "JSON", Href: path + "." + string(FormatJSON) + q},
		{Libelle: "CSV", Href: path + "." + string(FormatCSV) + q},
	}
}

// suites are the next steps of a widget without figures (issue 13: the "no data" state offered
// none): the millésimes that have figures, then, for a formation, its region's figures, and for
// a region or a formation, France's — each a link to that widget with the same settings.
func (v View) suites() []Lien {
	if v.State.Found() || v.State.Unknown() || v.State == StatePlusieurs || v.Request.Scope == "" || len(v.Blocs) == 0 {
		return nil
	}
	r := v.Request
	r.Format = FormatHTML
	var out []Lien
	path := Path(r)
	for _, m := range slicesReverse(v.Blocs[0].Disponibles) { // the newest first
		rm := r
		rm.Millesime = m
		out = append(out, Lien{Libelle: "Voir les chiffres des " + Promotions(v.Audience, m), Href: path + vueQuery(r, linkQuery(rm))})
	}
	if r.Scope == ScopeEtablissement || v.Certification.CFD == "" && v.Certification.Libelle == "" {
		return out // an establishment has no certification to look up elsewhere
	}
	code := codeSegment(r)
	q := vueQuery(r, linkQuery(r))
	if r.Scope == ScopeFormation && v.Region != nil && v.ScopeDonnees == "" {
		out = append(out, Lien{Libelle: "Voir les chiffres de la région " + v.Region.Nom, Href: PathOf(ScopeRegion, v.Region.Code, "", code) + q})
	}
	if r.Scope == ScopeRegion || r.Scope == ScopeFormation {
		out = append(out, Lien{Libelle: "Voir les chiffres de la France entière", Href: PathOf(ScopeCertification, "", "", code) + q})
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
