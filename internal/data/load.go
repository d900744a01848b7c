package data

import (
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ijwidgets/ijwidgets/widget"
)

// The input files, found by exact name (SPEC §3; ../shared/data/README.md). All are required.
const (
	// FileRegions is the INSEE region list: a JSON array of {"code", "nom", …} objects.
	FileRegions = "geo_regions_insee_cog2026.json"
	// FileNiveaux is BCN N_NIVEAU_FORMATION_DIPLOME: level code (first 3 characters of a CFD) → LIBELLE_COURT.
	FileNiveaux = "bcn_n_niveau_formation_diplome.csv"
	// FileFormations is BCN V_FORMATION_DIPLOME: CFD → LIBELLE_LONG_200 and NIVEAU_FORMATION_DIPLOME.
	FileFormations = "bcn_v_formation_diplome.csv"
	// FileMEF is BCN N_MEF: MEF_STAT_11 → FORMATION_DIPLOME (the CFD).
	FileMEF = "bcn_n_mef.csv"
	// FileRegional is the InserJeunes regional extract: region × voie × code × millésime counts.
	FileRegional = "inserjeunes_regional_formations_2019-2023.csv"
)

// Files returns the names of the input files in load order.
func Files() []string {
	return []string{FileRegions, FileNiveaux, FileFormations, FileMEF, FileRegional}
}

// The columns read from each CSV file; any other column is ignored.
var (
	colsNiveaux    = []string{"NIVEAU_FORMATION_DIPLOME", "LIBELLE_COURT"}
	colsFormations = []string{"FORMATION_DIPLOME", "NIVEAU_FORMATION_DIPLOME", "LIBELLE_LONG_200", "LIBELLE_COURT"}
	colsRegional   = []string{"millesime", "code_region", "voie", "cfd", "mefstat11",
		// the counts, in the order of countFields
		"nb_annee_term", "nb_en_emploi_6_mois", "nb_en_emploi_12_mois", "nb_en_emploi_18_mois",
		"nb_en_emploi_24_mois", "nb_poursuite_etudes", "nb_sortant"}
)

const firstCount = 5 // index of nb_annee_term in colsRegional

func countFields(c *widget.Counts) []*widget.N {
	return []*widget.N{&c.NbAnneeTerm, &c.NbEnEmploi6Mois, &c.NbEnEmploi12Mois, &c.NbEnEmploi18Mois,
		&c.NbEnEmploi24Mois, &c.NbPoursuiteEtudes, &c.NbSortant}
}

//go:embed demo/*
var demoFiles embed.FS

// Load reads the input files (see Files) from dir into a new Snapshot. See LoadFS.
func Load(dir string) (*Snapshot, *Report, error) {
	return load(os.DirFS(dir), dir, dir, false)
}

// LoadFS reads the input files (see Files) from the root of fsys; dir only names the files in the
// report (Rejet.File is dir joined with the file name). Then it reads the optional files found
// (see OptionalFiles): establishment, per-formation and InserSup data; an absent optional file is
// no error and leaves its look-ups empty.
//
// A missing or unreadable file, a CSV header without a needed column (ErrMissingColumn), a region
// list that is not a JSON array, or a file without any valid row (ErrNoValidRow) is an error
// "load <file name>: …" and no Snapshot is returned; so is an optional file that is present but
// unreadable, lacks a needed column, has no valid row, or is matched twice (ErrAmbiguousFile).
// A bad row is not an error: it is rejected and listed in the Report. The Report is returned even
// on error (with the files read so far).
func LoadFS(fsys fs.FS, dir string) (*Snapshot, *Report, error) {
	return load(fsys, dir, dir, false)
}

// LoadDemo loads the embedded demonstration dataset (internal/data/demo: the same file names and
// formats as the real data, two regions, made-up counts) through the same loader. Its Snapshot's
// Demo is true, so every widget says "données de démonstration" (SPEC §3).
func LoadDemo() (*Snapshot, *Report, error) {
	sub, err := fs.Sub(demoFiles, "demo")
	if err != nil {
		return nil, nil, err
	}
	return load(sub, "embedded demo", "demo", true)
}

