package widget

// Certification is what the nomenclatures (BCN) say of a certification code.
type Certification struct {
	Code    Code   // the code as asked
	CFD     string // the CFD it maps to (itself for a CFD; through BCN N_MEF for a MEFSTAT11)
	Libelle string // BCN LIBELLE_LONG_200 as published, e.g. "COMMUNICATION (BTS)"
	// LibelleAffiche is the label to display, accented and cased (issue 12 item 6), e.g.
	// "Maintenance des véhicules option C motocycles (Bac pro)"; "" when the source has none
	// (then display SentenceCase(Libelle)).
	LibelleAffiche string
	TypeDiplome    string // BCN level short label, e.g. "BTS", "CAP", "BAC PRO"; "" when unknown
}

// Region is an INSEE region (SPEC §2).
type Region struct {
	Code string `json:"code"` // INSEE code, e.g. "11"
	Nom  string `json:"nom"`  // e.g. "Île-de-France"
}

// Cohorte is the counts of one millésime of one key.
type Cohorte struct {
	Millesime Millesime
	Counts    Counts // normalized (SPEC §4 rule 4 applied)
	// Salaire12Mois are the salary quartiles 12 months after graduating (InserSup), when published.
	Salaire12Mois Quartiles
	// Exclus is, for a national sum, the learners of regions whose outcome counts are not
	// published (small groups) and who are therefore left out of Counts (see SumRegions).
	Exclus int
}

// Source answers the look-ups of one immutable data snapshot. Implementations must be safe for
// concurrent use and must not change their answers during their lifetime (a reload is a new Source).
type Source interface {
	// Certification looks a code up in the nomenclatures; ok is false for a code they do not know.
	Certification(c Code) (cert Certification, ok bool)
	// Region looks up an INSEE region code; ok is false for a code that is not an INSEE region.
	Region(code string) (r Region, ok bool)
	// Cohortes returns the counts of every millésime for the code's voie in the scope (region ""
	// for France: sums of the regional counts, SPEC §4 rule 6), oldest first; none is nil.
	Cohortes(scope Scope, region string, c Code) []Cohorte
	// CodesCFD returns the codes of a voie that the data has rows for and whose CFD is cfd: the
	// CFD itself for apprentissage, its MEFSTAT11 codes for the voie scolaire (SPEC §4 rule 7).
	CodesCFD(cfd string, voie Voie) []Code
	// Millesimes returns the millésimes of the dataset for the scope, oldest first (SPEC §5: the
	// default is the newest).
	Millesimes(scope Scope) []Millesime
	// Demo is true for the embedded demonstration dataset (every widget then says so).
	Demo() bool
}

// Quartiles are published net monthly salaries in € (InserSup).
type Quartiles struct {
	Q1      N `json:"q1,omitempty"`
	Mediane N `json:"mediane,omitempty"`
	Q3      N `json:"q3,omitempty"`
}

// SupSource is implemented by sources with InserSup data: the millésimes of that dataset, oldest
// first (SPEC §5: SISE codes default to its newest).
type SupSource interface {
	MillesimesInserSup() []Millesime
}
