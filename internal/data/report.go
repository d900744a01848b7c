package data

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Rejet is one rejected row: File is the file's path as shown in the report (the data directory
// joined with the file name; "demo/<name>" for the embedded dataset), Line its 1-based line number
// (the header is line 1; for the JSON region list, the line where the array element starts) and
// Reason a short English explanation naming the column and value at fault.
type Rejet struct {
	File   string
	Line   int
	Reason string
}

// String formats the rejection as "file:line: reason", the form editors and grep understand.
func (r Rejet) String() string { return fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.Reason) }

// FileReport is what the load did with one input file.
type FileReport struct {
	Name     string // file name, e.g. "bcn_n_mef.csv"
	Path     string // path as shown in Rejet.File
	Encoding string // EncodingUTF8, EncodingUTF8BOM or EncodingLatin1
	CRLF     bool   // at least one line ends with CRLF
	Bytes    int    // size of the file
	Read     int    // data rows read: non-blank lines after the header, or JSON array elements
	Kept     int    // rows kept in the snapshot; Read = Kept + len(Rejets) + Filtered
	Rejets   []Rejet
	// Filtered counts the rows of an optional file left out on purpose, without validation: another
	// population than "ensemble", an InserSup row of another level or a single promotion year. It
	// is 0 for the required files.
	Filtered int
}

func (f *FileReport) reject(line int, reason string) {
	f.Rejets = append(f.Rejets, Rejet{File: f.Path, Line: line, Reason: reason})
}

// Count is a number of regional rows for one key (a millésime).
type Count struct {
	Key string
	N   int
}

// VoieCount is the number of regional rows and of distinct certification codes of one voie.
type VoieCount struct {
	Voie  widget.Voie
	Rows  int
	Codes int
}

// RegionCount is the number of regional rows of one INSEE region.
type RegionCount struct {
	Code string
	Nom  string
	N    int
}

// Report says what a load read, kept and rejected, for the check-data command (SPEC §10). The
// counts per millésime, voie and region are those of the regional file's kept rows. Every list
// is sorted, so the report of the same files is always the same.
type Report struct {
	Source  string // the data directory, or "embedded demo"
	Version string // Snapshot.Version of the load; "" when the load failed
	Files   []FileReport

	Millesimes []Count       // rows per millésime, oldest first
	Voies      []VoieCount   // rows and codes per voie, by voie name
	Regions    []RegionCount // rows per region having rows, by code
	// RegionsSansLignes are the regions of the region list without any regional row, by code.
	RegionsSansLignes []widget.Region
	// SansLibelle lists, as "voie code", the regional codes without a BCN label (unknown to the
	// nomenclatures, or a MEFSTAT11 whose CFD is not in V_FORMATION_DIPLOME), sorted.
	SansLibelle []string

	// Optionnels are the optional files found (see OptionalFiles), in load order. Their rejected
	// rows are part of Rejected and Rejets.
	Optionnels []FileReport
	// Indicateurs are the rows kept from the optional files per dataset, voie and millésime.
	Indicateurs []IndicateurCount
	// UAIEtablissements and UAIFormations are the numbers of distinct UAI having establishment
	// rows and per-formation rows; CodesInserSup the number of SISE codes having InserSup rows.
	UAIEtablissements, UAIFormations, CodesInserSup int
	// NomsRegions are the region names read in the optional files, as written, with the INSEE
	// region each maps to (zero Region when it maps to none), by name.
	NomsRegions []NomRegion

	// LiensUtilises are the continuum links (issue 12) that some code's figures are read through,
	// by old then new CFD; LiensAcceptes counts the 1↔1 links, LiensRefuses the merges and splits.
	LiensUtilises               []LinkUse
	LiensAcceptes, LiensRefuses int
}

// LinkUse is a continuum link with the codes whose figures are read through it.
type LinkUse struct {
	Link
	LibelleAncien, LibelleNouveau string // BCN labels
	Codes                         int    // codes (CFD or MEFSTAT11) resolved through it
}

