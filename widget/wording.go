package widget

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The words of each audience (SPEC §6). Everything a reader reads is written here, so the
// templates only place it; each audience has its own words for every state.

// Apprenants names the learners of a voie for the reader ("apprentis", "élèves", "diplômés").
func Apprenants(v Voie) string {
	switch v {
	case VoieApprentissage:
		return "apprentis"
	case VoieSuperieur:
		return "diplômés"
	}
	return "élèves"
}

// apprenant is the singular of Apprenants.
func apprenant(v Voie) string { return strings.TrimSuffix(Apprenants(v), "s") }

// VoieLabel names a voie as a block heading in the both-voies view.
func VoieLabel(v Voie) string {
	switch v {
	case VoieApprentissage:
		return "En apprentissage"
	case VoieScolaire:
		return "En lycée professionnel (voie scolaire)"
	}
	return "Enseignement supérieur"
}

func titre(a Audience, v Voie, filieres bool, scope Scope) string {
	who := Apprenants(v)
	if filieres || scope == ScopeEtablissement {
		who = "jeunes"
	}
	if scope == ScopeEtablissement {
		switch a {
		case AudienceCollege:
			return "À la sortie de cet établissement, que font les jeunes ?"
		case AudienceAccompagnateur:
			return "Devenir des jeunes de cet établissement 6 mois après leur formation"
		}
		return "Que deviennent les jeunes formés dans cet établissement ?"
	}
	if t, ok := titres[[2]string{string(a), who}]; ok {
		return t // written once (issue 11 item 5: allocations per render)
	}
	return titreOf(a, who)
}

// whos are the learners a title or headline names: Apprenants of each voie, or "jeunes".
var whos = [...]string{"apprentis", "diplômés", "élèves", "jeunes"}

// audiences are the readers, for the sentences written once.
var audiences = [...]Audience{AudienceCollege, AudienceLycee, AudienceSuperieur, AudienceAccompagnateur}

// titres and chapeaux are titreOf and chapeauOf of every audience and learner, by audience
// and who: they depend on nothing else, so a render copies none (issue 11 item 5).
var titres, chapeaux = func() (t, c map[[2]string]string) {
	t, c = map[[2]string]string{}, map[[2]string]string{}
	for _, a := range audiences {
		for _, who := range whos {
			t[[2]string{string(a), who}] = titreOf(a, who)
			c[[2]string{string(a), who}] = chapeauOf(a, who)
		}
	}
	return t, c
}()

// titreOf is the question heading a code's widget for audience a about learners who.
func titreOf(a Audience, who string) string {
	switch a {
	case AudienceCollege:
		return "Après cette formation, que font les " + who + " ?"
	case AudienceSuperieur:
		return "Que deviennent les " + who + " de cette formation ?"
	case AudienceAccompagnateur:
		return "Devenir des " + who + " 6 mois après la formation"
	}
	return "Que deviennent les " + who + " après cette formation ?"
}

// publicEmploi reports whether "emploi" counts public as well as private salaried jobs: from
// cohorts ending after 2021 (SPEC §5).
func publicEmploi(m Millesime) bool {
	_, end := yearsOr(m)
	return end == 0 || end > 2021
}

