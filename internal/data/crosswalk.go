package data

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The crosswalk files (issue 12): optional, read when present like the other optional files. They
// name no figure: they lead a code without figures, or a partner's identifier, to a code with
// figures. Their rejected rows are reported but are no Problems (nomenclature-like files: the real
// upstream exports carry malformed rows, and a rejected crosswalk row can only make a code "no
// data", never show a wrong figure); a truncated crosswalk is caught instead by Inventory, whose
// Identifiants and Liens fall (Inventory.Losses).
const (
	// FileFormationsN is BCN N_FORMATION_DIPLOME (Latin-1): ANCIEN_DIPLOME_1..7 and
	// NOUVEAU_DIPLOME_1..7, the renamed diplomas' links.
	FileFormationsN = "bcn_n_formation_diplome.latin1.csv"
	// FileCertifInfo is the Certif Info table: Code_Diplome (Certif Info id), Code_RNCP, Code_Scolarité
	// (CFD), codeIdeo2 (Onisep FOR id), Code_Ancien_Scolarité (predecessor CFD).
	FileCertifInfo = "certif_info_cfd_rncp_onisep_rome.csv"
	// PatternKit is France compétences' Kit apprentissage: CFD ↔ RNCP with replacing and replaced fiches.
	PatternKit = "kit_apprentissage_cfd_rncp*.csv"
	// PatternOnisep is Onisep's Idéo catalogue of initial trainings: FOR id (in the onisep.fr link) ↔ RNCP.
	PatternOnisep = "onisep_ideo_formations_initiales*.csv"
	// FileFamilles lists each bac pro specialty of a famille de métiers with its common 2nde
	// (MEFSTAT11 and CFD of both).
	FileFamilles = "familles_metiers_2nde_commune_specialites.csv"
	// FileFamillesBCN is BCN N_FAMILLE_METIER_SPEC_PRO: famille code → accented LIBELLE_EDITION.
	FileFamillesBCN = "bcn_n_famille_metier_spec_pro.csv"
	// FileLienMefFamille is BCN N_LIEN_MEF_FAMILLE_METIER: MEF (10 digits) → famille code.
	FileLienMefFamille = "bcn_n_lien_mef_famille_metier.csv"
	// FileDepartements is the ministry's geography: département → académie → INSEE region.
	FileDepartements = "geo_departements_academies_regions.csv"
)

// crosswalkFiles are the crosswalk names and patterns, in load order.
var crosswalkFiles = []string{FileFormationsN, FileCertifInfo, PatternKit, PatternOnisep, FileFamilles,
	FileFamillesBCN, FileLienMefFamille, FileDepartements}

// The sources a continuum link or a partner identifier names.
const (
	SourceBCN        = "BCN N_FORMATION_DIPLOME"
	SourceCertifInfo = "Certif Info"
	SourceKit        = "Kit apprentissage"
	SourceOnisep     = "Onisep Idéo"
)

// crosswalks is what the crosswalk files give; nil maps when their file is absent.
type crosswalks struct {
	bcnLinks  []rawLink         // N_FORMATION_DIPLOME old → new
	ciRows    []ciRow           // Certif Info rows with a CFD
	ciTexts   []ciText          // Certif Info rows with a label or a ROME code, with a CFD or not (issue 13)
	kitRows   []kitRow          // Kit rows with an RNCP fiche
	onisep    map[string]string // FOR id → RNCP digits ("" when none)
	familles  []familleRow      // specialty rows
	famLabels map[string]string // famille code → LIBELLE_EDITION
	mefFam    map[string]string // MEF (10) → famille code
	depts     map[string]string // département (3 chars) → INSEE region
	acads     map[string]string // département (3 chars) → académie code (2 digits)
}

type rawLink struct{ ancien, nouveau, source string }

type ciRow struct{ id, cfd, rncp, onisep, ancien string }

// ciText is what the editors' search reads of a Certif Info row (issue 13): its words and the
// ROME codes (métiers) it leads to. Rows without a CFD count too: their labels name the métiers
// of their ROME codes ("Infirmier" for J1506).
type ciText struct {
	cfd     string   // "" for a certification without a CFD
	libelle string   // Libelle_Diplome
	forma   string   // Libelle_FormaCode
	rome    []string // Code_Rome_1..5 that are ROME codes
}

// romeCode is a ROME 4 code: a domain letter, 2 digits of the domaine professionnel, 2 of the fiche.
var romeCode = regexp.MustCompile(`^[A-N][0-9]{4}$`)

