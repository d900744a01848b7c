package data

import (
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"slices"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// The optional input files (SPEC §3; README "Establishment, per-formation and InserSup data").
// Each is read when present in the data directory and skipped without error when absent. A file
// that is present but cannot be read, lacks a needed column or has no valid row fails the load
// like a required file; a bad row is rejected and reported, the rest is kept.
const (
	// FileEtablissementsCFA is the InserJeunes apprenticeship file per CFA (UAI), all formations
	// combined: open dataset fr-en-inserjeunes-cfa, as exported with its French labels (Année,
	// UAI, Libellé, Région, DEVENIR Part …). Voie apprentissage.
	FileEtablissementsCFA = "inserjeunes_cfa_etablissements_2018-2024.csv"
	// FileEtablissementsLyceePro is the InserJeunes file per vocational lycée (UAI), all formations
	// combined, millésime 2022_2023 (dataset fr-en-inserjeunes-lycee_pro). Voie scolaire; only the
	// rows of the population "ensemble" are read.
	FileEtablissementsLyceePro = "inserjeunes_lycee_pro_etablissements_2022-2023.csv"
	// PatternFormationsLyceePro matches the per-formation export of the vocational lycées (dataset
	// fr-en-inserjeunes-lycee_pro-formation-fine, UAI × MEFSTAT11): voie scolaire.
	PatternFormationsLyceePro = "fr-en-inserjeunes-lycee_pro-formation-fine*.csv"
	// PatternFormationsCFA matches the per-formation export of the CFA (dataset
	// fr-en-inserjeunes-cfa-formation-fine, UAI × CFD): voie apprentissage.
	PatternFormationsCFA = "fr-en-inserjeunes-cfa-formation-fine*.csv"
	// PatternInserSup matches the InserSup export of data.enseignementsup-recherche.gouv.fr
	// (dataset fr-esr-insersup): higher-education diplomas (SISE codes).
	PatternInserSup = "fr-esr-insersup*.csv"
)

// OptionalFiles returns the names and name patterns (path.Match syntax) of the optional input
// files, in load order. At most one file may match each pattern.
func OptionalFiles() []string {
	return append([]string{FileEtablissementsCFA, FileEtablissementsLyceePro, PatternFormationsLyceePro,
		PatternFormationsCFA, PatternInserSup}, crosswalkFiles...)
}

// ErrAmbiguousFile is wrapped by the load error when several files match one optional pattern.
var ErrAmbiguousFile = errors.New("several files match")

// optional finds and reads the optional files, adding each one's bytes to the snapshot hash h.
func (l *loader) optional(h hash.Hash) error {
	l.names = newRegionNames(l.snap.regionList)
	steps := []struct {
		pattern string
		fn      func(text string, fr *FileReport) error
	}{
		{FileEtablissementsCFA, l.etablissementsCFA},
		{FileEtablissementsLyceePro, l.etablissementsLyceePro},
		{PatternFormationsLyceePro, l.formationsLyceePro},
		{PatternFormationsCFA, l.formationsCFA},
		{PatternInserSup, l.inserSup},
	}
	for _, p := range crosswalkFiles {
		steps = append(steps, struct {
			pattern string
			fn      func(text string, fr *FileReport) error
		}{p, l.crosswalk(p)})
	}
	for _, st := range steps {
		names, err := fs.Glob(l.fsys, st.pattern)
		if err != nil {
			return fmt.Errorf("load %s: %w", st.pattern, err)
		}
		switch len(names) {
		case 0:
			continue
		case 1:
		default:
			slices.Sort(names)
			return fmt.Errorf("load %s: %w: %s", st.pattern, ErrAmbiguousFile, strings.Join(names, ", "))
		}
		name := names[0]
		b, err := l.read(name, h)
		if err != nil {
			return err
		}
		text, enc := decode(b)
		l.rep.Optionnels = append(l.rep.Optionnels, FileReport{
			Name: name, Path: l.path(name), Encoding: enc, Bytes: len(b),
			CRLF: strings.Contains(text, "\r\n"),
		})
		fr := &l.rep.Optionnels[len(l.rep.Optionnels)-1]
		if err := st.fn(text, fr); err != nil {
			return fmt.Errorf("load %s: %w", name, err)
		}
		if fr.Kept == 0 && fr.Filtered == 0 {
			return fmt.Errorf("load %s: %w (%d rejected)", name, ErrNoValidRow, len(fr.Rejets))
		}
	}
	l.finishOptional()
	l.finishCrosswalks()
	return nil
}

// colSpec is a column an optional file is read by. Header names are compared folded
// (foldHeader), so the export's field name and its French label both match.
type colSpec struct {
	name     string   // the published field name, used in errors
	aliases  []string // other accepted header names (labels, older names)
	optional bool     // absent → index -1
}

// headerTable is a ';' table whose columns are found by colSpec.
type headerTable struct {
	*table
	header []string // header names as written, trimmed
}

// openFolded reads the header line and returns the index of each spec's column (-1 for an
// absent optional column). A needed column that is missing is ErrMissingColumn; a column whose
// name appears twice (after folding) is an error when it is read.
func openFolded(text string, specs []colSpec) (*headerTable, []int, error) {
	return openFoldedTable(&table{rest: text}, specs)
}

// openFoldedTable is openFolded on a table whose options (quoted, short) are set.
func openFoldedTable(t *table, specs []colSpec) (*headerTable, []int, error) {
	h, err := t.headerLine()
	if err != nil {
		return nil, nil, err
	}
	names := slices.Clone(t.split(h))
	t.ncol = len(names)
	pos := make(map[string]int, len(names))
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
		k := foldHeader(n)
		if _, dup := pos[k]; dup && k != "" {
			pos[k] = -2 // ambiguous
			continue
		}
		pos[k] = i
	}
	idx := make([]int, len(specs))
	for i, sp := range specs {
		idx[i] = -1
		if sp.name == "" {
			continue
		}
		for _, n := range append([]string{sp.name}, sp.aliases...) {
			p, ok := pos[foldHeader(n)]
			if !ok {
				continue
			}
			if p == -2 {
				return nil, nil, fmt.Errorf("column %q appears twice in the header", n)
			}
			idx[i] = p
			break
		}
		if idx[i] < 0 && !sp.optional {
			return nil, nil, fmt.Errorf("%w %q", ErrMissingColumn, sp.name)
		}
	}
	return &headerTable{table: t, header: names}, idx, nil
}