// definitions are the category definitions of an audience for the cohorts of millésime m, after
// the InserJeunes methodology of that period (SPEC §5, issue 10 item 6). Employment is salaried
// employment in France, as the social declarations of employers record it: self-employment and
// jobs abroad are never counted, so they fall in "autres situations". For cohorts ending in 2021
// or before, only private employers are counted: public jobs and civic service are "autres".
// From cohorts ending after 2021, public employers are counted too, and civic service with them:
// neither is an "autre situation" then.
func definitions(a Audience, m Millesime, v Voie) (emploi, formation, autres string) {
	who := Apprenants(v)
	public := publicEmploi(m)
	switch a {
	case AudienceCollege:
		// Issue 13: no "salarié" for a pupil; the exact terms are the counsellor's.
		formation = "Ils continuent à se former : lycée, apprentissage ou études."
		if public {
			return "Ils travaillent pour un employeur (une entreprise ou l'État) en France, ou font un service civique.", formation,
				"Ils cherchent un travail, travaillent à leur compte ou à l'étranger, ou font autre chose."
		}
		return "Ils travaillent pour une entreprise privée en France.", formation,
			"Ils cherchent un travail, travaillent pour l'État ou à leur compte, ou font autre chose."
	case AudienceAccompagnateur:
		formation = fmt.Sprintf("Part des %s de dernière année inscrits en formation l'année suivante (études, apprentissage, autre diplôme).", who)
		if public {
			return fmt.Sprintf("Part des %s de dernière année en emploi salarié (privé ou public, service civique compris) en France, 6 mois après la sortie de formation. Les emplois non salariés ou à l'étranger ne sont pas comptés.", who),
				formation,
				"Ni en emploi salarié ni en formation : recherche d'emploi, inactivité, emploi non salarié ou à l'étranger…"
		}
		return fmt.Sprintf("Part des %s de dernière année en emploi salarié du secteur privé en France, 6 mois après la sortie de formation. L'emploi public, le service civique, les emplois non salariés ou à l'étranger ne sont pas comptés.", who),
			formation,
			"Ni en emploi salarié privé ni en formation : recherche d'emploi, inactivité, emploi public, service civique, emploi non salarié ou à l'étranger…"
	}
	formation = "Inscrits en formation (études, apprentissage ou autre diplôme) l'année suivante."
	if public {
		return "En emploi salarié (privé ou public, service civique compris) en France, 6 mois après la fin de la formation.", formation,
			"Ni en emploi salarié ni en formation : recherche d'emploi, emploi non salarié, à l'étranger…"
	}
	return "En emploi salarié du secteur privé en France, 6 mois après la fin de la formation.", formation,
		"Ni en emploi salarié privé ni en formation : recherche d'emploi, emploi public, service civique, emploi non salarié, à l'étranger…"
}

// phraseSurDix is the "N élèves sur 10" sentence of the collège audience (SPEC §6): a non-zero
// share with no whole figure is "moins d'1 … sur 10"; with half of a shared figure (demi), n
// whole figures read "n à n+1 … sur 10", the same words for both equal shares (issue 13).
func phraseSurDix(key string, n int, demi bool, share N, v Voie) string {
	if !share.Valid {
		return "" // never drawn: phrases exist only beside the three shares (HasPictos)
	}
	one, many := apprenant(v), Apprenants(v)
	verb, none := categoryVerbs(key)
	switch {
	case share.V == 0:
		return "Aucun " + one + " " + none
	case n == 0:
		return "Moins d'1 " + one + " sur 10 " + verb[0]
	case demi:
		return strconv.Itoa(n) + " à " + strconv.Itoa(n+1) + " " + many + " sur 10 " + verb[1]
	case n == 1:
		return "1 " + one + " sur 10 " + verb[0]
	case n == NbPictogrammes && share.V < 100:
		// The other categories still have learners: "10 sur 10" beside "moins d'1 sur 10" would
		// read as more than ten.
		return "Presque " + strconv.Itoa(n) + " " + many + " sur 10 " + verb[1]
	}
	return strconv.Itoa(n) + " " + many + " sur 10 " + verb[1]
}

// categoryVerbs are the verbs of a category's collège sentences: singular and plural ("a un
// travail", "ont un travail"), and after "aucun" ("n'a de travail"). A switch, not map literals
// built on every call (issue 11 item 5).
func categoryVerbs(key string) (verb [2]string, none string) {
	switch key {
	case "emploi":
		return [2]string{"a un travail", "ont un travail"}, "n'a de travail"
	case "formation":
		return [2]string{"continue à se former", "continuent à se former"}, "ne continue à se former"
	case "autres":
		return [2]string{"fait autre chose", "font autre chose"}, "ne fait autre chose"
	}
	return [2]string{}, ""
}

// phrasePartielle is the collège sentence of a category when not every share is published (no
// pictograms): "20 % des apprentis ont un travail", or that the figure is not published.
func phrasePartielle(key string, share N, v Voie) string {
	verbs, _ := categoryVerbs(key)
	verb := verbs[1]
	if !share.Valid {
		de := "de "
		if r, _ := utf8.DecodeRuneInString(Apprenants(v)); strings.ContainsRune("aeéiouy", r) {
			de = "d'"
		}
		return "On ne sait pas combien " + de + Apprenants(v) + " " + verb + " : ce chiffre n'est pas publié."
	}
	return Percent(share.V) + " des " + Apprenants(v) + " " + verb
}

