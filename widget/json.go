package widget

import (
	"slices"
	"strings"
)

// BlocJSON is the figures of one voie in the JSON view model, with the vocabulary of SPEC §2. A
// missing count or share is absent, never null or 0 (SPEC §4 rule 5). Shares are integer %.
type BlocJSON struct {
	NbAnneeTerm *int `json:"nb_annee_term,omitempty"`
	// NbAnneeTermExclus are the learners of a summed cohort (France, both voies) whose outcome
	// counts are unpublished (groups too small): not in nb_annee_term nor in the shares, which are
	// over nb_annee_term. nb_annee_term + nb_annee_term_exclus is the whole cohort; a masked
	// cohort (effectif_insuffisant) is whole in nb_annee_term.
	NbAnneeTermExclus  int               `json:"nb_annee_term_exclus,omitempty"`
	NbEnEmploi6Mois    *int              `json:"nb_en_emploi_6_mois,omitempty"`
	NbEnEmploi12Mois   *int              `json:"nb_en_emploi_12_mois,omitempty"`
	NbEnEmploi18Mois   *int              `json:"nb_en_emploi_18_mois,omitempty"`
	NbEnEmploi24Mois   *int              `json:"nb_en_emploi_24_mois,omitempty"`
	NbPoursuiteEtudes  *int              `json:"nb_poursuite_etudes,omitempty"`
	NbSortant          *int              `json:"nb_sortant,omitempty"`
	TauxEnEmploi6Mois  *int              `json:"taux_en_emploi_6_mois,omitempty"`
	TauxEnFormation    *int              `json:"taux_en_formation,omitempty"`
	TauxAutres6Mois    *int              `json:"taux_autres_6_mois,omitempty"`
	TauxEnEmploi12Mois *int              `json:"taux_en_emploi_12_mois,omitempty"`
	TauxEnEmploi18Mois *int              `json:"taux_en_emploi_18_mois,omitempty"`
	TauxEnEmploi24Mois *int              `json:"taux_en_emploi_24_mois,omitempty"`
	Pictogrammes       *PictogrammesJSON `json:"pictogrammes,omitempty"`
	Salaire12Mois      *SalaireJSON      `json:"salaire_12_mois,omitempty"` // InserSup: € net per month
}

// PictogrammesJSON is the ten figures (SPEC §6): whole figures per category, and in partage the
// two categories sharing one figure half and half when two equal shares tie for it (issue 13);
// emploi + formation + autres is 10, or 9 with partage.
type PictogrammesJSON struct {
	Emploi    int      `json:"emploi"`
	Formation int      `json:"formation"`
	Autres    int      `json:"autres"`
	Partage   []string `json:"partage,omitempty"`
}

// SalaireJSON is the salary quartiles in € per month.
type SalaireJSON struct {
	Q1      *int `json:"q1,omitempty"`
	Mediane *int `json:"mediane,omitempty"`
	Q3      *int `json:"q3,omitempty"`
}

// FiliereJSON is one voie of the both-voies view.
type FiliereJSON struct {
	State   State  `json:"state"`
	Message string `json:"message,omitempty"`
	// Notice, Regle and DonneeSource say, for a voie without figures of its own, how its figures
	// were found (issue 12: a 1↔1 predecessor's or successor's, regle ancienne or nouvelle, the
	// diploma's CFD in donnee_source); all absent for the voie's own figures.
	Notice       string            `json:"notice,omitempty"`
	Regle        Regle             `json:"regle,omitempty"`
	DonneeSource *DonneeSourceJSON `json:"donnee_source,omitempty"`
	// Millesime is the voie's millésime: the widget's, except in an establishment's default view
	// where each voie's file has its own newest (SPEC §5).
	Millesime             Millesime   `json:"millesime,omitempty"`
	MillesimesDisponibles []Millesime `json:"millesimes_disponibles"`
	BlocJSON
}