type kitRow struct {
	cfd, rncp          string
	nouvelles, anciens string // '|'-joined RNCP digits
}

type familleRow struct {
	famille, specialite                 string // labels as written
	mefCommun, cfdCommun, mefSpec, cfdS string
}

// crosswalk returns the crosswalk step of an optional file name or pattern, or nil.
func (l *loader) crosswalk(pattern string) func(text string, fr *FileReport) error {
	switch pattern {
	case FileFormationsN:
		return l.formationsN
	case FileCertifInfo:
		return l.certifInfo
	case PatternKit:
		return l.kit
	case PatternOnisep:
		return l.onisepFile
	case FileFamilles:
		return l.famillesFile
	case FileFamillesBCN:
		return l.famillesBCN
	case FileLienMefFamille:
		return l.lienMefFamille
	case FileDepartements:
		return l.departements
	}
	return nil
}

func (l *loader) xw() *crosswalks {
	if l.snap.xw == nil {
		l.snap.xw = &crosswalks{}
	}
	return l.snap.xw
}

// formationsN reads the old/new links of N_FORMATION_DIPLOME. A row is rejected for a bad
// FORMATION_DIPLOME or a link that is not a CFD (8 characters); a row without any link is filtered.
func (l *loader) formationsN(text string, fr *FileReport) error {
	specs := []colSpec{{name: "FORMATION_DIPLOME"}}
	for _, k := range []string{"ANCIEN", "NOUVEAU"} {
		for i := 1; i <= 7; i++ {
			specs = append(specs, colSpec{name: fmt.Sprintf("%s_DIPLOME_%d", k, i), optional: true})
		}
	}
	t, col, err := openFolded(text, specs)
	if err != nil {
		return err
	}
	d := newDedup[rawLink, struct{}](t.lines())
	t.rowsFiltered(fr, func(line int, f []string) (outcome, string) {
		cfd := cell(f, col[0])
		if !isCFD(cfd) {
			return rowRejected, fmt.Sprintf("bad FORMATION_DIPLOME %s (8 characters)", quote(cfd))
		}
		var links []rawLink
		for i, c := range col[1:] {
			v := cell(f, c)
			if v == "" {
				continue
			}
			if !isCFD(v) {
				return rowRejected, fmt.Sprintf("bad %s %s (a CFD: 8 characters)", t.col(c), quote(v))
			}
			if i < 7 {
				links = append(links, rawLink{ancien: v, nouveau: cfd, source: SourceBCN})
			} else {
				links = append(links, rawLink{ancien: cfd, nouveau: v, source: SourceBCN})
			}
		}
		if len(links) == 0 {
			return rowFiltered, ""
		}
		for _, k := range links {
			d.add(k, struct{}{}, line)
		}
		return rowKept, ""
	})
	x := l.xw()
	// A link listed on both diplomas' rows is one link: duplicates are expected, not rejected.
	for k := range d.m {
		x.bcnLinks = append(x.bcnLinks, rawLink{strings.Clone(k.ancien), strings.Clone(k.nouveau), k.source})
	}
	fr.Kept = fr.Read - len(fr.Rejets) - fr.Filtered
	return nil
}

