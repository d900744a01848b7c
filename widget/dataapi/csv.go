package dataapi

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Columns are the CSV columns of every list, export and widget (issue 14 item 2), in order: the
// JSON field names of the item, flattened. One row per voie block: a single-code widget has one,
// the both-voies view and an establishment one per voie (filiere, state, millesime and figures of
// that voie), a famille de métiers one per specialty (code_certification is the specialty's). A
// value absent from the JSON (masked, unpublished, not applicable) is an empty cell, never null
// nor 0; nb_annee_term_exclus is empty when the JSON omits it (no excluded learner).
var Columns = []string{
	"scope", "code_certification", "identifiant", "cfd", "libelle", "type_diplome", "filiere",
	"region_code", "region_nom", "uai", "etablissement_nom", "millesime", "state", "regle",
	"donnee_source_type", "donnee_source_code_certification",
	"nb_annee_term", "nb_annee_term_exclus", "nb_en_emploi_6_mois", "nb_en_emploi_12_mois",
	"nb_en_emploi_18_mois", "nb_en_emploi_24_mois", "nb_poursuite_etudes", "nb_sortant",
	"taux_en_emploi_6_mois", "taux_en_formation", "taux_autres_6_mois", "taux_en_emploi_12_mois",
	"taux_en_emploi_18_mois", "taux_en_emploi_24_mois", "source", "donnees_de_demonstration", "lien_json",
}

// Writer writes CSV rows: ";" separated, UTF-8 (no byte-order mark), CRLF-free ("\n" lines),
// quoted only where a value needs it.
type Writer struct{ w *csv.Writer }

// NewWriter returns a Writer on w; call Header first and Flush at the end.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return &Writer{w: cw}
}

// Header writes the header row.
func (w *Writer) Header() error { return w.w.Write(Columns) }

// Item writes the rows of one item (or of a widget's JSON, lien its JSON path).
func (w *Writer) Item(j widget.ViewJSON, lien string) error {
	for _, r := range Rows(j, lien) {
		if err := w.w.Write(r); err != nil {
			return err
		}
	}
	return nil
}

// Raw writes one row as it is (another shape's columns: the predecessor's CSV).
func (w *Writer) Raw(row []string) error { return w.w.Write(row) }

// Flush writes what is buffered and returns the first write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

func num(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// Rows returns the CSV rows of a widget's JSON (see Columns). A famille de métiers' JSON has
// no row of its own: ViewRows writes each specialty's widget instead.
func Rows(j widget.ViewJSON, lien string) [][]string {
	type block struct {
		code      string
		filiere   widget.Voie
		millesime widget.Millesime
		state     widget.State
		regle     widget.Regle
		source    *widget.DonneeSourceJSON
		bloc      widget.BlocJSON
	}
	var blocks []block
	switch {
	case j.Filieres != nil:
		for _, f := range []struct {
			v widget.Voie
			f widget.FiliereJSON
		}{{widget.VoieScolaire, j.Filieres.Scolaire}, {widget.VoieApprentissage, j.Filieres.Apprentissage}} {
			blocks = append(blocks, block{j.CodeCertification, f.v, f.f.Millesime, f.f.State, f.f.Regle, f.f.DonneeSource, f.f.BlocJSON})
		}
	default:
		blocks = []block{{j.CodeCertification, j.Filiere, j.Millesime, j.State, j.Regle, j.DonneeSource, j.BlocJSON}}
	}
	out := make([][]string, 0, len(blocks))
	for _, b := range blocks {
		var regCode, regNom, uai, etab, dsType, dsCode string
		if j.Region != nil {
			regCode, regNom = j.Region.Code, j.Region.Nom
		}
		if j.Etablissement != nil {
			uai, etab = j.Etablissement.UAI, j.Etablissement.Nom
		}
		if b.source != nil {
			dsType, dsCode = string(b.source.Type), b.source.CodeCertification
		}
		exclus := ""
		if b.bloc.NbAnneeTermExclus != 0 {
			exclus = strconv.Itoa(b.bloc.NbAnneeTermExclus)
		}
		c := b.bloc
		out = append(out, []string{
			string(j.Scope), b.code, j.Identifiant, j.CFD, j.Libelle, j.TypeDiplome, string(b.filiere),
			regCode, regNom, uai, etab, string(b.millesime), string(b.state), string(b.regle),
			dsType, dsCode,
			num(c.NbAnneeTerm), exclus, num(c.NbEnEmploi6Mois), num(c.NbEnEmploi12Mois),
			num(c.NbEnEmploi18Mois), num(c.NbEnEmploi24Mois), num(c.NbPoursuiteEtudes), num(c.NbSortant),
			num(c.TauxEnEmploi6Mois), num(c.TauxEnFormation), num(c.TauxAutres6Mois), num(c.TauxEnEmploi12Mois),
			num(c.TauxEnEmploi18Mois), num(c.TauxEnEmploi24Mois), j.Source, strconv.FormatBool(j.DonneesDemonstration), lien,
		})
	}
	return out
}

// ViewRows returns the CSV rows of widget view v built on src (the widget's ".csv" route), its
// lien_json the absolute URL (base: public_url) of the widget's JSON with v's millésime. A
// famille de métiers writes, for each specialty, the rows of that specialty's own widget with
// v's millésime: exactly the row the lists write for it (its cfd, label, filiere, regle, its
// widget's JSON), one implementation (issue 14 defect 6: the rows had the famille's CFD and
// label and no filiere nor regle). Errors are widget.Build's.
func ViewRows(src widget.Source, v widget.View, opt widget.Options, base string) ([][]string, error) {
	if v.Famille == nil {
		r := v.Request
		r.Format = widget.FormatJSON
		lien := base + widget.Path(r) + widget.Extensions[widget.FormatJSON]
		if v.Millesime != "" {
			lien += "?millesime=" + string(v.Millesime)
		}
		return Rows(v.JSON(), lien), nil
	}
	var out [][]string
	for _, b := range v.Blocs {
		if b.Specialite == nil {
			continue
		}
		k := Key{Region: v.Request.Region, Code: b.Specialite.Resolution.Demande, Millesime: v.Millesime}
		req, err := Request(v.Request.Scope, k, opt)
		if err != nil {
			return nil, fmt.Errorf("specialty %s: %w", k.Code, err)
		}
		sv, err := widget.Build(req, src)
		if err != nil {
			return nil, fmt.Errorf("specialty %s: %w", k.Code, err)
		}
		out = append(out, Rows(sv.JSON(), links(req, base).JSON)...)
	}
	return out, nil
}

// FileName is the dated name of a CSV download (Content-Disposition): the list's name and the
// date of the data (the snapshot's load), e.g. "inserjeunes-regions-2026-12-02.csv".
func FileName(name, date string) string { return "inserjeunes-" + name + "-" + date + ".csv" }
