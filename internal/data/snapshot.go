package data

import (
	"slices"
	"time"

	"github.com/ijwidgets/ijwidgets/widget"
)

var _ widget.Source = (*Snapshot)(nil)

// codeKey is a certification code with the voie whose data it keys.
type codeKey struct {
	voie widget.Voie
	code string
}

// entry is one kept regional row.
type entry struct {
	region    string
	millesime widget.Millesime
	counts    packed // normalized (SPEC §4 rule 4)
}

// packed stores widget.Counts in 28 bytes instead of 112: each count in the order of countFields,
// -1 when missing (counts are bounded by maxCount, so they fit).
type packed [7]int32

func pack(c widget.Counts) packed {
	var p packed
	for i, n := range countFields(&c) {
		p[i] = -1
		if n.Valid {
			p[i] = int32(n.V)
		}
	}
	return p
}

func (p packed) unpack() widget.Counts {
	var c widget.Counts
	for i, n := range countFields(&c) {
		if p[i] >= 0 {
			*n = widget.Some(int(p[i]))
		}
	}
	return c
}

// Snapshot is one loaded dataset. It never changes after the load and is safe for concurrent use;
// a reload builds a new Snapshot (SPEC §3). It implements widget.Source.
type Snapshot struct {
	version  string
	loadedAt time.Time
	demo     bool
	rows     int

	regions     map[string]widget.Region // INSEE code → region
	regionList  []widget.Region          // by code
	regionCodes []string                 // codes having regional rows, sorted
	niveaux     map[string]string        // level code → LIBELLE_COURT
	formations  map[string]formation     // CFD → label and diploma type
	mef         map[string]string        // MEFSTAT11 → CFD
	mefInfo     map[string]mefRow        // MEFSTAT11 → its N_MEF row (CFD, dispositif, duration, year)
	mefsByCFD   map[string][]widget.Code // CFD → its MEFSTAT11 codes that have regional rows

	index      map[codeKey][]entry // by millésime, then region
	millesimes []widget.Millesime  // oldest first

	// Optional data (nil maps when its files are absent).
	etablissements  map[string][]EtablissementRow // UAI → rows by millésime, then voie
	formationsFines map[string][]FormationRow     // UAI → rows by voie, code, millésime
	insersup        map[string][]InserSupRow      // SISE code → rows by millésime
	xw              *crosswalks                   // the crosswalk files as read (nil when none)
	res             *resolver                     // built from xw and the BCN (issue 12)
	partsMs         partsMillesimes               // millésimes of the establishment files, on first use
	supMs           supMillesimes                 // millésimes of the InserSup export, on first use
	keys            listKeys                      // the data API's keys per scope, on first use
}

// Version returns a short stable hash of the input files, required and optional found (the
// first 12 hex digits of a sha256 over their names and bytes): the same files give the same version.
func (s *Snapshot) Version() string { return s.version }

// LoadedAt returns when the load finished.
func (s *Snapshot) LoadedAt() time.Time { return s.loadedAt }

// Rows returns the number of regional rows kept.
func (s *Snapshot) Rows() int { return s.rows }

// Demo reports whether this is the embedded demonstration dataset (LoadDemo).
func (s *Snapshot) Demo() bool { return s.demo }