// certifInfo reads the Certif Info table. A row is rejected for a Code_Diplome that is not digits,
// a Code_Scolarité or Code_Ancien_Scolarité that is not a CFD, or a Code_RNCP that is not digits
// (RNCP prefix accepted); a row without Code_Scolarité (a certification outside the Education
// nationale) is filtered. A codeIdeo2 other than FOR.<digits> (Idéo also has TYPDISP.… objects)
// is not an Onisep formation and is ignored.
func (l *loader) certifInfo(text string, fr *FileReport) error {
	specs := []colSpec{{name: "Code_Diplome"}, {name: "Code_Scolarité"},
		{name: "Code_RNCP"}, {name: "codeIdeo2"}, {name: "Code_Ancien_Scolarité"},
		{name: "Libelle_Diplome", optional: true}, {name: "Libelle_FormaCode", optional: true}}
	for i := 1; i <= 5; i++ {
		specs = append(specs, colSpec{name: fmt.Sprintf("Code_Rome_%d", i), optional: true})
	}
	t, col, err := openFolded(text, specs)
	if err != nil {
		return err
	}
	d := newDedup[ciRow, struct{}](t.lines())
	x := l.xw()
	t.rowsFiltered(fr, func(line int, f []string) (outcome, string) {
		r := ciRow{id: cell(f, col[0]), cfd: cell(f, col[1]), onisep: cell(f, col[3]), ancien: cell(f, col[4])}
		if isDigits(r.id) && len(r.id) <= 9 && (r.cfd == "" || isCFD(r.cfd)) {
			ct := ciText{cfd: strings.Clone(r.cfd), libelle: strings.Clone(cell(f, col[5])), forma: strings.Clone(cell(f, col[6]))}
			for _, c := range col[7:] {
				if v := cell(f, c); romeCode.MatchString(v) && !slices.Contains(ct.rome, v) {
					ct.rome = append(ct.rome, strings.Clone(v))
				}
			}
			if ct.libelle != "" || ct.forma != "" || len(ct.rome) > 0 {
				x.ciTexts = append(x.ciTexts, ct)
			}
		}
		switch {
		case !isDigits(r.id) || len(r.id) > 9:
			return rowRejected, fmt.Sprintf("bad Code_Diplome %s (digits)", quote(r.id))
		case r.cfd == "":
			return rowFiltered, ""
		case !isCFD(r.cfd):
			return rowRejected, fmt.Sprintf("bad Code_Scolarité %s (a CFD: 8 characters)", quote(r.cfd))
		case r.ancien != "" && !isCFD(r.ancien):
			return rowRejected, fmt.Sprintf("bad Code_Ancien_Scolarité %s (a CFD: 8 characters)", quote(r.ancien))
		}
		rncp, ok := parseRNCP(cell(f, col[2]))
		if !ok {
			return rowRejected, fmt.Sprintf("bad Code_RNCP %s (digits)", quote(cell(f, col[2])))
		}
		r.rncp = rncp
		if !onisepID.MatchString(r.onisep) {
			r.onisep = ""
		}
		d.add(r, struct{}{}, line)
		return rowKept, ""
	})
	d.finish(fr, func(r ciRow) string { return "Certif Info row " + r.id }, func(r ciRow, _ struct{}) {
		x.ciRows = append(x.ciRows, ciRow{strings.Clone(r.id), strings.Clone(r.cfd), strings.Clone(r.rncp), strings.Clone(r.onisep), strings.Clone(r.ancien)})
	})
	slices.SortFunc(x.ciRows, func(a, b ciRow) int { return strings.Compare(a.id+a.cfd+a.rncp, b.id+b.cfd+b.rncp) })
	return nil
}

var onisepID = regexp.MustCompile(`^FOR\.[1-9][0-9]{0,6}$`)

// parseRNCP reads an RNCP cell: "", "NR" (none) or digits, optionally prefixed RNCP; the result
// is the digits without leading zeros ("" for none). ok is false for anything else.
func parseRNCP(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "NR" {
		return "", true
	}
	s = strings.TrimPrefix(strings.ToUpper(s), "RNCP")
	if !isDigits(s) || len(s) > 7 {
		return "", false
	}
	s = strings.TrimLeft(s, "0")
	return s, s != ""
}

