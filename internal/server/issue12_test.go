package server

import (
	"strings"
	"testing"
)

// TestIssue12Real: each rule of issue 12 on real codes, as the widget routes answer it ("Done
// when": a 1st year, a common 2nde and one specialty, a renamed diploma with its notice, a merge
// refused, an RNCP with one diploma and one with several, an Onisep id, a (UAI, code) pair with
// its region's figures and wording).
func TestIssue12Real(t *testing.T) {
	s := newServer(t, true)
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"1st year → final year", "/widgets/certifications/23810025216.json?millesime=2022_2023&audience=lycee", 200, []string{
			`"code_certification":"23810025216","code_affiche":"23830025216","regle":"annee_terminale","donnee_source":{"code_certification":"23830025216","type":"self"}`,
			`"notice":"Chiffres de la dernière année de cette formation : les années précédentes n'ont pas de chiffres propres."`,
			`"libelle":"Maintenance des véhicules option C motocycles (Bac pro)","libelle_bcn":"MAINTENANCE DES VEHICULES OPTION C MOTOCYCLES (BAC PRO)"`,
			`"nb_annee_term":1296`, `"taux_en_emploi_6_mois":31,"taux_en_formation":47,"taux_autres_6_mois":22`}},
		{"1st year, page", "/widgets/certifications/23810025216?millesime=2022_2023&audience=college", 200, []string{
			`<p class="ijw-notice">Ces chiffres sont ceux des élèves de dernière année de cette formation.</p>`}},
		{"common 2nde → specialties", "/widgets/certifications/23810020006.json?millesime=2022_2023", 200, []string{
			`"regle":"famille"`, `"famille":{"libelle":"Construction durable du bâtiment et des travaux publics","specialites":[{"code_certification":"23830023304","libelle":"Aménagement et finitions du bâtiment (Bac pro)","state":"ok"`,
			`{"code_certification":"23830023102","libelle":"Travaux publics (Bac pro)","state":"ok"`}},
		{"common 2nde, SVG list", "/widgets/certifications/23810020006.svg?millesime=2022_2023&audience=lycee", 200, []string{
			"Travaux publics (Bac pro)", "Construction durable du bâtiment et des travaux publics"}},
		{"one specialty keeps its own figures", "/widgets/certifications/23830023102.json?millesime=2022_2023", 200, []string{
			`"code_certification":"23830023102","regle":"self","donnee_source":{"code_certification":"23830023102","type":"self"}`}},
		{"renamed diploma → predecessor", "/widgets/certifications/50034406.json?millesime=2022_2023&audience=lycee", 200, []string{
			`"code_certification":"50034406","code_affiche":"50034404","regle":"ancienne","donnee_source":{"code_certification":"50034404","type":"ancienne","libelle":"Gardien d'immeuble (CAP)","annee_remplacement":2026}`,
			`"notice":"Chiffres du diplôme précédent, Gardien d'immeuble (CAP), remplacé en 2026."`}},
		{"CAP in 1 year → the CAP in 2 years", "/widgets/certifications/23110023446.json?millesime=2022_2023&audience=lycee", 200, []string{
			`"code_certification":"23110023446","code_affiche":"23220023446","regle":"autre_duree","donnee_source":{"code_certification":"23220023446","type":"self"}`,
			`"notice":"Chiffres du même diplôme préparé en 2 ans."`, `"libelle":"Charpentier bois (CAP)"`, `"filiere":"scolaire"`, `"nb_annee_term":376`}},
		{"BTS in 1 year → the BTS in 2 years", "/widgets/certifications/32111032325.json?millesime=2022_2023&audience=accompagnateur", 200, []string{
			`"code_affiche":"32221032325","regle":"autre_duree"`,
			`"notice":"Chiffres du même diplôme préparé en 2 ans en voie scolaire (MEFSTAT11 32221032325) : le code 32111032325 n'a pas de chiffres propres."`,
			`"libelle":"Photographie (BTS)"`, `"nb_annee_term":314`}},
		{"2nd year of a CAP in 3 years → its final year → the CAP in 2 years", "/widgets/certifications/23320022362?millesime=2022_2023&audience=college", 200, []string{
			`<p class="ijw-notice">Ces chiffres sont ceux des élèves de dernière année du même diplôme préparé en 2 ans.</p>`}},
		{"CAP in 3 years: the largest other duration", "/widgets/certifications/23330022133.json?millesime=2022_2023", 200, []string{
			`"code_affiche":"23110022133","regle":"autre_duree"`, `"nb_annee_term":148,"nb_annee_term_exclus":3`}},
		{"both voies, renamed: each voie resolved on its own", "/widgets/certifications/50034406.json?vue=filieres&millesime=2022_2023&audience=lycee", 200, []string{
			`"scolaire":{"state":"pas_de_donnees"`,
			`"apprentissage":{"state":"effectif_insuffisant","message":"Le groupe est trop petit (1 apprenti, moins de 20) pour donner des chiffres fiables.","notice":"Chiffres du diplôme précédent, Gardien d'immeuble (CAP), remplacé en 2026.","regle":"ancienne","donnee_source":{"code_certification":"50034404","type":"ancienne","libelle":"Gardien d'immeuble (CAP)","annee_remplacement":2026}`}},
		{"both voies with figures of their own: no rule", "/widgets/certifications/40025216.json?vue=filieres&millesime=2022_2023", 200, []string{
			`"scolaire":{"state":"ok","millesime"`, `"apprentissage":{"state":"ok","millesime"`}},
		{"merge refused", "/widgets/certifications/40025519.json?millesime=2022_2023", 404, []string{
			`"state":"pas_de_donnees"`, `"code_certification":"40025519","cfd":"40025519"`}},
		{"RNCP, one diploma", "/widgets/certifications/RNCP:34700.json?millesime=2022_2023", 200, []string{
			`"code_certification":"46X23304","identifiant":"RNCP:34700"`, `"libelle":"Solier / ière (KALEI)"`}},
		{"RNCP without colon", "/widgets/certifications/rncp34700.json?millesime=2022_2023", 200, []string{`"identifiant":"RNCP:34700"`}},
		{"RNCP, several diplomas", "/widgets/certifications/RNCP:19117.json", 200, []string{
			`"state":"plusieurs_diplomes"`, `"identifiant":"RNCP:19117"`,
			`{"cfd":"40025214","libelle":"Maintenance des véhicules option A voitures particulières (Bac pro)","codes":["40025214","23830025214"],"url":"/widgets/certifications/40025214,23830025214.json"}`,
			`"cfd":"40025216"`}},
		{"RNCP, several, page", "/widgets/regions/84/certifications/RNCP:19117?audience=college", 200, []string{
			`<a href="/widgets/regions/84/certifications/40025215,23830025215?audience=college&amp;theme=dsfr">Maintenance des véhicules option B véhicules de transport routier (Bac pro)</a>`,
			"Ce code correspond à 3 formations différentes."}},
		{"Onisep id, both voies", "/widgets/certifications/ONISEP:FOR.5614.json?millesime=2022_2023", 200, []string{
			`"code_certification":"40025216,23830025216","identifiant":"ONISEP:FOR.5614"`, `"scolaire":{"state":"ok"`, `"apprentissage":{"state":"ok"`}},
		{"Onisep id outside the data", "/widgets/certifications/ONISEP:FOR.6913.json", 404, []string{`"state":"certification_inconnue"`, `"identifiant":"ONISEP:FOR.6913"`}},
		{"(UAI, code) → region", "/widgets/formations/0010001W/23830022703.json?millesime=2022_2023&audience=lycee", 200, []string{
			`"scope":"region"`, `"notice":"Chiffres de la région pour cette formation ; pas de chiffres publiés pour cet établissement."`,
			`"region":{"code":"84","nom":"Auvergne-Rhône-Alpes"}`, `"etablissement":{"uai":"0010001W","nom":"Lycée professionnel Alexandre Bérard - Lycée des métiers de l'énergie et de l'habitat"}`,
			`"nb_annee_term":433`, `"taux_en_emploi_6_mois":27,"taux_en_formation":47,"taux_autres_6_mois":26`}},
		{"(UAI, entry year) → region, final year", "/widgets/formations/0010001W/23820022703.json?millesime=2022_2023", 200, []string{
			`"scope":"region"`, `"code_affiche":"23830022703","regle":"annee_terminale"`, `"nb_annee_term":433`}},
		{"(UAI, code) page", "/widgets/formations/0010001W/23830022703?millesime=2022_2023&audience=lycee", 200, []string{
			"Lycée professionnel Alexandre Bérard - Lycée des métiers de l&#39;énergie et de l&#39;habitat (chiffres de la région Auvergne-Rhône-Alpes)",
			`<p class="ijw-notice">Chiffres de la région pour cette formation ; pas de chiffres publiés pour cet établissement.</p>`}},
		{"partner id with other codes", "/widgets/certifications/RNCP:34700,46X23304.json", 400, []string{`"param":"code"`}},
		{"partner id too long", "/widgets/certifications/RNCP:123456789.json", 400, []string{`"param":"code"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, s, tt.path)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Errorf("%s: %d, want %d: %.400s", tt.path, rec.Code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %s:\n%.1500s", tt.path, w, body)
				}
			}
			if strings.Contains(body, "123456789") {
				t.Errorf("%s reflects its input", tt.path)
			}
		})
	}
}