// loader carries the state of one load.
type loader struct {
	fsys   fs.FS
	prefix string
	rep    *Report
	snap   *Snapshot
	names  *regionNames // region names of the optional files → INSEE regions
}

func load(fsys fs.FS, source, prefix string, demo bool) (*Snapshot, *Report, error) {
	l := &loader{
		fsys:   fsys,
		prefix: prefix,
		rep:    &Report{Source: source},
		snap:   &Snapshot{demo: demo},
	}
	steps := []struct {
		name string
		fn   func(text string, fr *FileReport) error
	}{
		{FileRegions, l.regions},
		{FileNiveaux, l.niveaux},
		{FileFormations, l.formations},
		{FileMEF, l.mefs},
		{FileRegional, l.regional},
	}
	h := sha256.New()
	for _, st := range steps {
		b, err := l.read(st.name, h)
		if err != nil {
			return nil, l.rep, err
		}
		text, enc := decode(b)
		l.rep.Files = append(l.rep.Files, FileReport{
			Name: st.name, Path: l.path(st.name), Encoding: enc, Bytes: len(b),
			CRLF: strings.Contains(text, "\r\n"),
		})
		fr := &l.rep.Files[len(l.rep.Files)-1]
		if err := st.fn(text, fr); err != nil {
			return nil, l.rep, fmt.Errorf("load %s: %w", st.name, err)
		}
		if fr.Kept == 0 {
			return nil, l.rep, fmt.Errorf("load %s: %w (%d rejected)", st.name, ErrNoValidRow, len(fr.Rejets))
		}
	}
	if err := l.optional(h); err != nil {
		return nil, l.rep, err
	}
	s := l.snap
	s.version = hex.EncodeToString(h.Sum(nil))[:12]
	s.loadedAt = time.Now()
	l.rep.Version = s.version
	l.summarize()
	l.summarizeLinks()
	return s, l.rep, nil
}

// read reads one input file and adds its name, size and bytes to the snapshot hash h. The
// error is "load <name>: <reason>".
func (l *loader) read(name string, h hash.Hash) ([]byte, error) {
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	h.Write([]byte(name))
	h.Write(n[:])
	h.Write(b)
	return b, nil
}

func (l *loader) path(name string) string {
	if l.prefix == "" {
		return name
	}
	if l.prefix == "demo" {
		return path.Join(l.prefix, name)
	}
	return filepath.Join(l.prefix, name)
}