// Certification looks a code up in the BCN. A CFD is read from V_FORMATION_DIPLOME; a MEFSTAT11
// is mapped to its CFD through N_MEF, then read the same way. Libelle is LIBELLE_LONG_200 and
// TypeDiplome the LIBELLE_COURT of the CFD's level (N_NIVEAU_FORMATION_DIPLOME), "" when unknown.
// LibelleAffiche is the display label (accented, cased: internal/data/labels, issue 12).
// ok is false for a SISE code and for a code the BCN does not know. A MEFSTAT11 whose CFD is not
// in V_FORMATION_DIPLOME is known (ok) with its CFD, no label and the type of the CFD's first 3
// characters.
func (s *Snapshot) Certification(c widget.Code) (widget.Certification, bool) {
	cert := widget.Certification{Code: c}
	switch c.Kind {
	case widget.KindCFD:
		f, ok := s.formations[c.Value]
		if !ok {
			return cert, false
		}
		cert.CFD, cert.Libelle, cert.TypeDiplome = c.Value, f.libelle, f.niveau
		cert.LibelleAffiche = s.displayLabel(c.Value)
		return cert, true
	case widget.KindMEFSTAT11:
		cfd, ok := s.mef[c.Value]
		if !ok {
			return cert, false
		}
		cert.CFD = cfd
		if f, ok := s.formations[cfd]; ok {
			cert.Libelle, cert.TypeDiplome = f.libelle, f.niveau
			cert.LibelleAffiche = s.displayLabel(cfd)
		} else {
			cert.TypeDiplome = s.niveaux[cfd[:3]]
		}
		return cert, true
	case widget.KindSISE:
		rows := s.insersup[c.Value]
		if len(rows) == 0 {
			return cert, false
		}
		last := rows[len(rows)-1]
		cert.Libelle, cert.TypeDiplome = last.Libelle, last.TypeDiplome
		return cert, true
	}
	return cert, false
}

// Region looks up an INSEE region code in the region list (codes "01"…"94" and the 3-digit
// overseas collectivities). ok is false for any other string, e.g. "10" or "1".
func (s *Snapshot) Region(code string) (widget.Region, bool) {
	r, ok := s.regions[code]
	return r, ok
}

// Regions returns the whole region list, by code.
func (s *Snapshot) Regions() []widget.Region { return slices.Clone(s.regionList) }

// RegionCodes returns the sorted INSEE codes of the regions having at least one regional row
// (17 on the real data: Mayotte has none).
func (s *Snapshot) RegionCodes() []string { return slices.Clone(s.regionCodes) }

// Cohortes returns the normalized counts of every millésime of the code's voie, oldest first.
// ScopeRegion: the rows of (region, c.Voie(), c.Value). ScopeCertification (France; region is
// ignored): for each millésime, widget.SumRegions over the rows of every region having one (SPEC
// §4 rule 6: the sum of the regions whose outcome counts are published, the learners of the others
// in Cohorte.Exclus). It returns nil when there is none, for a SISE code and for any other scope.
// The result is a new slice on each call.
func (s *Snapshot) Cohortes(scope widget.Scope, region string, c widget.Code) []widget.Cohorte {
	if c.Kind == widget.KindSISE {
		return s.cohortesSup(scope, c)
	}
	list := s.index[codeKey{voie: c.Voie(), code: c.Value}]
	if len(list) == 0 {
		return nil
	}
	var out []widget.Cohorte
	switch scope {
	case widget.ScopeRegion:
		n := 0
		for _, e := range list {
			if e.region == region {
				n++
			}
		}
		if n == 0 {
			return nil
		}
		out = make([]widget.Cohorte, 0, n) // one allocation (issue 11 item 5)
		for _, e := range list {
			if e.region == region {
				out = append(out, widget.Cohorte{Millesime: e.millesime, Counts: e.counts.unpack()})
			}
		}
	case widget.ScopeCertification:
		n := 1 // millésimes: list is sorted by millésime
		for i := 1; i < len(list); i++ {
			if list[i].millesime != list[i-1].millesime {
				n++
			}
		}
		out = make([]widget.Cohorte, 0, n)
		var buf [32]widget.Counts
		for i := 0; i < len(list); {
			j := i + 1
			for j < len(list) && list[j].millesime == list[i].millesime {
				j++
			}
			regional := buf[:0]
			for _, e := range list[i:j] {
				regional = append(regional, e.counts.unpack())
			}
			sum, exclus := widget.SumRegions(regional)
			out = append(out, widget.Cohorte{Millesime: list[i].millesime, Counts: sum, Exclus: exclus})
			i = j
		}
	}
	return out
}

// Millesimes returns every millésime of the regional file, oldest first, for ScopeRegion and
// ScopeCertification alike (nil for any other scope). The result is a new slice on each call.
func (s *Snapshot) Millesimes(scope widget.Scope) []widget.Millesime {
	if scope != widget.ScopeRegion && scope != widget.ScopeCertification {
		return nil
	}
	return slices.Clone(s.millesimes)
}
