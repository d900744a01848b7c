package widget

import (
	"fmt"
	"net/url"
	"strings"
)

// The views of issue 12: figures found by a rule (final year, famille de métiers, continuum),
// partners' identifiers (one diploma, several), and a training in an establishment shown with
// its region's figures. Every rule and every sentence is here; the surfaces draw the view.

// StatePlusieurs: a partner identifier names several diplomas (issue 12 item 4). The widget lists
// them (label, code, link to each one's widget) and shows no figures: never a guess.
const StatePlusieurs State = "plusieurs_diplomes"

// OutcomeCandidats is the outcome of StatePlusieurs: an answer, not a missing one.
const OutcomeCandidats Outcome = "candidates"

// UAIRegionSource is implemented by sources that find an establishment's region from its UAI
// (its département, issue 12 item 5).
type UAIRegionSource interface {
	RegionUAI(uai string) (Region, bool)
}

// CandidatLien is one diploma of StatePlusieurs as the surfaces list it.
type CandidatLien struct {
	Libelle string // display label
	Code    string // its CFD
	Codes   string // every code of the link, "46X23304, 23830025216"
	Path    string // the path of its widget in the same scope, without format suffix
	Href    string // the path and query of its widget in the same scope, format and settings
}

// identifierName names a partner identifier for a reader: "fiche RNCP 34700".
func identifierName(id PartnerID) string {
	switch id.Kind {
	case KindRNCP:
		return "fiche RNCP " + id.Value
	case KindOnisep:
		return "formation Onisep " + id.Value
	}
	return "certification Certif Info " + id.Value
}

// buildPartner builds the view of a partner identifier: unknown (a 404 like any code), one
// diploma (its codes: both voies when it has both), or several (StatePlusieurs).
func buildPartner(req Request, src Source) (View, error) {
	var id Identification
	if ps, ok := src.(PartnerSource); ok {
		id = ps.Identify(req.Identifiant)
	}
	switch len(id.Candidats) {
	case 0:
		return partnerMessageView(req, src, StateInconnu, nil), nil
	case 1:
		r := req
		r.Identifiant = PartnerID{}
		r.Codes = withFigures(src, id.Candidats[0].Codes)
		r.Code = r.Codes[0]
		if r.Scope == ScopeFormation {
			r.Codes = []Code{formationCode(r, src)}
			r.Code = r.Codes[0]
		} else if len(r.Codes) > 1 {
			r.Filieres = true
		}
		v, err := Build(r, src)
		v.Request.Identifiant = req.Identifiant
		v.Identification = &id
		return v, err
	}
	return partnerMessageView(req, src, StatePlusieurs, &id), nil
}

