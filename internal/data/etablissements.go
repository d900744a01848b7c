package data

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Parts are the three published shares of a cohort's situation six months after its final year,
// in % (integers 0–100) of the learners in their final year (nb_annee_term), as the establishment
// and per-formation files publish them: no count is published, so none is derived. A share
// published with decimals is rounded half to even. Missing ("nd" or empty) is not Valid, never 0.
type Parts struct {
	EnEmploi6Mois widget.N // in employment 6 months after: part_en_emploi_6_mois_apres_la_sortie
	EnFormation   widget.N // still in education: part_en_poursuite_d_etudes
	Autres6Mois   widget.N // other situations: part_des_autres_situations
}

// Taux returns the shares as a widget.Taux for the display rules (pictograms, SPEC §6). The
// 12-, 18- and 24-month fields stay missing: the files publish later employment only as rates
// over the leavers (TauxEmploi), which must not be shown as shares of the cohort.
func (p Parts) Taux() widget.Taux {
	return widget.Taux{EnEmploi6Mois: p.EnEmploi6Mois, EnFormation: p.EnFormation, Autres6Mois: p.Autres6Mois}
}

// TauxEmploi are published employment rates in % (integers 0–100) of the leavers (nb_sortant),
// not of the cohort: the taux_emploi_*_mois columns (the lycée establishment file's "Taux" is the
// 6-month one). They are higher than Parts.EnEmploi6Mois and must not be mixed with it
// (../shared/data/README.md). Missing when not published (18 and 24 months exist only for older
// millésimes).
type TauxEmploi struct {
	Mois6  widget.N // % of the leavers employed 6 months after leaving (taux_emploi_6_mois)
	Mois12 widget.N // 12 months after (taux_emploi_12_mois)
	Mois18 widget.N // 18 months after (taux_emploi_18_mois)
	Mois24 widget.N // 24 months after (taux_emploi_24_mois)
}

// EtablissementRow is what an establishment file publishes for one establishment (UAI), voie
// and millésime, all its formations combined.
type EtablissementRow struct {
	UAI       string           // 7 digits and a letter, upper case
	Libelle   string           // the establishment's name as published for that millésime
	Region    widget.Region    // INSEE region, mapped from the published name
	Voie      widget.Voie      // apprentissage (CFA file) or scolaire (lycée file)
	Millesime widget.Millesime // e.g. 2023_2024 (written "cumul 2023-2024" in the CFA file)
	Parts     Parts            // the three shares, % of the cohort
	Taux      TauxEmploi       // employment rates, % of the leavers
}

// FormationRow is what a per-formation export publishes for one establishment (UAI), one
// certification, voie and millésime.
type FormationRow struct {
	UAI     string        // 7 digits and a letter, upper case
	Libelle string        // the establishment's name as published
	Region  widget.Region // INSEE region, mapped from the published name
	Voie    widget.Voie   // scolaire (lycée pro export, MEFSTAT11) or apprentissage (CFA export, CFD)
	Code    widget.Code   // the certification: a MEFSTAT11 (scolaire) or a CFD (apprentissage)
	// LibelleFormation is the certification's label as published ("" when the export has none).
	LibelleFormation string
	Millesime        widget.Millesime // e.g. 2022_2023
	Parts            Parts            // the three shares, % of the cohort
	Taux             TauxEmploi       // employment rates, % of the leavers
}

// FormationState says what a per-formation look-up found.
type FormationState string

// The states of Snapshot.Formation.
const (
	// FormationTrouvee: rows exist for the UAI and the certification.
	FormationTrouvee FormationState = "trouvee"
	// FormationUAIInconnu: no per-formation row has this UAI (also when no per-formation export
	// was loaded; the UAI may still have establishment rows, see Snapshot.Etablissement).
	FormationUAIInconnu FormationState = "uai_inconnu"
	// FormationNonDispensee: the UAI has per-formation rows, none for this certification and voie.
	FormationNonDispensee FormationState = "formation_non_dispensee"
)