// Compte writes a number of learners of a voie with the right plural: "1 apprenti", "216 apprentis".
func Compte(n int, v Voie) string {
	var buf [64]byte // on the stack: one allocation, the result (issue 11 item 5)
	return string(appendCompte(buf[:0], n, v))
}

// appendCompte appends Compte(n, v) to dst.
func appendCompte(dst []byte, n int, v Voie) []byte {
	dst = append(appendInt(dst, n), ' ')
	if n <= 1 {
		return append(dst, apprenant(v)...)
	}
	return append(dst, Apprenants(v)...)
}

// stateMessage is the sentence of a data state for an audience ("" for ok).
func stateMessage(a Audience, st State, b Bloc, promotions string, disponibles []Millesime, scope Scope) string {
	ici := "de cette formation ici"
	if scope == ScopeEtablissement {
		ici = "dans cet établissement"
	} else if scope == ScopeFormation {
		ici = "de cette formation dans cet établissement"
	}
	who := Apprenants(b.Filiere)
	var msg string
	switch st {
	case StatePartiel:
		msg = map[Audience]string{
			AudienceCollege:        "Certains chiffres ne sont pas connus pour cette formation.",
			AudienceAccompagnateur: "Une partie des effectifs n'est pas publiée : les taux correspondants ne sont pas calculés.",
		}[a]
		if msg == "" {
			msg = "Une partie des chiffres n'est pas publiée pour cette formation."
		}
	case StateMasque:
		switch a {
		case AudienceCollege:
			msg = fmt.Sprintf("Il y a trop peu d'%s (%s) pour donner des chiffres.", who, FormatInt(b.Counts.NbAnneeTerm.V))
		case AudienceAccompagnateur:
			msg = fmt.Sprintf("Effectif de %s en dernière année : sous le seuil de %d, les taux et les effectifs par situation ne sont pas publiés (fiabilité et secret statistique).", Compte(b.Counts.NbAnneeTerm.V, b.Filiere), SeuilEffectif)
		default:
			msg = fmt.Sprintf("Le groupe est trop petit (%s, moins de %d) pour donner des chiffres fiables.", Compte(b.Counts.NbAnneeTerm.V, b.Filiere), SeuilEffectif)
		}
	case StatePublicationInsuffisante:
		// The whole cohort, then how many of them have a published situation (Bloc.Exclus).
		all, pub := FormatInt(b.Counts.NbAnneeTerm.V+b.Exclus), FormatInt(b.Counts.NbAnneeTerm.V)
		none := b.Counts.NbAnneeTerm.V == 0
		switch a {
		case AudienceCollege:
			msg = fmt.Sprintf("On connaît la situation de seulement %s %s sur %s : c'est trop peu pour donner des chiffres.", pub, who, all)
			if none {
				msg = fmt.Sprintf("On ne connaît la situation d'aucun des %s %s : pas de chiffres.", all, who)
			}
		case AudienceAccompagnateur:
			msg = fmt.Sprintf("Effectif de %s %s en dernière année, dont la situation n'est publiée que pour %s (les autres relèvent de groupes trop petits pour être publiés) : sous le seuil de %d, les taux et les effectifs par situation ne sont pas calculés.", all, who, pub, SeuilEffectif)
			if none {
				msg = fmt.Sprintf("Effectif de %s %s en dernière année, dont la situation n'est publiée pour aucun (groupes trop petits pour être publiés) : les taux et les effectifs par situation ne sont pas calculés.", all, who)
			}
		default:
			msg = fmt.Sprintf("Sur %s %s en dernière année, la situation n'est publiée que pour %s (moins de %d) : trop peu pour donner des chiffres fiables.", all, who, pub, SeuilEffectif)
			if none {
				msg = fmt.Sprintf("Sur %s %s en dernière année, la situation n'est publiée pour aucun : pas de chiffres.", all, who)
			}
		}
	case StateSansDonnee:
		switch a {
		case AudienceCollege:
			msg = "Pas encore de chiffres " + ici + "."
			if promotions != "" {
				msg = "Pas de chiffres pour les " + promotions + " " + ici + "."
			}
		case AudienceAccompagnateur:
			msg = "Aucune donnée pour ce millésime."
			if promotions != "" {
				msg = "Aucune donnée pour les " + promotions + "."
			}
		default:
			msg = "Pas de données " + ici + "."
			if promotions != "" {
				msg = "Pas de données pour les " + promotions + " " + ici + "."
			}
		}
		if len(disponibles) > 0 {
			if a == AudienceCollege {
				msg += " Il y a des chiffres pour les " + ListPromotions(a, disponibles) + "."
			} else {
				msg += " Données disponibles : " + ListPromotions(a, disponibles) + "."
			}
		}
	case StateNonPublie:
		// A row exists for the millésime, with no share: say so, and offer only millésimes
		// whose figures are published (never the one asked).
		sujet := "cet établissement"
		if scope == ScopeFormation {
			sujet = "cette formation dans cet établissement"
		}
		pour := ""
		if promotions != "" {
			pour = " pour les " + promotions
		}
		switch a {
		case AudienceCollege:
			msg = "Les chiffres de " + sujet + " ne sont pas publiés" + pour + "."
		case AudienceAccompagnateur:
			msg = "InserJeunes recense " + sujet + pour + ", mais n'en publie pas les parts (emploi, formation, autres situations) : aucun chiffre à afficher."
		default:
			msg = "Les chiffres de " + sujet + " ne sont pas publiés" + pour + "."
		}
		if len(disponibles) > 0 {
			msg += " Chiffres publiés : " + ListPromotions(a, disponibles) + "."
		}
	case StateInconnu:
		if a == AudienceCollege {
			msg = "Cette formation est introuvable."
		} else {
			msg = "Cette formation n'est pas connue : vérifiez le code de la certification."
		}
	case StateEtablissementInconnu:
		if a == AudienceCollege {
			msg = "Cet établissement est introuvable."
		} else {
			msg = "Aucune donnée InserJeunes pour cet établissement : vérifiez son UAI."
		}
	case StateFormationNonDispensee:
		if a == AudienceCollege {
			msg = "Pas de chiffres pour cette formation dans cet établissement."
		} else {
			msg = "Les données publiées pour cet établissement ne comprennent pas cette formation."
		}
	}
	return msg
}