// withFigures keeps the codes of a diploma that have figures somewhere (a voie without any is
// left out: "both voies when it has both"), or all of them when none has.
func withFigures(src Source, codes []Code) []Code {
	var out []Code
	for _, c := range codes {
		if len(src.Cohortes(ScopeCertification, "", c)) > 0 {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return codes
	}
	return out
}

// formationCode picks the one code of a diploma a formation widget shows: the first the
// establishment's export has, else the first with figures in its region, else the first.
func formationCode(r Request, src Source) Code {
	if ps, ok := src.(PartsSource); ok {
		for _, c := range r.Codes {
			if _, _, rows, found := ps.FormationParts(r.UAI, c); found == Trouve && len(rows) > 0 {
				return c
			}
		}
	}
	if rs, ok := src.(UAIRegionSource); ok {
		if reg, ok := rs.RegionUAI(r.UAI); ok {
			for _, c := range r.Codes {
				if len(src.Cohortes(ScopeRegion, reg.Code, c)) > 0 {
					return c
				}
			}
		}
	}
	return r.Codes[0]
}

// partnerMessageView is the message-only view of an unknown identifier or of several diplomas.
func partnerMessageView(req Request, src Source, st State, id *Identification) View {
	v := View{Request: req, Demo: src.Demo(), Audience: req.Audience, Millesime: req.Millesime, Identification: id}
	if v.Audience == "" {
		v.Audience = AudienceLycee
	}
	if req.Scope == ScopeRegion {
		if r, ok := src.Region(req.Region); ok {
			v.Region = &r
		}
	}
	if req.Scope == ScopeFormation {
		etab := Etablissement{UAI: req.UAI}
		if ps, ok := src.(PartsSource); ok {
			if e, _, _, _ := ps.EtablissementParts(req.UAI); e.Nom != "" {
				etab = e
			}
		}
		v.Etablissement = &etab
	}
	v.Texts = commonTexts(v)
	v.Texts.Titre = titre(v.Audience, VoieApprentissage, true, req.Scope) // no voie yet: "les jeunes"
	name := identifierName(req.Identifiant)
	v.Texts.Formation = strings.ToUpper(name[:1]) + name[1:]
	b := Bloc{Filiere: VoieApprentissage, State: st}
	if st == StatePlusieurs {
		for _, c := range id.Candidats {
			codes := make([]string, len(c.Codes))
			for i, x := range c.Codes {
				codes[i] = x.String()
			}
			lib := c.Libelle
			if lib == "" {
				lib = "Diplôme " + c.CFD
			}
			path := PathOf(req.Scope, req.Region, req.UAI, linkCodes(req.Scope, codes))
			v.Candidats = append(v.Candidats, CandidatLien{Libelle: lib, Code: c.CFD, Codes: strings.Join(codes, ", "),
				Path: path, Href: path + formatSuffix(req.Format) + linkQuery(req)})
		}
		b.Message = plusieursMessage(v.Audience, req.Identifiant, id)
	} else {
		b.Message = stateMessage(v.Audience, st, b, "", nil, req.Scope)
	}
	b.Resume = v.Texts.Formation + " : " + b.Message
	v.Blocs = []Bloc{b}
	v.State, v.Message = st, b.Message
	v.Texts.Resume = b.Resume
	if st == StatePlusieurs {
		names := make([]string, len(v.Candidats))
		for i, c := range v.Candidats {
			names[i] = c.Libelle + " (" + c.Code + ")"
		}
		v.Texts.Resume += " " + strings.Join(names, " ; ") + "."
	}
	v.decide()
	return v
}

// linkCodes are the codes of a candidate's link: all of them (both voies), or for a formation
// widget, which shows one code, its CFD.
func linkCodes(scope Scope, codes []string) string {
	if scope == ScopeFormation {
		return codes[0]
	}
	return strings.Join(codes, ",")
}

func formatSuffix(f Format) string {
	switch f {
	case FormatSVG:
		return ".svg"
	case FormatJSON:
		return ".json"
	case FormatCSV:
		return ".csv"
	}
	return ""
}

// linkQuery carries the settings of a request to the widgets it links (the partner key keeps
// the linked widget frameable where this one is).
func linkQuery(r Request) string {
	q := url.Values{}
	if r.Audience != "" {
		q.Set("audience", string(r.Audience))
	}
	if r.Millesime != "" {
		q.Set("millesime", string(r.Millesime))
	}
	if r.Theme != "" {
		q.Set("theme", r.Theme)
	}
	if r.Template != "" {
		q.Set("template", r.Template)
	}
	if r.Scheme != "" && r.Scheme != "auto" && r.Format == FormatHTML {
		q.Set("scheme", r.Scheme)
	}
	if r.HideTitle {
		q.Set("title", "0")
	}
	if r.Partner != "" {
		q.Set("partner", r.Partner)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// plusieursMessage is the sentence of StatePlusieurs, before the list of diplomas.
func plusieursMessage(a Audience, pid PartnerID, id *Identification) string {
	n := len(id.Candidats)
	switch a {
	case AudienceCollege:
		return fmt.Sprintf("Ce code correspond à %d formations différentes. Choisissez la vôtre dans la liste :", n)
	case AudienceAccompagnateur:
		src := ""
		if len(id.Sources) > 0 {
			src = " (d'après " + strings.Join(id.Sources, ", ") + ")"
		}
		return fmt.Sprintf("La %s correspond à %d diplômes%s : aucun n'est choisi à votre place. Choisissez le diplôme de la formation :", identifierName(pid), n, src)
	}
	return fmt.Sprintf("Cette %s correspond à %d diplômes. Choisissez celui de la formation :", identifierName(pid), n)
}

// single builds the one block of a single code in scope and region, through the source's
// resolution rules when it has them (issue 12 items 1–3): the code's own figures, else its final
// year's, its famille's specialties, or its 1↔1 predecessor's or successor's, said on its face.
func (v *View) single(src Source, scope Scope, region string, known bool) {
	c := v.Request.Code
	// The resolution, the block and its code and CFD in one allocation (issue 11 item 5).
	one := new(singleParts)
	res := &one.res
	*res = Resolution{Demande: c, Affiche: c}
	if r, ok := src.(Resolver); ok && known {
		if got := r.Resolve(c); got.Found() {
			*res = got
		}
	}
	v.Resolution = res
	if res.Famille != nil {
		v.famille(src, scope, region, res.Famille)
		return
	}
	b := &one.bloc[0]
	*b = v.bloc(c.Voie(), src.Cohortes(scope, region, res.Affiche), known)
	one.code[0] = res.Affiche
	b.Codes = one.code[:1:1]
	if cert, ok := src.Certification(res.Affiche); ok && cert.CFD != "" {
		one.cfd[0] = cert.CFD
		b.CFDs = one.cfd[:1:1]
	}
	v.Blocs = one.bloc[:1:1]
	v.Texts.Notice = joinSentences(v.Texts.Notice, stepsNotice(v.Audience, *res))
}

// singleParts are what single allocates, together: full slices (cap 1), so an append copies.
type singleParts struct {
	res  Resolution
	bloc [1]Bloc
	code [1]Code
	cfd  [1]string
}

// famille builds one block per specialty of a common 2nde (issue 12 item 2), in the order of
// Famille (by label), each with its own state and, for a specialty read through the continuum,
// its own notice.
func (v *View) famille(src Source, scope Scope, region string, f *Famille) {
	v.Famille = f
	v.Texts.Formation = f.Libelle
	for i := range f.Specialites {
		sp := &f.Specialites[i]
		b := v.bloc(VoieScolaire, src.Cohortes(scope, region, sp.Resolution.Affiche), true)
		b.Heading, b.Specialite = sp.Libelle, sp
		b.Codes = []Code{sp.Resolution.Affiche}
		if cert, ok := src.Certification(sp.Resolution.Affiche); ok && cert.CFD != "" {
			b.CFDs = []string{cert.CFD}
		}
		b.Note = stepsNotice(v.Audience, sp.Resolution)
		b.Resume = resume(v, &b)
		b.Ligne = b.SharesLabel
		if !b.HasFigures() {
			b.Ligne = b.Message
		}
		v.Blocs = append(v.Blocs, b)
	}
	v.Texts.Notice = joinSentences(v.Texts.Notice, familleNotice(v.Audience, len(f.Specialites)))
}

// familleNotice says that a common 2nde shows its specialties.
func familleNotice(a Audience, n int) string {
	switch a {
	case AudienceCollege:
		return "Cette seconde est commune à plusieurs métiers : voici les chiffres de chaque spécialité, à la fin de la formation."
	case AudienceAccompagnateur:
		return fmt.Sprintf("Seconde commune d'une famille de métiers, sans chiffres propres : chiffres de l'année terminale de chacune des %d spécialités qui en ont, chacune avec son propre effectif.", n)
	}
	return "Seconde commune d'une famille de métiers : chiffres de chaque spécialité de la famille, en dernière année."
}

// stepsNotice says on the widget's face how its figures were found: "" for the code's own.
func stepsNotice(a Audience, res Resolution) string {
	var out []string
	for i := 0; i < len(res.Etapes); i++ {
		e := res.Etapes[i]
		if e.Regle == RegleAnneeTerminale && i+1 < len(res.Etapes) && res.Etapes[i+1].Regle == RegleAutreDuree {
			// the final year has no figures either: one sentence, not two that contradict
			out = append(out, finalOtherDurationNotice(a, e, res.Etapes[i+1]))
			i++
			continue
		}
		out = append(out, stepNotice(a, e))
	}
	return joinSentences(out...)
}

// dureeText is a duration in years for a reader: "en 1 an", "en 2 ans".
func dureeText(n int) string {
	if n > 1 {
		return fmt.Sprintf("en %d ans", n)
	}
	return "en 1 an"
}

// finalOtherDurationNotice says, for a 1st or 2nd year whose final year has no figures, that the
// figures are the final year's of the same diploma prepared in another duration.
func finalOtherDurationNotice(a Audience, fin, autre Etape) string {
	d := dureeText(autre.Duree)
	switch a {
	case AudienceCollege:
		return "Ces chiffres sont ceux des élèves de dernière année du même diplôme préparé " + d + "."
	case AudienceAccompagnateur:
		return fmt.Sprintf("Chiffres de l'année terminale du même diplôme préparé %s en voie scolaire (MEFSTAT11 %s) : le code demandé, %s, désigne une année antérieure, et son année terminale (%s) n'a pas de chiffres propres.", d, autre.Vers, fin.De, fin.Vers)
	}
	return "Chiffres de la dernière année du même diplôme préparé " + d + " : cette formation n'a pas de chiffres propres."
}

// stepNotice is the sentence of one step (issue 12: "chiffres du diplôme précédent, label,
// remplacé en 2024"; RegleAutreDuree: "Chiffres du même diplôme préparé en 2 ans.").
func stepNotice(a Audience, e Etape) string {
	lib := e.Libelle
	if lib == "" {
		lib = "code " + e.Vers.String()
	}
	switch e.Regle {
	case RegleAnneeTerminale:
		switch a {
		case AudienceCollege:
			return "Ces chiffres sont ceux des élèves de dernière année de cette formation."
		case AudienceAccompagnateur:
			return fmt.Sprintf("Chiffres de l'année terminale (MEFSTAT11 %s) : le code demandé, %s, désigne une année antérieure, qui n'a pas de chiffres propres.", e.Vers, e.De)
		}
		return "Chiffres de la dernière année de cette formation : les années précédentes n'ont pas de chiffres propres."
	case RegleAutreDuree:
		duree := dureeText(e.Duree)
		switch a {
		case AudienceCollege:
			return "Ces chiffres sont ceux des élèves qui préparent le même diplôme " + duree + "."
		case AudienceAccompagnateur:
			return fmt.Sprintf("Chiffres du même diplôme préparé %s en voie scolaire (MEFSTAT11 %s) : le code %s n'a pas de chiffres propres.", duree, e.Vers, e.De)
		}
		return "Chiffres du même diplôme préparé " + duree + "."
	case RegleAncienne:
		quand := ""
		if e.Annee > 0 {
			quand = fmt.Sprintf(", remplacé en %d", e.Annee)
		}
		switch a {
		case AudienceCollege:
			return "Cette formation est récente : ces chiffres sont ceux de la formation qu'elle remplace, " + lib + "."
		case AudienceAccompagnateur:
			return fmt.Sprintf("Chiffres du diplôme précédent, %s (code %s)%s : ce diplôme n'a pas encore de chiffres propres (lien 1 pour 1, source : %s).", lib, e.Vers, quand, e.Source)
		}
		return "Chiffres du diplôme précédent, " + lib + quand + "."
	case RegleNouvelle:
		quand := ""
		if e.Annee > 0 {
			quand = fmt.Sprintf(" en %d", e.Annee)
		}
		switch a {
		case AudienceCollege:
			return "Cette formation a été remplacée : ces chiffres sont ceux de la nouvelle formation, " + lib + "."
		case AudienceAccompagnateur:
			return fmt.Sprintf("Chiffres du diplôme qui l'a remplacé%s, %s (code %s) : ce diplôme n'a pas de chiffres propres (lien 1 pour 1, source : %s).", quand, lib, e.Vers, e.Source)
		}
		return "Chiffres du diplôme qui l'a remplacé" + quand + ", " + lib + "."
	}
	return ""
}

// regionalNotice says that a formation widget shows its region's figures (issue 12 item 5).
func regionalNotice(a Audience, reg Region) string {
	switch a {
	case AudienceCollege:
		return "Ces chiffres sont ceux de toute la région " + reg.Nom + " pour cette formation : il n'y en a pas pour cet établissement seul."
	case AudienceAccompagnateur:
		return "Chiffres de la région (" + reg.Nom + ") pour cette formation ; pas de chiffres publiés pour cet établissement : ils portent sur tous les établissements de la région qui la préparent."
	}
	return "Chiffres de la région pour cette formation ; pas de chiffres publiés pour cet établissement."
}

// formationRegion is the formation widget of a pair the per-formation export lacks (or of a
// source without one): the certification's figures in the UAI's region, titled with the
// establishment, said so; ok is false when the region is unknown (then the establishment's own
// states stand).
func (v View) formationRegion(src Source, etab Etablissement, reg *Region) (View, bool) {
	if rs, ok := src.(UAIRegionSource); ok {
		if r, ok := rs.RegionUAI(v.Request.UAI); ok {
			reg = &r
		}
	}
	if reg == nil {
		return v, false
	}
	cert, known := src.Certification(v.Request.Code)
	if !known {
		return v, false
	}
	v.Certification = cert
	v.Region, v.Etablissement, v.ScopeDonnees = reg, &etab, ScopeRegion
	if v.Millesime == "" {
		if ms := src.Millesimes(ScopeRegion); len(ms) > 0 {
			v.Millesime = ms[len(ms)-1]
		}
	}
	v.Texts = commonTexts(v)
	nom := etab.Nom
	if nom == "" {
		nom = "Établissement " + etab.UAI
	}
	v.Texts.Lieu = nom + " (chiffres de la région " + reg.Nom + ")"
	v.Texts.Notice = regionalNotice(v.Audience, *reg)
	v.single(src, ScopeRegion, reg.Code, true)
	v.summarize("")
	return v, true
}

// joinSentences joins the non-empty sentences with a space.
func joinSentences(s ...string) string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}