// parseRNCPList reads a '|'-separated list of RNCP codes ("RNCP39523|RNCP39522"), "" or "NR"
// for none; the result is the digits joined by '|', sorted.
func parseRNCPList(s string) (string, bool) {
	if strings.TrimSpace(s) == "" || strings.TrimSpace(s) == "NR" {
		return "", true
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		r, ok := parseRNCP(p)
		if !ok || r == "" {
			return "", false
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "|"), true
}

// kit reads the Kit apprentissage. Its rows drop their empty trailing cells (accepted). A row is
// rejected for a bad CFD or RNCP cell; a row whose FicheRNCP is NR (no fiche) is filtered.
func (l *loader) kit(text string, fr *FileReport) error {
	t, col, err := openFoldedTable(&table{rest: text, short: true, quoted: true}, []colSpec{{name: "Code Diplôme"}, {name: "FicheRNCP"},
		{name: "Nouvelle Certification rempla (RNCP)", optional: true}, {name: "Ancienne Certification (RNCP)", optional: true}})
	if err != nil {
		return err
	}
	d := newDedup[kitRow, struct{}](t.lines())
	t.rowsFiltered(fr, func(line int, f []string) (outcome, string) {
		r := kitRow{cfd: cell(f, col[0])}
		if !isCFD(r.cfd) {
			return rowRejected, fmt.Sprintf("bad Code Diplôme %s (a CFD: 8 characters)", quote(r.cfd))
		}
		var ok bool
		if r.rncp, ok = parseRNCP(cell(f, col[1])); !ok {
			return rowRejected, fmt.Sprintf("bad FicheRNCP %s (RNCP and digits, or NR)", quote(cell(f, col[1])))
		}
		if r.rncp == "" {
			return rowFiltered, ""
		}
		for i, p := range []*string{&r.nouvelles, &r.anciens} {
			v := cell(f, col[2+i])
			if *p, ok = parseRNCPList(v); !ok {
				return rowRejected, fmt.Sprintf("bad %s %s (RNCP codes separated by |, or NR)", t.col(col[2+i]), quote(v))
			}
		}
		d.add(r, struct{}{}, line)
		return rowKept, ""
	})
	x := l.xw()
	d.finish(fr, func(r kitRow) string { return "Kit row (" + r.cfd + ", RNCP" + r.rncp + ")" }, func(r kitRow, _ struct{}) {
		x.kitRows = append(x.kitRows, kitRow{strings.Clone(r.cfd), strings.Clone(r.rncp), strings.Clone(r.nouvelles), strings.Clone(r.anciens)})
	})
	slices.SortFunc(x.kitRows, func(a, b kitRow) int { return strings.Compare(a.cfd+a.rncp, b.cfd+b.rncp) })
	return nil
}

// onisepFile reads Onisep's Idéo catalogue (quoted fields): the FOR id is the last segment of
// the "lien site onisep.fr" URL, with the "code RNCP". A row is rejected for a link without a FOR
// id, or an RNCP that is not digits; two rows of one FOR id with different RNCP are both rejected.
func (l *loader) onisepFile(text string, fr *FileReport) error {
	t, col, err := openFoldedTable(&table{rest: text, quoted: true}, []colSpec{{name: "lien site onisep.fr"}, {name: "code RNCP"}})
	if err != nil {
		return err
	}
	d := newDedup[string, string](t.lines())
	t.rows(fr, func(line int, f []string) string {
		link := cell(f, col[0])
		id := link[strings.LastIndexByte(link, '/')+1:]
		if !onisepID.MatchString(id) {
			return fmt.Sprintf("no FOR id in lien site onisep.fr %s", quote(link))
		}
		rncp, ok := parseRNCP(cell(f, col[1]))
		if !ok {
			return fmt.Sprintf("bad code RNCP %s (digits)", quote(cell(f, col[1])))
		}
		d.add(id, rncp, line)
		return ""
	})
	x := l.xw()
	x.onisep = make(map[string]string, len(d.m))
	d.finish(fr, func(k string) string { return "Onisep formation " + k }, func(id, rncp string) {
		x.onisep[strings.Clone(id)] = strings.Clone(rncp)
	})
	return nil
}

// famillesFile reads the specialties of each famille de métiers with their common 2nde. A row is
// rejected for a MEFSTAT11 that is not 11 digits or a CFD that is not 8 characters.
func (l *loader) famillesFile(text string, fr *FileReport) error {
	t, col, err := openFolded(text, []colSpec{{name: "FAMILLE"}, {name: "SPECIALITE"}, {name: "MEFSTAT11_COMMUN"},
		{name: "CFD_COMMUN"}, {name: "MEFSTAT11_SPECIALITE"}, {name: "CFD_SPECIALITE"}})
	if err != nil {
		return err
	}
	d := newDedup[[2]string, familleRow](t.lines())
	t.rows(fr, func(line int, f []string) string {
		r := familleRow{famille: cell(f, col[0]), specialite: cell(f, col[1]), mefCommun: cell(f, col[2]),
			cfdCommun: cell(f, col[3]), mefSpec: cell(f, col[4]), cfdS: cell(f, col[5])}
		for i, v := range []string{r.mefCommun, r.mefSpec} {
			if !isMEFSTAT11(v) {
				return fmt.Sprintf("bad %s %s (11 digits)", t.col(col[2+2*i]), quote(v))
			}
		}
		for i, v := range []string{r.cfdCommun, r.cfdS} {
			if !isCFD(v) {
				return fmt.Sprintf("bad %s %s (8 characters)", t.col(col[3+2*i]), quote(v))
			}
		}
		d.add([2]string{r.mefCommun, r.mefSpec}, r, line)
		return ""
	})
	x := l.xw()
	d.finish(fr, func(k [2]string) string { return "famille row (" + k[0] + ", " + k[1] + ")" }, func(_ [2]string, r familleRow) {
		x.familles = append(x.familles, familleRow{strings.Clone(r.famille), strings.Clone(r.specialite), strings.Clone(r.mefCommun),
			strings.Clone(r.cfdCommun), strings.Clone(r.mefSpec), strings.Clone(r.cfdS)})
	})
	slices.SortFunc(x.familles, func(a, b familleRow) int { return strings.Compare(a.mefCommun+a.mefSpec, b.mefCommun+b.mefSpec) })
	return nil
}

// famillesBCN reads the BCN famille codes and their accented labels (LIBELLE_EDITION, else
// LIBELLE_LONG). A row is rejected for an empty code or label.
func (l *loader) famillesBCN(text string, fr *FileReport) error {
	t, col, err := openFolded(text, []colSpec{{name: "FAMILLE_METIER"}, {name: "LIBELLE_EDITION", optional: true}, {name: "LIBELLE_LONG"}})
	if err != nil {
		return err
	}
	d := newDedup[string, string](t.lines())
	t.rows(fr, func(line int, f []string) string {
		code, lib := cell(f, col[0]), cell(f, col[1])
		if lib == "" {
			lib = cell(f, col[2])
		}
		switch {
		case code == "" || len(code) > 16:
			return fmt.Sprintf("bad FAMILLE_METIER %s", quote(code))
		case lib == "":
			return "empty LIBELLE_EDITION and LIBELLE_LONG"
		}
		d.add(code, lib, line)
		return ""
	})
	x := l.xw()
	x.famLabels = make(map[string]string, len(d.m))
	d.finish(fr, func(k string) string { return "famille " + k }, func(code, lib string) {
		x.famLabels[strings.Clone(code)] = strings.Clone(lib)
	})
	return nil
}

// lienMefFamille reads MEF (10 digits) → famille code. A row is rejected for a MEF that is not
// 10 digits or an empty famille.
func (l *loader) lienMefFamille(text string, fr *FileReport) error {
	t, col, err := openFolded(text, []colSpec{{name: "FAMILLE_METIER"}, {name: "MEF"}})
	if err != nil {
		return err
	}
	d := newDedup[string, string](t.lines())
	t.rows(fr, func(line int, f []string) string {
		fam, mef := cell(f, col[0]), cell(f, col[1])
		switch {
		case len(mef) != 10 || !isDigits(mef):
			return fmt.Sprintf("bad MEF %s (10 digits)", quote(mef))
		case fam == "" || len(fam) > 16:
			return fmt.Sprintf("bad FAMILLE_METIER %s", quote(fam))
		}
		d.add(mef, fam, line)
		return ""
	})
	x := l.xw()
	x.mefFam = make(map[string]string, len(d.m))
	d.finish(fr, func(k string) string { return "MEF " + k }, func(mef, fam string) {
		x.mefFam[strings.Clone(mef)] = strings.Clone(fam)
	})
	return nil
}

// departements reads département → INSEE region. Rows without a département (académies of no
// département) and rows of region 99 or 00 (abroad, special académies, Saint-Pierre-et-Miquelon)
// are filtered; a row is rejected for a département that is not 3 characters or a region that is
// not in the region list.
func (l *loader) departements(text string, fr *FileReport) error {
	t, col, err := openFolded(text, []colSpec{{name: "codeDepartement"}, {name: "codeRegion"}, {name: "codeAcademie", optional: true}})
	if err != nil {
		return err
	}
	d := newDedup[string, string](t.lines())
	acads := map[string]string{}
	t.rowsFiltered(fr, func(line int, f []string) (outcome, string) {
		dep, reg := strings.ToUpper(cell(f, col[0])), cell(f, col[1])
		switch {
		case dep == "" || reg == "99" || reg == "00":
			return rowFiltered, ""
		case len(dep) != 3 || !isAlnumUpper(dep):
			return rowRejected, fmt.Sprintf("bad codeDepartement %s (3 characters)", quote(dep))
		}
		if _, ok := l.snap.regions[reg]; !ok {
			return rowRejected, fmt.Sprintf("unknown codeRegion %s", quote(reg))
		}
		d.add(dep, reg, line)
		if a := cell(f, col[2]); col[2] >= 0 && len(a) == 2 && isDigits(a) {
			acads[dep] = a // the académie is read where it is well formed (the predecessor's academies filter)
		}
		return rowKept, ""
	})
	x := l.xw()
	x.acads = acads
	x.depts = make(map[string]string, len(d.m))
	d.finish(fr, func(k string) string { return "département " + k }, func(dep, reg string) {
		x.depts[strings.Clone(dep)] = l.snap.regions[reg].Code
	})
	return nil
}