// The datasets of IndicateurCount.
const (
	DatasetEtablissements = "etablissements" // the CFA and lycée establishment files
	DatasetFormations     = "formations"     // the per-formation exports (UAI × certification)
	DatasetInserSup       = "insersup"       // the InserSup export (SISE code)
)

// IndicateurCount is the number of rows kept from the optional files for one dataset, voie and
// millésime.
type IndicateurCount struct {
	Dataset   string           // DatasetEtablissements, DatasetFormations or DatasetInserSup
	Voie      widget.Voie      // superieur for InserSup
	Millesime widget.Millesime // e.g. 2023_2024
	Rows      int              // rows kept
}

// NomRegion is a region name as written in an optional file and the INSEE region it maps to.
type NomRegion struct {
	Nom    string        // as written in the file, e.g. "PROVENCE-ALPES-COTE D'AZUR"
	Region widget.Region // zero when the name matches no region
}

// File returns the report of the named input file, required or optional, or nil when the load
// did not reach it (or, for an optional file, did not find it).
func (r *Report) File(name string) *FileReport {
	for i := range r.Files {
		if r.Files[i].Name == name {
			return &r.Files[i]
		}
	}
	for i := range r.Optionnels {
		if r.Optionnels[i].Name == name {
			return &r.Optionnels[i]
		}
	}
	return nil
}

// Rejected returns the number of rejected rows over every file, required and optional.
func (r *Report) Rejected() int {
	n := 0
	for _, f := range r.Files {
		n += len(f.Rejets)
	}
	for _, f := range r.Optionnels {
		n += len(f.Rejets)
	}
	return n
}

// Rejets returns every rejected row, file by file in load order (the required files, then the
// optional ones), by line within a file.
func (r *Report) Rejets() []Rejet {
	var all []Rejet
	for _, f := range r.Files {
		all = append(all, f.Rejets...)
	}
	for _, f := range r.Optionnels {
		all = append(all, f.Rejets...)
	}
	return all
}