// col returns the header name of column i as written in the file (for reasons).
func (t *headerTable) col(i int) string { return t.header[i] }

// outcome is what a row function decided.
type outcome int

const (
	rowKept     outcome = iota // the row was added to a dedup (it may still be dropped as a duplicate)
	rowRejected                // the row is malformed: reason says why
	rowFiltered                // the row is of another population or level, left out on purpose
)

// rowsFiltered is table.rows with a third outcome: a filtered row counts in Read and Filtered.
func (t *headerTable) rowsFiltered(fr *FileReport, fn func(line int, f []string) (outcome, string)) {
	t.rows(fr, func(line int, f []string) string {
		o, reason := fn(line, f)
		switch o {
		case rowFiltered:
			fr.Filtered++
			return ""
		case rowRejected:
			return reason
		}
		return ""
	})
}

// cell returns the trimmed cell of column i, "" when the column is absent (i < 0).
func cell(f []string, i int) string {
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(f[i])
}

// finishOptional sorts the look-up lists of the optional data and fills their report counts.
func (l *loader) finishOptional() {
	s, r := l.snap, l.rep
	type ck struct {
		dataset string
		voie    widget.Voie
		m       widget.Millesime
	}
	counts := map[ck]int{}
	for uai, list := range s.etablissements {
		slices.SortFunc(list, func(a, b EtablissementRow) int {
			if c := strings.Compare(string(a.Millesime), string(b.Millesime)); c != 0 {
				return c
			}
			return strings.Compare(string(a.Voie), string(b.Voie))
		})
		s.etablissements[uai] = slices.Clip(list)
		for _, e := range list {
			counts[ck{DatasetEtablissements, e.Voie, e.Millesime}]++
		}
	}
	for uai, list := range s.formationsFines {
		slices.SortFunc(list, func(a, b FormationRow) int {
			if c := strings.Compare(string(a.Voie), string(b.Voie)); c != 0 {
				return c
			}
			if c := strings.Compare(a.Code.Value, b.Code.Value); c != 0 {
				return c
			}
			return strings.Compare(string(a.Millesime), string(b.Millesime))
		})
		s.formationsFines[uai] = slices.Clip(list)
		for _, e := range list {
			counts[ck{DatasetFormations, e.Voie, e.Millesime}]++
		}
	}
	for code, list := range s.insersup {
		slices.SortFunc(list, func(a, b InserSupRow) int { return strings.Compare(string(a.Millesime), string(b.Millesime)) })
		s.insersup[code] = slices.Clip(list)
		for _, e := range list {
			counts[ck{DatasetInserSup, widget.VoieSuperieur, e.Millesime}]++
		}
	}
	for k, n := range counts {
		r.Indicateurs = append(r.Indicateurs, IndicateurCount{Dataset: k.dataset, Voie: k.voie, Millesime: k.m, Rows: n})
	}
	slices.SortFunc(r.Indicateurs, func(a, b IndicateurCount) int {
		return strings.Compare(a.Dataset+"\x00"+string(a.Voie)+"\x00"+string(a.Millesime),
			b.Dataset+"\x00"+string(b.Voie)+"\x00"+string(b.Millesime))
	})
	r.UAIEtablissements = len(s.etablissements)
	r.UAIFormations = len(s.formationsFines)
	r.CodesInserSup = len(s.insersup)
	for name, code := range l.names.seen {
		r.NomsRegions = append(r.NomsRegions, NomRegion{Nom: name, Region: l.names.codes[code]})
	}
	slices.SortFunc(r.NomsRegions, func(a, b NomRegion) int { return strings.Compare(a.Nom, b.Nom) })
}