// regions reads the INSEE region list: a JSON array of objects with string fields "code" (2 or 3
// digits) and "nom". Other fields are ignored; a bad element is rejected with the line it starts on.
func (l *loader) regions(text string, fr *FileReport) error {
	dec := json.NewDecoder(strings.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return errors.New("not a JSON array")
	}
	d := newDedup[string, string](32)
	lines := lineCounter{text: text}
	for dec.More() {
		start := int(dec.InputOffset())
		for start < len(text) && strings.IndexByte(" \t\r\n,", text[start]) >= 0 {
			start++
		}
		line := lines.at(start)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		fr.Read++
		var e struct {
			Code *string `json:"code"`
			Nom  *string `json:"nom"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			fr.reject(line, "not an object with string fields code and nom")
			continue
		}
		switch {
		case e.Code == nil || e.Nom == nil:
			fr.reject(line, "missing field code or nom")
		case (len(*e.Code) != 2 && len(*e.Code) != 3) || !isDigits(*e.Code):
			fr.reject(line, fmt.Sprintf("bad region code %s (2 or 3 digits)", quote(*e.Code)))
		case strings.TrimSpace(*e.Nom) == "":
			fr.reject(line, fmt.Sprintf("empty nom for region %s", *e.Code))
		default:
			d.add(*e.Code, strings.TrimSpace(*e.Nom), line)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("unterminated JSON array: %w", err)
	}
	s := l.snap
	s.regions = make(map[string]widget.Region, len(d.m))
	d.finish(fr, func(k string) string { return "region " + k }, func(code, nom string) {
		s.regions[code] = widget.Region{Code: code, Nom: nom}
	})
	for _, r := range s.regions {
		s.regionList = append(s.regionList, r)
	}
	slices.SortFunc(s.regionList, func(a, b widget.Region) int { return strings.Compare(a.Code, b.Code) })
	return nil
}

// lineCounter turns increasing byte offsets into 1-based line numbers in one pass.
type lineCounter struct {
	text string
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	if c.line == 0 {
		c.line = 1
	}
	off = min(off, len(c.text))
	if off > c.off {
		c.line += strings.Count(c.text[c.off:off], "\n")
		c.off = off
	}
	return c.line
}

// niveaux reads BCN N_NIVEAU_FORMATION_DIPLOME: the 3-character level code → LIBELLE_COURT.
func (l *loader) niveaux(text string, fr *FileReport) error {
	t, col, err := openTable(text, colsNiveaux)
	if err != nil {
		return err
	}
	d := newDedup[string, string](t.lines())
	t.rows(fr, func(line int, f []string) string {
		code, lib := strings.TrimSpace(f[col[0]]), strings.TrimSpace(f[col[1]])
		switch {
		case len(code) != 3 || !isAlnumUpper(code):
			return fmt.Sprintf("bad NIVEAU_FORMATION_DIPLOME %s (3 characters)", quote(code))
		case lib == "":
			return "empty LIBELLE_COURT"
		}
		d.add(code, lib, line)
		return ""
	})
	s := l.snap
	s.niveaux = make(map[string]string, len(d.m))
	d.finish(fr, func(k string) string { return "level " + k }, func(code, lib string) {
		s.niveaux[strings.Clone(code)] = strings.Clone(lib)
	})
	return nil
}

type formation struct {
	libelle string
	niveau  string // NIVEAU_FORMATION_DIPLOME during the load, then the diploma type (see formations)
	court   string // LIBELLE_COURT of the diploma, during the load only
	ferme   string // DATE_FERMETURE as yyyymmdd, "" when open (or the column is absent)
}

// formationSpecs are V_FORMATION_DIPLOME's columns (colsFormations, then the optional closing date).
var formationSpecs = []colSpec{{name: colsFormations[0]}, {name: colsFormations[1]}, {name: colsFormations[2]},
	{name: colsFormations[3]}, {name: "DATE_FERMETURE", optional: true}}

// formations reads BCN V_FORMATION_DIPLOME: CFD → LIBELLE_LONG_200 and the level's short label.
// Only those two strings are kept per CFD.
func (l *loader) formations(text string, fr *FileReport) error {
	t, col, err := openFolded(text, formationSpecs)
	if err != nil {
		return err
	}
	d := newDedup[string, formation](t.lines())
	t.rows(fr, func(line int, f []string) string {
		cfd := strings.TrimSpace(f[col[0]])
		if len(cfd) != 8 || !isAlnumUpper(cfd) {
			return fmt.Sprintf("bad FORMATION_DIPLOME %s (8 characters)", quote(cfd))
		}
		niv := strings.TrimSpace(f[col[1]])
		if niv == "" {
			niv = cfd[:3]
		}
		d.add(cfd, formation{libelle: strings.TrimSpace(f[col[2]]), niveau: niv, court: strings.TrimSpace(f[col[3]]),
			ferme: dateKey(cell(f, col[4]))}, line)
		return ""
	})
	s := l.snap
	s.formations = make(map[string]formation, len(d.m))
	d.finish(fr, func(k string) string { return "CFD " + k }, func(cfd string, v formation) {
		// The diploma's own short label ("MC4", "BTS", "CAPA") is more precise than its level's
		// ("MC"); the level's is the fallback.
		typ := v.court
		if typ == "" {
			typ = s.niveaux[v.niveau]
		}
		s.formations[strings.Clone(cfd)] = formation{libelle: strings.Clone(v.libelle), niveau: strings.Clone(typ), ferme: strings.Clone(v.ferme)}
	})
	return nil
}

// mefRow is what the load keeps of an N_MEF row: the CFD, and what the final-year and famille
// rules need (issue 12), when the file has those columns (a minimal N_MEF has only the first two).
type mefRow struct {
	cfd        string
	mef        string // the 10-digit MEF (N_LIEN_MEF_FAMILLE_METIER's key), "" when absent
	dispositif string // DISPOSITIF_FORMATION, e.g. "247" (2nde, 1re, Tle pro)
	duree      int8   // DUREE_DISPOSITIF in years, 0 when absent or not a small number
	annee      int8   // ANNEE_DISPOSITIF, 1 … duree, 0 when absent
	ferme      string // DATE_FERMETURE as yyyymmdd, "" when open or absent
}

// mefSpecs are N_MEF's columns: MEF_STAT_11 and FORMATION_DIPLOME are needed, the others optional.
var mefSpecs = []colSpec{
	{name: "MEF_STAT_11"}, {name: "FORMATION_DIPLOME"},
	{name: "MEF", optional: true}, {name: "DISPOSITIF_FORMATION", optional: true},
	{name: "DUREE_DISPOSITIF", optional: true}, {name: "ANNEE_DISPOSITIF", optional: true},
	{name: "DATE_FERMETURE", optional: true},
}

// mefs reads BCN N_MEF: MEF_STAT_11 → FORMATION_DIPLOME (CFD), with the MEF, dispositif, duration,
// year and closing date when present. MEF_STAT_11 has 11 digits or upper-case letters (the BCN
// has codes like 23C10023408, which no request can name). A duration or year that is not a digit
// 1–9, or a closing date not written dd/mm/yyyy, is read as absent (the final-year rule then
// leaves the code alone) rather than rejecting the row's CFD.
func (l *loader) mefs(text string, fr *FileReport) error {
	t, col, err := openFolded(text, mefSpecs)
	if err != nil {
		return err
	}
	d := newDedup[string, mefRow](t.lines())
	t.rows(fr, func(line int, f []string) string {
		mef, cfd := strings.TrimSpace(f[col[0]]), strings.TrimSpace(f[col[1]])
		switch {
		case len(mef) != 11 || !isAlnumUpper(mef):
			return fmt.Sprintf("bad MEF_STAT_11 %s (11 characters)", quote(mef))
		case len(cfd) != 8 || !isAlnumUpper(cfd):
			return fmt.Sprintf("bad FORMATION_DIPLOME %s (8 characters)", quote(cfd))
		}
		r := mefRow{cfd: cfd, mef: cell(f, col[2]), dispositif: cell(f, col[3]),
			duree: smallInt(cell(f, col[4])), annee: smallInt(cell(f, col[5])), ferme: dateKey(cell(f, col[6]))}
		if r.annee > r.duree {
			r.duree, r.annee = 0, 0
		}
		d.add(mef, r, line)
		return ""
	})
	s := l.snap
	s.mef = make(map[string]string, len(d.m))
	s.mefInfo = make(map[string]mefRow, len(d.m))
	strs := make(map[string]string) // one string per value
	intern := func(v string) string {
		c, ok := strs[v]
		if !ok {
			c = strings.Clone(v)
			strs[c] = c
		}
		return c
	}
	d.finish(fr, func(k string) string { return "MEF_STAT_11 " + k }, func(mef string, r mefRow) {
		r.cfd, r.dispositif, r.ferme = intern(r.cfd), intern(r.dispositif), intern(r.ferme)
		r.mef = strings.Clone(r.mef)
		m := strings.Clone(mef)
		s.mef[m] = r.cfd
		s.mefInfo[m] = r
	})
	return nil
}

// smallInt reads a one-digit count 1–9 (a duration or a year of a dispositif); 0 otherwise.
func smallInt(s string) int8 {
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		return int8(s[0] - '0')
	}
	return 0
}

// dateKey turns a BCN date dd/mm/yyyy into yyyymmdd, which sorts; "" for anything else.
func dateKey(s string) string {
	if len(s) != 10 || s[2] != '/' || s[5] != '/' || !isDigits(s[:2]) || !isDigits(s[3:5]) || !isDigits(s[6:]) {
		return ""
	}
	return s[6:] + s[3:5] + s[:2]
}

// regKey is the key of a regional row (SPEC §3: the voie is part of every key).
type regKey struct {
	region    string
	voie      widget.Voie
	code      string
	millesime widget.Millesime
}

func (k regKey) String() string {
	return fmt.Sprintf("(%s, %s, %s, %s)", k.region, k.voie, k.code, k.millesime)
}

// regional reads the InserJeunes regional extract. A row is rejected for an unknown voie, a code
// of the wrong shape for its voie (apprentissage: cfd, 8 characters; scolaire: mefstat11, 11
// digits), a bad millésime, a code_region not in the region list, a count that is negative or not
// an integer, or an employment, poursuite or sortant count above nb_annee_term.
func (l *loader) regional(text string, fr *FileReport) error {
	t, col, err := openTable(text, colsRegional)
	if err != nil {
		return err
	}
	s := l.snap
	d := newDedup[regKey, widget.Counts](t.lines())
	t.rows(fr, func(line int, f []string) string {
		k, c, reason := parseRegional(f, col, s.regions)
		if reason == "" {
			d.add(k, c, line)
		}
		return reason
	})
	s.index = make(map[codeKey][]entry, 4096)
	millesimes := map[widget.Millesime]widget.Millesime{}
	codes := map[string]string{} // one copy of each code, detached from the file text
	// The horizons each millésime measures, for SPEC §4 rule 4 at 18 and 24 months (rule 8):
	// known only once every row is read, so rows are normalized after the pass.
	horizons := map[widget.Millesime]widget.Horizons{}
	d.finish(fr, regKey.String, func(k regKey, c widget.Counts) {
		m, ok := millesimes[k.millesime]
		if !ok {
			m = widget.Millesime(strings.Clone(string(k.millesime)))
			millesimes[m] = m
		}
		code, ok := codes[k.code]
		if !ok {
			code = strings.Clone(k.code)
			codes[code] = code
		}
		// A string map key is replaced on every assignment: always use the detached copy.
		ck := codeKey{voie: k.voie, code: code}
		horizons[m] = horizons[m].With(c)
		s.index[ck] = append(s.index[ck], entry{region: s.regions[k.region].Code, millesime: m, counts: pack(c)})
	})
	for ck, list := range s.index {
		for i := range list {
			list[i].counts = pack(list[i].counts.unpack().Normalize(horizons[list[i].millesime]))
		}
		slices.SortFunc(list, func(a, b entry) int {
			if c := strings.Compare(string(a.millesime), string(b.millesime)); c != 0 {
				return c
			}
			return strings.Compare(a.region, b.region)
		})
		s.index[ck] = slices.Clone(list) // exact size
	}
	for m := range millesimes {
		s.millesimes = append(s.millesimes, m)
	}
	slices.Sort(s.millesimes)
	s.rows = fr.Kept
	return nil
}

// parseRegional validates one row of the regional file; reason is "" when it is kept.
func parseRegional(f []string, col []int, regions map[string]widget.Region) (k regKey, c widget.Counts, reason string) {
	m, err := widget.ParseMillesime(f[col[0]])
	if err != nil {
		return k, c, fmt.Sprintf("bad millesime %s", quote(f[col[0]]))
	}
	k.millesime = m
	k.region = strings.TrimSpace(f[col[1]])
	if _, ok := regions[k.region]; !ok {
		return k, c, fmt.Sprintf("unknown code_region %s", quote(k.region))
	}
	switch v := strings.TrimSpace(f[col[2]]); v {
	case string(widget.VoieApprentissage):
		k.voie = widget.VoieApprentissage
		k.code = strings.TrimSpace(f[col[3]])
		if !isCFD(k.code) {
			return k, c, fmt.Sprintf("bad cfd %s for voie apprentissage (8 characters)", quote(k.code))
		}
	case string(widget.VoieScolaire):
		k.voie = widget.VoieScolaire
		k.code = strings.TrimSpace(f[col[4]])
		if !isMEFSTAT11(k.code) {
			return k, c, fmt.Sprintf("bad mefstat11 %s for voie scolaire (11 digits)", quote(k.code))
		}
	default:
		return k, c, fmt.Sprintf("unknown voie %s", quote(v))
	}
	ns := countFields(&c)
	for i, n := range ns {
		v, ok, why := parseCount(f[col[firstCount+i]])
		if why != "" {
			return k, c, colsRegional[firstCount+i] + ": " + why
		}
		*n = widget.N{V: v, Valid: ok}
	}
	if c.NbAnneeTerm.Valid {
		for i, n := range ns[1:] {
			if n.Valid && n.V > c.NbAnneeTerm.V {
				return k, c, fmt.Sprintf("%s %d > nb_annee_term %d", colsRegional[firstCount+1+i], n.V, c.NbAnneeTerm.V)
			}
		}
	}
	return k, c, ""
}

// summarize fills the regional counts of the report.
func (l *loader) summarize() {
	s, r := l.snap, l.rep
	s.mefsByCFD = map[string][]widget.Code{}
	defer func() {
		for _, codes := range s.mefsByCFD {
			slices.SortFunc(codes, func(a, b widget.Code) int { return strings.Compare(a.Value, b.Value) })
		}
	}()
	perM := map[string]int{}
	perR := map[string]int{}
	perV := map[widget.Voie]*VoieCount{}
	for ck, list := range s.index {
		vc := perV[ck.voie]
		if vc == nil {
			vc = &VoieCount{Voie: ck.voie}
			perV[ck.voie] = vc
		}
		vc.Codes++
		vc.Rows += len(list)
		for _, e := range list {
			perM[string(e.millesime)]++
			perR[e.region]++
		}
		cert, ok := s.Certification(codeOf(ck))
		if !ok || cert.Libelle == "" {
			r.SansLibelle = append(r.SansLibelle, string(ck.voie)+" "+ck.code)
		}
		if ok && ck.voie == widget.VoieScolaire {
			s.mefsByCFD[cert.CFD] = append(s.mefsByCFD[cert.CFD], codeOf(ck))
		}
	}
	slices.Sort(r.SansLibelle)
	for _, m := range s.millesimes {
		r.Millesimes = append(r.Millesimes, Count{Key: string(m), N: perM[string(m)]})
	}
	for _, vc := range perV {
		r.Voies = append(r.Voies, *vc)
	}
	slices.SortFunc(r.Voies, func(a, b VoieCount) int { return strings.Compare(string(a.Voie), string(b.Voie)) })
	for _, g := range s.regionList {
		if n := perR[g.Code]; n > 0 {
			r.Regions = append(r.Regions, RegionCount{Code: g.Code, Nom: g.Nom, N: n})
			s.regionCodes = append(s.regionCodes, g.Code)
		} else {
			r.RegionsSansLignes = append(r.RegionsSansLignes, g)
		}
	}
}

func codeOf(ck codeKey) widget.Code {
	if ck.voie == widget.VoieScolaire {
		return widget.Code{Kind: widget.KindMEFSTAT11, Value: ck.code}
	}
	return widget.Code{Kind: widget.KindCFD, Value: ck.code}
}
