package widget

// ViewJSON is the JSON representation of a View (the `.json` routes), with the vocabulary of SPEC
// §2. A missing count or share is absent, never null or 0 (SPEC §4 rule 5). Shares are integer %.
type ViewJSON struct {
	State                 State         `json:"state"`
	Message               string        `json:"message,omitempty"`
	Scope                 Scope         `json:"scope"`
	CodeCertification     string        `json:"code_certification"`
	CFD                   string        `json:"cfd,omitempty"`
	Libelle               string        `json:"libelle,omitempty"`
	TypeDiplome           string        `json:"type_diplome,omitempty"`
	Filiere               Voie          `json:"filiere"`
	Region                *Region       `json:"region,omitempty"`
	Millesime             Millesime     `json:"millesime,omitempty"`
	MillesimesDisponibles []Millesime   `json:"millesimes_disponibles"`
	NbAnneeTerm           *int          `json:"nb_annee_term,omitempty"`
	NbAnneeTermExclus     int           `json:"nb_annee_term_exclus,omitempty"` // national: learners of unpublished regions, not in the figures
	NbEnEmploi6Mois       *int          `json:"nb_en_emploi_6_mois,omitempty"`
	NbEnEmploi12Mois      *int          `json:"nb_en_emploi_12_mois,omitempty"`
	NbEnEmploi18Mois      *int          `json:"nb_en_emploi_18_mois,omitempty"`
	NbEnEmploi24Mois      *int          `json:"nb_en_emploi_24_mois,omitempty"`
	NbPoursuiteEtudes     *int          `json:"nb_poursuite_etudes,omitempty"`
	NbSortant             *int          `json:"nb_sortant,omitempty"`
	TauxEnEmploi6Mois     *int          `json:"taux_en_emploi_6_mois,omitempty"`
	TauxEnFormation       *int          `json:"taux_en_formation,omitempty"`
	TauxAutres6Mois       *int          `json:"taux_autres_6_mois,omitempty"`
	TauxEnEmploi12Mois    *int          `json:"taux_en_emploi_12_mois,omitempty"`
	TauxEnEmploi18Mois    *int          `json:"taux_en_emploi_18_mois,omitempty"`
	TauxEnEmploi24Mois    *int          `json:"taux_en_emploi_24_mois,omitempty"`
	Pictogrammes          *Pictogrammes `json:"pictogrammes,omitempty"`
	Audience              Audience      `json:"audience"`
	Source                string        `json:"source"`
	DonneesDemonstration  bool          `json:"donnees_de_demonstration,omitempty"`
}

func ptr(n N) *int {
	if !n.Valid {
		return nil
	}
	v := n.V
	return &v
}

// JSON returns the JSON view model of v.
func (v View) JSON() ViewJSON {
	j := ViewJSON{
		State:                 v.State,
		Message:               v.Texts.Message,
		Scope:                 v.Request.Scope,
		CodeCertification:     v.Request.Code.String(),
		CFD:                   v.Certification.CFD,
		Libelle:               v.Certification.Libelle,
		TypeDiplome:           v.Certification.TypeDiplome,
		Filiere:               v.Filiere,
		Region:                v.Region,
		Millesime:             v.Millesime,
		MillesimesDisponibles: v.Disponibles,
		NbAnneeTerm:           ptr(v.Counts.NbAnneeTerm),
		NbAnneeTermExclus:     v.Exclus,
		NbEnEmploi6Mois:       ptr(v.Counts.NbEnEmploi6Mois),
		NbEnEmploi12Mois:      ptr(v.Counts.NbEnEmploi12Mois),
		NbEnEmploi18Mois:      ptr(v.Counts.NbEnEmploi18Mois),
		NbEnEmploi24Mois:      ptr(v.Counts.NbEnEmploi24Mois),
		NbPoursuiteEtudes:     ptr(v.Counts.NbPoursuiteEtudes),
		NbSortant:             ptr(v.Counts.NbSortant),
		TauxEnEmploi6Mois:     ptr(v.Taux.EnEmploi6Mois),
		TauxEnFormation:       ptr(v.Taux.EnFormation),
		TauxAutres6Mois:       ptr(v.Taux.Autres6Mois),
		TauxEnEmploi12Mois:    ptr(v.Taux.EnEmploi12Mois),
		TauxEnEmploi18Mois:    ptr(v.Taux.EnEmploi18Mois),
		TauxEnEmploi24Mois:    ptr(v.Taux.EnEmploi24Mois),
		Audience:              v.Audience,
		Source:                v.Texts.Source,
		DonneesDemonstration:  v.Demo,
	}
	if j.MillesimesDisponibles == nil {
		j.MillesimesDisponibles = []Millesime{}
	}
	if v.HasPictos {
		p := v.Pictos
		j.Pictogrammes = &p
	}
	return j
}