// ViewJSON is the JSON representation of a View (the `.json` routes). A single code gives the
// figures at the top level; the both-voies view gives them per voie in Filieres.
type ViewJSON struct {
	State             State  `json:"state"`
	Message           string `json:"message,omitempty"`
	Scope             Scope  `json:"scope"`
	CodeCertification string `json:"code_certification,omitempty"`
	// Identifiant is the partner identifier asked (RNCP:34700…), when one was (issue 12 item 4).
	Identifiant string `json:"identifiant,omitempty"`
	// CodeAffiche is the code whose figures are shown when it is not the code asked (a final
	// year, a predecessor or successor: issue 12).
	CodeAffiche string `json:"code_affiche,omitempty"`
	// Regle is how the figures were found: self, annee_terminale, famille, ancienne, nouvelle.
	Regle Regle `json:"regle,omitempty"`
	// DonneeSource is the diploma the figures are of (SPEC §2, §4 rule 9): type self, ancienne
	// (the predecessor's) or nouvelle (the successor's).
	DonneeSource *DonneeSourceJSON `json:"donnee_source,omitempty"`
	// Notice is the sentence the widget shows about where its figures come from.
	Notice string `json:"notice,omitempty"`
	CFD    string `json:"cfd,omitempty"`
	// Libelle is the display label (accented, issue 12 item 6); LibelleBCN the BCN's as published.
	Libelle       string         `json:"libelle,omitempty"`
	LibelleBCN    string         `json:"libelle_bcn,omitempty"`
	TypeDiplome   string         `json:"type_diplome,omitempty"`
	Filiere       Voie           `json:"filiere,omitempty"`
	Region        *Region        `json:"region,omitempty"`
	Etablissement *Etablissement `json:"etablissement,omitempty"`
	// EffectifsPublies is false for the establishment scopes: their files publish shares, not
	// counts, so nb_annee_term and the other counts are absent (never invented).
	EffectifsPublies      *bool         `json:"effectifs_publies,omitempty"`
	Millesime             Millesime     `json:"millesime,omitempty"`
	MillesimesDisponibles []Millesime   `json:"millesimes_disponibles"`
	Filieres              *FilieresJSON `json:"filieres,omitempty"`
	// Famille is a common 2nde's famille de métiers, with one entry per specialty (issue 12 item 2).
	Famille *FamilleJSON `json:"famille,omitempty"`
	// Candidats are the diplomas a partner identifier names when it names several (StatePlusieurs).
	Candidats []CandidatJSON `json:"candidats,omitempty"`
	BlocJSON
	Audience Audience `json:"audience"`
	Source   string   `json:"source"`
	// DatePublication is the ISO date the dataset shown was published (config publication.*,
	// issue 13); absent when unknown and for the demonstration data.
	DatePublication      string `json:"date_publication,omitempty"`
	DonneesDemonstration bool   `json:"donnees_de_demonstration,omitempty"`
}

// DonneeSourceJSON is the diploma whose figures are shown (SPEC §2: donnee_source).
type DonneeSourceJSON struct {
	CodeCertification string `json:"code_certification"`
	Type              Regle  `json:"type"` // self, ancienne, nouvelle
	Libelle           string `json:"libelle,omitempty"`
	// AnneeRemplacement is the year the older diploma was replaced, when known.
	AnneeRemplacement int `json:"annee_remplacement,omitempty"`
}

// FamilleJSON is a famille de métiers and its specialties with figures, sorted by label.
type FamilleJSON struct {
	Libelle     string           `json:"libelle"`
	Specialites []SpecialiteJSON `json:"specialites"`
}

// SpecialiteJSON is one specialty of a famille: its code, the code shown, its own state.
type SpecialiteJSON struct {
	CodeCertification     string            `json:"code_certification"`
	Libelle               string            `json:"libelle"`
	State                 State             `json:"state"`
	Message               string            `json:"message,omitempty"`
	DonneeSource          *DonneeSourceJSON `json:"donnee_source,omitempty"`
	Millesime             Millesime         `json:"millesime,omitempty"`
	MillesimesDisponibles []Millesime       `json:"millesimes_disponibles"`
	BlocJSON
}

