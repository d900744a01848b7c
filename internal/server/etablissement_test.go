package server

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/themes"
)

// fullDataServer serves the real files (linked, not copied) plus the hand-written per-formation
// and InserSup exports of internal/data/testdata, as a deployment with every export would.
func fullDataServer(t *testing.T) *Server {
	t.Helper()
	real := realdata.RealDir(t)
	dir := t.TempDir()
	for _, name := range append(data.Files(), data.FileEtablissementsCFA, data.FileEtablissementsLyceePro) {
		if err := os.Symlink(filepath.Join(real, name), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"formations/fr-en-inserjeunes-lycee_pro-formation-fine.csv", "formations/fr-en-inserjeunes-cfa-formation-fine.csv", "insersup/fr-esr-insersup.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "data", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _ := config.Load(nil, "")
	th, _, _ := themes.Load("")
	st := store.New(0, true)
	if _, err := st.Load(dir); err != nil {
		t.Fatal(err)
	}
	srv, err := New(cfg, st, th, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func TestEtablissementsFormationsInserSup(t *testing.T) {
	s := fullDataServer(t)
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/widgets/etablissements/0010001W.json", 200, []string{`"scope":"etablissement"`, `"etablissement":{"uai":"0010001W","nom":"Lycée professionnel Alexandre Bérard - Lycée des métiers de l'énergie et de l'habitat"}`,
			`"filiere":"scolaire"`, `"millesime":"2022_2023"`, `"taux_en_emploi_6_mois":23,"taux_en_formation":54,"taux_autres_6_mois":23`, `"effectifs_publies":false`, `"region":{"code":"84"`}},
		{"/widgets/etablissements/0632047h.json", 200, []string{`"filiere":"apprentissage"`, `"millesime":"2023_2024"`, `"taux_en_emploi_6_mois":54,"taux_en_formation":13,"taux_autres_6_mois":33`,
			`"nom":"Chambre de Commerce et d'Industrie du Puy-De-Dôme"`}},
		{"/widgets/etablissements/0010001W?audience=accompagnateur", 200, []string{"les effectifs ne sont pas publiés", "23\u202f%"}},
		{"/widgets/etablissements/9999999X.json", 404, []string{`"state":"etablissement_inconnu"`}},
		{"/widgets/etablissements/999.json", 400, []string{`"param":"uai"`}},
		{"/widgets/formations/0751234J/23220034307.json?millesime=2022_2023", 200, []string{`"scope":"formation"`, `"taux_en_emploi_6_mois":5,"taux_en_formation":58,"taux_autres_6_mois":37`}},
		// A pair the per-formation export lacks: its region's figures, said so (issue 12 item 5).
		{"/widgets/formations/0751234J/40025216.json?audience=lycee", 200, []string{`"state":"ok"`, `"scope":"region"`, `"region":{"code":"11","nom":"Île-de-France"}`,
			`"notice":"Chiffres de la région pour cette formation ; pas de chiffres publiés pour cet établissement."`}},
		{"/widgets/formations/0751234J/32032002.json", 200, []string{`"filiere":"apprentissage"`, `"nom":"Centre d'Apprentissage de l'Élysée"`}},
		{"/widgets/formations/0010001W/23220034307.json", 200, []string{`"scope":"region"`, `"nom":"Lycée professionnel Alexandre Bérard`}},
		{"/widgets/formations/9999999X/23220034307.json", 404, []string{`"state":"etablissement_inconnu"`}},
		{"/widgets/formations/0751234J/23220034307,40025216.json", 400, []string{`"param":"code"`}},
		{"/widgets/certifications/SISE:2500200.json?millesime=2020_2021", 200, []string{`"filiere":"superieur"`, `"audience":"superieur"`, `"nb_annee_term":672`,
			`"taux_en_emploi_6_mois":26,"taux_en_formation":31,"taux_autres_6_mois":43,"taux_en_emploi_12_mois":40,"taux_en_emploi_18_mois":40,"taux_en_emploi_24_mois":44`,
			`"salaire_12_mois":{"q1":1850,"mediane":2100,"q3":2600}`}},
		{"/widgets/certifications/SISE:2500200?millesime=2020_2021", 200, []string{"Salaire net médian à 12 mois", "2\u202f100\u00a0€", "diplômés", "24 mois après : 44\u202f%"}},
		{"/widgets/certifications/SISE:2500200.json", 404, []string{`"state":"pas_de_donnees"`, `"millesimes_disponibles":["2020_2021","2021_2022"]`}},
		{"/widgets/regions/11/certifications/SISE:2500200.json", 404, []string{`"state":"pas_de_donnees"`}},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.path)
		body := rec.Body.String()
		if rec.Code != tt.status {
			t.Errorf("%s: %d, want %d: %.300s", tt.path, rec.Code, tt.status, body)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s: %.600s", tt.path, w, body)
			}
		}
	}
	for _, a := range audiences {
		for _, p := range []string{"/widgets/etablissements/0010001W", "/widgets/etablissements/0010001W.svg", "/widgets/etablissements/0632047H.svg?layout=horizontal",
			"/widgets/formations/0751234J/23220034307"} {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			if rec := get(t, s, p+sep+"audience="+a); rec.Code != 200 {
				t.Errorf("%s %s: %d", p, a, rec.Code)
			} else if strings.Contains(p, ".svg") {
				checkSVG(t, rec.Body.Bytes())
			}
		}
	}
}