// Etablissement returns the establishment rows of a UAI (trimmed and upper-cased first), one per
// millésime and voie, oldest millésime first, then by voie. ok is false when no establishment
// file has the UAI. The result is a new slice on each call.
func (s *Snapshot) Etablissement(uai string) ([]EtablissementRow, bool) {
	list, ok := s.etablissements[normUAI(uai)]
	return slices.Clone(list), ok
}

// Formation returns the per-formation rows of a UAI (trimmed and upper-cased first) for the
// certification c in c's voie (a MEFSTAT11 reads the lycée export, a CFD the CFA export; SPEC §3:
// the voie is part of the key), oldest millésime first. The state tells an unknown UAI from a UAI
// that does not teach that certification; rows is nil unless the state is FormationTrouvee. The
// result is a new slice on each call.
func (s *Snapshot) Formation(uai string, c widget.Code) ([]FormationRow, FormationState) {
	list, ok := s.formationsFines[normUAI(uai)]
	if !ok {
		return nil, FormationUAIInconnu
	}
	var out []FormationRow
	for _, r := range list {
		if r.Voie == c.Voie() && r.Code.Value == c.Value {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, FormationNonDispensee
	}
	return out, FormationTrouvee
}

// The logical columns of the establishment and per-formation files, in the order of indicSpecs.
const (
	cMillesime = iota
	cUAI
	cLibelle
	cRegion
	cPopulation
	cPartFormation
	cPartEmploi
	cPartAutres
	cTaux6
	cTaux12
	cTaux18
	cTaux24
	cCode
	cLibelleFormation
	nIndicCols
)

// indicKind describes one kind of establishment or per-formation file.
type indicKind struct {
	voie      widget.Voie
	millesime widget.Millesime // used when the file has no millésime column ("" = the column is needed)
	code      *colSpec         // the certification column of a per-formation file; nil for an establishment file
}

// indicSpecs returns the columns read from an establishment or per-formation file. Names are the
// open-data field names; aliases are the French labels of the exports and the names seen in the
// establishment files (compared folded: "Région" is "region").
func indicSpecs(k indicKind) []colSpec {
	sp := make([]colSpec, nIndicCols)
	sp[cMillesime] = colSpec{name: "annee", aliases: []string{"millesime"}, optional: k.millesime != ""}
	sp[cUAI] = colSpec{name: "uai", aliases: []string{"n°UAI de l'établissement", "numero_uai", "uai_etablissement"}}
	sp[cLibelle] = colSpec{name: "libelle", aliases: []string{"Libellé de l'établissement", "libelle_etablissement"}}
	sp[cRegion] = colSpec{name: "region", aliases: []string{"libelle_region", "region_libelle"}}
	sp[cPopulation] = colSpec{name: "dont_apprentis_en_eple", aliases: []string{"dont_apprentis_eple"}, optional: true}
	sp[cPartFormation] = colSpec{name: "part_en_poursuite_d_etudes", aliases: []string{"DEVENIR Part poursuite études"}}
	sp[cPartEmploi] = colSpec{name: "part_en_emploi_6_mois_apres_la_sortie", aliases: []string{"DEVENIR Part en emploi 6 mois"}}
	sp[cPartAutres] = colSpec{name: "part_des_autres_situations", aliases: []string{"DEVENIR Part autre situation 6 mois"}}
	sp[cTaux6] = colSpec{name: "taux_emploi_6_mois", aliases: []string{"Taux", "taux_emploi_6_mois_apres_la_sortie"}, optional: true}
	sp[cTaux12] = colSpec{name: "taux_emploi_12_mois", aliases: []string{"taux_emploi_12_mois_apres_la_sortie"}, optional: true}
	sp[cTaux18] = colSpec{name: "taux_emploi_18_mois", aliases: []string{"taux_emploi_18_mois_apres_la_sortie"}, optional: true}
	sp[cTaux24] = colSpec{name: "taux_emploi_24_mois", aliases: []string{"taux_emploi_24_mois_apres_la_sortie"}, optional: true}
	sp[cCode] = colSpec{optional: true} // no name: not looked for
	if k.code != nil {
		sp[cCode] = *k.code
	}
	sp[cLibelleFormation] = colSpec{name: "libelle_formation", aliases: []string{"Libellé de la formation"}, optional: true}
	return sp
}

// indicRow is one parsed row of an establishment or per-formation file.
type indicRow struct {
	uai, libelle     string
	region           widget.Region
	millesime        widget.Millesime
	code             string
	libelleFormation string
	parts            Parts
	taux             TauxEmploi
}

// parseIndic validates one row. A row of another population than "ensemble" (values starting
// with "dont") is filtered. A row is rejected for a bad UAI, an empty name, an unknown region
// name, a bad millésime, a bad certification code, a share or rate that is not a number from 0
// to 100, or three shares whose sum is not 100 ± 2 (they are published rounded).
func (l *loader) parseIndic(t *headerTable, col []int, k indicKind, f []string) (indicRow, outcome, string) {
	var r indicRow
	if col[cPopulation] >= 0 {
		switch p := foldHeader(f[col[cPopulation]]); {
		case p == "ensemble":
		case strings.HasPrefix(p, "dont"):
			return r, rowFiltered, ""
		default:
			return r, rowRejected, fmt.Sprintf("unknown %s %s (ensemble, dont …)", t.col(col[cPopulation]), quote(cell(f, col[cPopulation])))
		}
	}
	r.uai = normUAI(f[col[cUAI]])
	if _, err := widget.ParseUAI(r.uai); err != nil {
		return r, rowRejected, fmt.Sprintf("bad %s %s (7 digits and a letter)", t.col(col[cUAI]), quote(cell(f, col[cUAI])))
	}
	r.millesime = k.millesime
	if col[cMillesime] >= 0 {
		m, err := widget.ParseMillesime(f[col[cMillesime]])
		if err != nil {
			return r, rowRejected, fmt.Sprintf("bad %s %s (cumul 2022-2023 or 2022_2023)", t.col(col[cMillesime]), quote(cell(f, col[cMillesime])))
		}
		r.millesime = m
	}
	if r.libelle = cell(f, col[cLibelle]); r.libelle == "" {
		return r, rowRejected, "empty " + t.col(col[cLibelle])
	}
	g, why := l.names.lookup(t.col(col[cRegion]), f[col[cRegion]])
	if why != "" {
		return r, rowRejected, why
	}
	r.region = g
	if k.code != nil {
		r.code = strings.ToUpper(cell(f, col[cCode]))
		ok, shape := isCFD(r.code), "8 characters"
		if k.voie == widget.VoieScolaire {
			ok, shape = isMEFSTAT11(r.code), "11 digits"
		}
		if !ok {
			return r, rowRejected, fmt.Sprintf("bad %s %s (%s)", t.col(col[cCode]), quote(cell(f, col[cCode])), shape)
		}
		r.libelleFormation = cell(f, col[cLibelleFormation])
	}
	parts := []struct {
		c int
		n *widget.N
	}{
		{cPartEmploi, &r.parts.EnEmploi6Mois}, {cPartFormation, &r.parts.EnFormation}, {cPartAutres, &r.parts.Autres6Mois},
		{cTaux6, &r.taux.Mois6}, {cTaux12, &r.taux.Mois12}, {cTaux18, &r.taux.Mois18}, {cTaux24, &r.taux.Mois24},
	}
	for _, p := range parts {
		if col[p.c] < 0 {
			continue
		}
		n, why := parsePart(t.col(col[p.c]), f[col[p.c]])
		if why != "" {
			return r, rowRejected, why
		}
		*p.n = n
	}
	if p := r.parts; p.EnEmploi6Mois.Valid && p.EnFormation.Valid && p.Autres6Mois.Valid {
		if sum := p.EnEmploi6Mois.V + p.EnFormation.V + p.Autres6Mois.V; sum < 98 || sum > 102 {
			return r, rowRejected, fmt.Sprintf("shares sum to %d, not 100", sum)
		}
	}
	return r, rowKept, ""
}

// indicKey is the key of an establishment or per-formation row within one file (the voie is
// the file's).
type indicKey struct {
	uai       string
	code      string
	millesime widget.Millesime
}

func (k indicKey) describe() string {
	if k.code == "" {
		return fmt.Sprintf("(%s, %s)", k.uai, k.millesime)
	}
	return fmt.Sprintf("(%s, %s, %s)", k.uai, k.code, k.millesime)
}

// readIndic reads an establishment or per-formation file and passes each kept row to keep.
func (l *loader) readIndic(text string, fr *FileReport, k indicKind, keep func(indicRow)) error {
	t, col, err := openFolded(text, indicSpecs(k))
	if err != nil {
		return err
	}
	d := newDedup[indicKey, indicRow](t.lines())
	t.rowsFiltered(fr, func(line int, f []string) (outcome, string) {
		r, o, why := l.parseIndic(t, col, k, f)
		if o == rowKept {
			d.add(indicKey{uai: r.uai, code: r.code, millesime: r.millesime}, r, line)
		}
		return o, why
	})
	d.finish(fr, indicKey.describe, func(_ indicKey, r indicRow) {
		r.uai, r.libelle, r.code = strings.Clone(r.uai), strings.Clone(r.libelle), strings.Clone(r.code)
		r.libelleFormation = strings.Clone(r.libelleFormation)
		r.millesime = widget.Millesime(strings.Clone(string(r.millesime)))
		keep(r)
	})
	return nil
}

func (l *loader) etablissements(text string, fr *FileReport, k indicKind) error {
	s := l.snap
	if s.etablissements == nil {
		s.etablissements = map[string][]EtablissementRow{}
	}
	return l.readIndic(text, fr, k, func(r indicRow) {
		s.etablissements[r.uai] = append(s.etablissements[r.uai], EtablissementRow{
			UAI: r.uai, Libelle: r.libelle, Region: r.region, Voie: k.voie, Millesime: r.millesime,
			Parts: r.parts, Taux: r.taux,
		})
	})
}

// etablissementsCFA reads FileEtablissementsCFA (voie apprentissage; millésimes "cumul 2023-2024").
func (l *loader) etablissementsCFA(text string, fr *FileReport) error {
	return l.etablissements(text, fr, indicKind{voie: widget.VoieApprentissage})
}

// etablissementsLyceePro reads FileEtablissementsLyceePro (voie scolaire, population "ensemble";
// millésime 2022_2023 unless the file has a millésime column).
func (l *loader) etablissementsLyceePro(text string, fr *FileReport) error {
	return l.etablissements(text, fr, indicKind{voie: widget.VoieScolaire, millesime: "2022_2023"})
}

func (l *loader) formationsFines(text string, fr *FileReport, k indicKind) error {
	s := l.snap
	if s.formationsFines == nil {
		s.formationsFines = map[string][]FormationRow{}
	}
	kind := widget.KindCFD
	if k.voie == widget.VoieScolaire {
		kind = widget.KindMEFSTAT11
	}
	return l.readIndic(text, fr, k, func(r indicRow) {
		s.formationsFines[r.uai] = append(s.formationsFines[r.uai], FormationRow{
			UAI: r.uai, Libelle: r.libelle, Region: r.region, Voie: k.voie,
			Code: widget.Code{Kind: kind, Value: r.code}, LibelleFormation: r.libelleFormation,
			Millesime: r.millesime, Parts: r.parts, Taux: r.taux,
		})
	})
}

// formationsLyceePro reads the lycée pro per-formation export (PatternFormationsLyceePro): voie
// scolaire, certification in code_formation_mefstat11.
func (l *loader) formationsLyceePro(text string, fr *FileReport) error {
	return l.formationsFines(text, fr, indicKind{voie: widget.VoieScolaire,
		code: &colSpec{name: "code_formation_mefstat11", aliases: []string{"mefstat11", "code_mefstat11"}}})
}

// formationsCFA reads the CFA per-formation export (PatternFormationsCFA): voie apprentissage,
// certification in code_formation_diplome.
func (l *loader) formationsCFA(text string, fr *FileReport) error {
	return l.formationsFines(text, fr, indicKind{voie: widget.VoieApprentissage,
		code: &colSpec{name: "code_formation_diplome", aliases: []string{"cfd", "code_formation_apprentissage"}}})
}
