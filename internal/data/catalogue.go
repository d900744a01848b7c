package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ijwidgets/ijwidgets/widget"
)

// The partner catalogue formats ReadCatalogue recognises by their header (issue 12 item 7).
const (
	// CatalogueAffelnet is the Affelnet offer: Etablissement d'accueil (UAI), MEF STAT 11 (entry
	// year), Statut Offre de formation (ST scolaire, AP apprentissage).
	CatalogueAffelnet = "affelnet"
	// CatalogueParcoursup is the Parcoursup offer: UAI, MEFSTAT11, CFD, STATUT (Scolaire or
	// Apprentissage), LIBELLÉFORMATION.
	CatalogueParcoursup = "parcoursup"
)

// CatalogueLine is one training a partner lists: an establishment and the code the partner has for
// it, in the voie it is taught in. Code is the MEFSTAT11 of a voie scolaire line; for an
// apprentissage line, the CFD (Parcoursup) or the MEFSTAT11 whose CFD keys the figures (Affelnet:
// Voie says which is read).
type CatalogueLine struct {
	Line    int
	UAI     string
	Code    widget.Code
	Voie    widget.Voie
	Libelle string // the partner's label, when it has one
}

// Catalogue is a partner catalogue as read.
type Catalogue struct {
	Format string // CatalogueAffelnet or CatalogueParcoursup
	Lines  []CatalogueLine
	Report FileReport
}

// ReadCatalogue reads a partner catalogue in one of the shipped formats, recognised by its header.
// A header of neither format is an error; a bad row (a UAI that is not 8 characters, a code of
// the wrong shape, an unknown status) is rejected and reported like the loaders' rows.
func ReadCatalogue(file string) (*Catalogue, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	return ParseCatalogue(filepath.Base(file), file, b)
}

// ParseCatalogue is ReadCatalogue on the bytes of a file; name and path name it in the report.
func ParseCatalogue(name, path string, b []byte) (*Catalogue, error) {
	text, enc := decode(b)
	c := &Catalogue{Report: FileReport{Name: name, Path: path, Encoding: enc, Bytes: len(b), CRLF: strings.Contains(text, "\r\n")}}
	fr := &c.Report
	aff := []colSpec{{name: "Etablissement d'accueil"}, {name: "MEF STAT 11"}, {name: "Statut Offre de formation"}}
	psup := []colSpec{{name: "UAI"}, {name: "MEFSTAT11"}, {name: "CFD"}, {name: "STATUT"}, {name: "LIBELLÉFORMATION", optional: true}}
	t, col, err := openFolded(text, aff)
	if err == nil {
		c.Format = CatalogueAffelnet
		t.rows(fr, func(line int, f []string) string {
			l := CatalogueLine{Line: line, UAI: normUAI(cell(f, col[0]))}
			mef := cell(f, col[1])
			switch st := cell(f, col[2]); {
			case !isUAI(l.UAI):
				return fmt.Sprintf("bad Etablissement d'accueil %s (a UAI: 7 digits and a letter)", quote(l.UAI))
			case !isMEFSTAT11(mef):
				return fmt.Sprintf("bad MEF STAT 11 %s (11 digits)", quote(mef))
			case st == "ST":
				l.Voie = widget.VoieScolaire
			case st == "AP":
				l.Voie = widget.VoieApprentissage
			default:
				return fmt.Sprintf("bad Statut Offre de formation %s (ST or AP)", quote(st))
			}
			l.Code = mefCode(mef)
			c.Lines = append(c.Lines, l)
			return ""
		})
	} else if t, col, err = openFolded(text, psup); err == nil {
		c.Format = CatalogueParcoursup
		t.rows(fr, func(line int, f []string) string {
			l := CatalogueLine{Line: line, UAI: normUAI(cell(f, col[0])), Libelle: strings.Clone(cell(f, col[4]))}
			mef, cfd := cell(f, col[1]), cell(f, col[2])
			switch st := cell(f, col[3]); {
			case !isUAI(l.UAI):
				return fmt.Sprintf("bad UAI %s (7 digits and a letter)", quote(l.UAI))
			case st == "Scolaire":
				if !isMEFSTAT11(mef) {
					return fmt.Sprintf("bad MEFSTAT11 %s (11 digits)", quote(mef))
				}
				l.Voie, l.Code = widget.VoieScolaire, mefCode(mef)
			case st == "Apprentissage":
				if !isCFD(cfd) {
					return fmt.Sprintf("bad CFD %s (8 characters)", quote(cfd))
				}
				l.Voie, l.Code = widget.VoieApprentissage, cfdCode(cfd)
			default:
				return fmt.Sprintf("bad STATUT %s (Scolaire or Apprentissage)", quote(st))
			}
			l.Code.Value = strings.Clone(l.Code.Value)
			c.Lines = append(c.Lines, l)
			return ""
		})
	} else {
		return nil, errors.New("catalogue " + name + ": neither an Affelnet offer (Etablissement d'accueil, MEF STAT 11, Statut Offre de formation) nor a Parcoursup offer (UAI, MEFSTAT11, CFD, STATUT)")
	}
	for i := range c.Lines {
		c.Lines[i].UAI = strings.Clone(c.Lines[i].UAI)
		c.Lines[i].Code.Value = strings.Clone(c.Lines[i].Code.Value)
	}
	fr.Kept = fr.Read - len(fr.Rejets)
	return c, nil
}

// isUAI is the shape of a UAI: 7 digits or letters (Corse: 620…, 720…) then a letter.
func isUAI(s string) bool {
	return len(s) == 8 && isAlnumUpper(s[:7]) && s[7] >= 'A' && s[7] <= 'Z'
}