// CandidatJSON is one diploma of StatePlusieurs.
type CandidatJSON struct {
	CFD     string   `json:"cfd"`
	Libelle string   `json:"libelle"`
	Codes   []string `json:"codes"`
	URL     string   `json:"url"` // path of its JSON widget, same scope (settings are the caller's)
}

// donneeSource is the JSON donnee_source of a resolution with figures.
func donneeSource(res *Resolution) *DonneeSourceJSON {
	if res == nil || res.Affiche.Value == "" {
		return nil
	}
	d := &DonneeSourceJSON{CodeCertification: res.Affiche.String(), Type: res.Continuum()}
	for _, e := range res.Etapes {
		if e.Regle == RegleAncienne || e.Regle == RegleNouvelle {
			d.Libelle, d.AnneeRemplacement = e.Libelle, e.Annee
		}
	}
	return d
}

// FilieresJSON holds the two voies of the both-voies view.
type FilieresJSON struct {
	Scolaire      FiliereJSON `json:"scolaire"`
	Apprentissage FiliereJSON `json:"apprentissage"`
}

func ptr(n N) *int {
	if !n.Valid {
		return nil
	}
	v := n.V
	return &v
}

func (b Bloc) json() BlocJSON {
	j := BlocJSON{
		NbAnneeTerm:        ptr(b.Counts.NbAnneeTerm),
		NbAnneeTermExclus:  b.Exclus,
		NbEnEmploi6Mois:    ptr(b.Counts.NbEnEmploi6Mois),
		NbEnEmploi12Mois:   ptr(b.Counts.NbEnEmploi12Mois),
		NbEnEmploi18Mois:   ptr(b.Counts.NbEnEmploi18Mois),
		NbEnEmploi24Mois:   ptr(b.Counts.NbEnEmploi24Mois),
		NbPoursuiteEtudes:  ptr(b.Counts.NbPoursuiteEtudes),
		NbSortant:          ptr(b.Counts.NbSortant),
		TauxEnEmploi6Mois:  ptr(b.Taux.EnEmploi6Mois),
		TauxEnFormation:    ptr(b.Taux.EnFormation),
		TauxAutres6Mois:    ptr(b.Taux.Autres6Mois),
		TauxEnEmploi12Mois: ptr(b.Taux.EnEmploi12Mois),
		TauxEnEmploi18Mois: ptr(b.Taux.EnEmploi18Mois),
		TauxEnEmploi24Mois: ptr(b.Taux.EnEmploi24Mois),
	}
	if b.HasPictos {
		p := b.Pictos
		j.Pictogrammes = &PictogrammesJSON{Emploi: p.Emploi, Formation: p.Formation, Autres: p.Autres}
		if p.Partage[0] != "" {
			j.Pictogrammes.Partage = p.Partage[:]
		}
	}
	if q := b.Salaire; q.Q1.Valid || q.Mediane.Valid || q.Q3.Valid {
		j.Salaire12Mois = &SalaireJSON{Q1: ptr(q.Q1), Mediane: ptr(q.Mediane), Q3: ptr(q.Q3)}
	}
	return j
}

func nonNil(ms []Millesime) []Millesime {
	if ms == nil {
		return []Millesime{}
	}
	return ms
}