// chapeau is the headline sentence over the figures of the collège and lycée views (issue 13):
// when the shares are measured and who is counted — every learner of the final year, with the
// diploma or not (SPEC §2: the shares are in % of nb_annee_term). "" for the other audiences.
func chapeau(a Audience, who string) string {
	if c, ok := chapeaux[[2]string{string(a), who}]; ok {
		return c
	}
	return chapeauOf(a, who)
}

// chapeauOf writes chapeau.
func chapeauOf(a Audience, who string) string {
	switch a {
	case AudienceCollege:
		return "Ce que font tous les " + who + ", avec ou sans le diplôme, " + Delai + " :"
	case AudienceLycee:
		return "Situation des " + who + " de dernière année " + Delai + ", diplômés ou non."
	}
	return ""
}

// RegleEffectif spells out the small-cohort rule for the accompagnateur audience (SPEC §4 rule 3).
const RegleEffectif = "Les taux ne sont publiés que pour un groupe d'au moins 20 personnes en dernière année."

func effectif(a Audience, b Bloc) string {
	if !b.Counts.NbAnneeTerm.Valid {
		return ""
	}
	who := Apprenants(b.Filiere)
	// One concatenation per sentence: this runs on every uncached render (issue 11 item 5).
	var buf [64]byte // the count on the stack: one allocation, the sentence
	n := appendInt(buf[:0], b.Counts.NbAnneeTerm.V)
	// The collège and lycée headlines (chapeau) say that graduates and others are counted; the
	// other audiences read it here.
	head, tail := "Sur ", " en dernière année, diplômés ou non"
	switch a {
	case AudienceCollege:
		head, tail = "Calculé sur ", ""
	case AudienceLycee:
		tail = " en dernière année"
	}
	if b.Exclus > 0 {
		return head + string(n) + " " + who + tail + " (sans " + Compte(b.Exclus, b.Filiere) + " de groupes trop petits pour être publiés)"
	}
	return head + string(n) + " " + who + tail
}
