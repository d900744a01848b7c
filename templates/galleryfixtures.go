package templates

// GalleryStates are the fixture requests of the gallery (SPEC §1: designers see every template
// in every state), drawn from the embedded demonstration data whatever --data says: beside the
// templates they show, not in the server (issue 11: internal/server holds no rule).
var GalleryStates = []GalleryState{
	{Key: "ok", Label: "Chiffres publiés", Region: "11", Code: "32032002"},
	{Key: "partiel", Label: "Un chiffre manquant", Region: "11", Code: "36X32318"},
	{Key: "masque", Label: "Effectif trop petit", Region: "84", Code: "36X32318"},
	{Key: "sans-donnee", Label: "Pas de données pour le millésime", Region: "11", Code: "23830031212"},
	{Key: "inconnu", Label: "Code inconnu", Region: "11", Code: "99999999"},
	{Key: "filieres", Label: "Deux voies", Region: "11", Code: "23220034307", Query: "vue=filieres"},
	{Key: "libelle-long", Label: "Libellé long", Region: "11", Code: "36X32318", Query: "millesime=2021_2022"},
}

// GalleryStateOf returns the fixture state of key.
func GalleryStateOf(key string) (GalleryState, bool) {
	for _, st := range GalleryStates {
		if st.Key == key {
			return st, true
		}
	}
	return GalleryState{}, false
}