// JSON returns the JSON view model of v.
func (v View) JSON() ViewJSON {
	j := ViewJSON{
		State:                v.State,
		Scope:                v.DataScope(),
		CodeCertification:    v.Request.Code.String(),
		CFD:                  v.Certification.CFD,
		LibelleBCN:           v.Certification.Libelle,
		Notice:               v.Texts.Notice,
		TypeDiplome:          v.Certification.TypeDiplome,
		Region:               v.Region,
		Etablissement:        v.Etablissement,
		Millesime:            v.Millesime,
		Audience:             v.Audience,
		Source:               SourceInserJeunes,
		DatePublication:      v.Texts.DatePublication,
		DonneesDemonstration: v.Demo,
	}
	if v.Etablissement != nil {
		if v.ScopeDonnees == "" { // the establishment's own shares; a region's figures have their counts
			no := false
			j.EffectifsPublies = &no
		}
		if v.Request.Scope == ScopeEtablissement {
			j.CodeCertification = ""
		}
	}
	if v.Certification.Libelle != "" || v.Famille != nil {
		j.Libelle = v.Texts.Formation // the display label; "Formation 99999999" is no label
	}
	if v.Identification != nil || v.Request.Identifiant.Kind != "" {
		j.Identifiant = v.Request.Identifiant.String()
	}
	if v.State == StatePlusieurs || (v.State.Unknown() && v.Request.Identifiant.Kind != "") {
		j.CodeCertification, j.Libelle, j.LibelleBCN = "", "", ""
		for _, c := range v.Candidats {
			j.Candidats = append(j.Candidats, CandidatJSON{CFD: c.Code, Libelle: c.Libelle, Codes: strings.Split(c.Codes, ", "), URL: c.Path + ".json"})
		}
	}
	if res := v.Resolution; res != nil && v.State.Found() {
		j.Regle = res.Regle()
		if res.Famille == nil {
			j.DonneeSource = donneeSource(res)
			if res.Affiche != res.Demande {
				j.CodeAffiche = res.Affiche.String()
			}
		}
	}
	if v.Famille != nil {
		j.Message = v.Message
		j.Famille = &FamilleJSON{Libelle: v.Famille.Libelle, Specialites: []SpecialiteJSON{}}
		seen := map[Millesime]bool{}
		for _, b := range v.Blocs {
			sp := b.Specialite
			sj := SpecialiteJSON{CodeCertification: sp.Resolution.Demande.String(), Libelle: sp.Libelle, State: b.State, Message: b.Message,
				Millesime: b.Millesime, MillesimesDisponibles: nonNil(b.Disponibles), BlocJSON: b.json()}
			if b.State.Found() {
				sj.DonneeSource = donneeSource(&sp.Resolution)
			}
			j.Famille.Specialites = append(j.Famille.Specialites, sj)
			for _, m := range b.Disponibles {
				seen[m] = true
			}
		}
		for m := range seen {
			j.MillesimesDisponibles = append(j.MillesimesDisponibles, m)
		}
		j.MillesimesDisponibles = nonNil(j.MillesimesDisponibles)
		slices.Sort(j.MillesimesDisponibles)
		return j
	}
	if len(v.Blocs) == 1 {
		b := v.Blocs[0]
		j.Message, j.Filiere, j.BlocJSON = v.Message, b.Filiere, b.json()
		j.MillesimesDisponibles = nonNil(b.Disponibles)
		return j
	}
	codes := make([]string, len(v.Request.Codes))
	for i, c := range v.Request.Codes {
		codes[i] = c.String()
	}
	j.CodeCertification = strings.Join(codes, ",")
	j.Message = v.Message
	j.Filieres = &FilieresJSON{}
	seen := map[Millesime]bool{}
	for _, b := range v.Blocs {
		f := FiliereJSON{State: b.State, Message: b.Message, Millesime: b.Millesime, MillesimesDisponibles: nonNil(b.Disponibles), BlocJSON: b.json()}
		if b.Resolution != nil && b.State.Found() {
			f.Notice, f.Regle, f.DonneeSource = b.Note, b.Resolution.Regle(), donneeSource(b.Resolution)
		}
		if b.Filiere == VoieScolaire {
			j.Filieres.Scolaire = f
		} else {
			j.Filieres.Apprentissage = f
		}
		for _, m := range b.Disponibles {
			seen[m] = true
		}
	}
	for m := range seen {
		j.MillesimesDisponibles = append(j.MillesimesDisponibles, m)
	}
	j.MillesimesDisponibles = nonNil(j.MillesimesDisponibles)
	slices.Sort(j.MillesimesDisponibles)
	return j
}