// WriteText prints a readable summary: one line per file (encoding, rows read, kept, rejected),
// the regional rows per millésime, voie and region, the regions and codes without data or label,
// then, when optional files were found, one line per optional file (with its filtered rows), their
// kept rows per dataset, voie and millésime and their region names with the INSEE region each maps
// to; last, every rejected row as "file:line: reason". The output is deterministic. It returns the
// first write error.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "source: %s\n", r.Source)
	if r.Version != "" {
		fmt.Fprintf(ew, "version: %s\n", r.Version)
	}
	fmt.Fprintln(ew)
	w1 := len("file")
	for _, f := range r.Files {
		w1 = max(w1, utf8.RuneCountInString(f.Name))
	}
	fmt.Fprintf(ew, "%-*s  %-15s %7s %7s %8s\n", w1, "file", "encoding", "read", "kept", "rejected")
	for _, f := range r.Files {
		enc := f.Encoding
		if f.CRLF {
			enc += " CRLF"
		}
		fmt.Fprintf(ew, "%-*s  %-15s %7d %7d %8d\n", w1, f.Name, enc, f.Read, f.Kept, len(f.Rejets))
	}
	if len(r.Millesimes) > 0 {
		fmt.Fprintln(ew, "\nregional rows per millésime:")
		for _, c := range r.Millesimes {
			fmt.Fprintf(ew, "  %-13s %6d\n", c.Key, c.N)
		}
		fmt.Fprintln(ew, "\nregional rows per voie:")
		for _, v := range r.Voies {
			fmt.Fprintf(ew, "  %-13s %6d rows %5d codes\n", v.Voie, v.Rows, v.Codes)
		}
		fmt.Fprintf(ew, "\nregional rows per region (%d regions):\n", len(r.Regions))
		w2 := 0
		for _, g := range r.Regions {
			w2 = max(w2, utf8.RuneCountInString(g.Nom))
		}
		for _, g := range r.Regions {
			fmt.Fprintf(ew, "  %-3s %s%s %6d\n", g.Code, g.Nom, strings.Repeat(" ", w2-utf8.RuneCountInString(g.Nom)), g.N)
		}
	}
	if len(r.RegionsSansLignes) > 0 {
		names := make([]string, len(r.RegionsSansLignes))
		for i, g := range r.RegionsSansLignes {
			names[i] = g.Code + " " + g.Nom
		}
		fmt.Fprintf(ew, "\nregions without rows: %s\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(ew, "\ncodes without a BCN label: %d\n", len(r.SansLibelle))
	for _, c := range r.SansLibelle {
		fmt.Fprintf(ew, "  %s\n", c)
	}
	r.writeOptional(ew)
	r.writeLinks(ew)
	fmt.Fprintf(ew, "\nrejected rows: %d\n", r.Rejected())
	for _, j := range r.Rejets() {
		fmt.Fprintln(ew, j.String())
	}
	return ew.err
}

// writeOptional prints the sections of the optional files; nothing when none was found.
func (r *Report) writeOptional(w io.Writer) {
	if len(r.Optionnels) == 0 {
		return
	}
	w1 := len("optional file")
	for _, f := range r.Optionnels {
		w1 = max(w1, utf8.RuneCountInString(f.Name))
	}
	fmt.Fprintf(w, "\n%-*s  %-15s %7s %7s %8s %8s\n", w1, "optional file", "encoding", "read", "kept", "rejected", "filtered")
	for _, f := range r.Optionnels {
		enc := f.Encoding
		if f.CRLF {
			enc += " CRLF"
		}
		fmt.Fprintf(w, "%-*s  %-15s %7d %7d %8d %8d\n", w1, f.Name, enc, f.Read, f.Kept, len(f.Rejets), f.Filtered)
	}
	fmt.Fprintf(w, "\noptional rows per dataset, voie and millésime (%d UAI with establishment rows, %d UAI with per-formation rows, %d InserSup codes):\n",
		r.UAIEtablissements, r.UAIFormations, r.CodesInserSup)
	for _, c := range r.Indicateurs {
		fmt.Fprintf(w, "  %-15s %-13s %-10s %6d\n", c.Dataset, c.Voie, c.Millesime, c.Rows)
	}
	if len(r.NomsRegions) > 0 {
		fmt.Fprintf(w, "\nregion names of the optional files (%d):\n", len(r.NomsRegions))
		w2 := 0
		for _, n := range r.NomsRegions {
			w2 = max(w2, utf8.RuneCountInString(n.Nom))
		}
		for _, n := range r.NomsRegions {
			to := "no INSEE region"
			if n.Region.Code != "" {
				to = n.Region.Code + " " + n.Region.Nom
			}
			fmt.Fprintf(w, "  %s%s → %s\n", n.Nom, strings.Repeat(" ", w2-utf8.RuneCountInString(n.Nom)), to)
		}
	}
}

// writeLinks prints the continuum links used, with their sources; nothing without crosswalks.
func (r *Report) writeLinks(w io.Writer) {
	if r.LiensAcceptes == 0 && r.LiensRefuses == 0 {
		return
	}
	fmt.Fprintf(w, "\ncontinuum links used: %d (of %d 1↔1 links; %d refused: merges and splits)\n",
		len(r.LiensUtilises), r.LiensAcceptes, r.LiensRefuses)
	for _, l := range r.LiensUtilises {
		fmt.Fprintf(w, "  %s → %s  %s → %s  [%s] codes: %d\n", l.Ancien, l.Nouveau, l.LibelleAncien, l.LibelleNouveau,
			strings.Join(l.Sources, ", "), l.Codes)
	}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// sortRejets orders a file's rejections by line, then reason.
func sortRejets(rs []Rejet) {
	slices.SortFunc(rs, func(a, b Rejet) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Reason, b.Reason))
	})
}
