package server

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
	"github.com/ijwidgets/ijwidgets/widget/legacy"
)

// The OpenAPI 3.1 description of the data routes (issue 14 item 4), built from the same route
// table that registers them (apiRoutes), served at /api/openapi.json and as a readable page at
// /api/docs. TestOpenAPI validates it (pb33f/libopenapi) and fails for a route under /api that it
// does not describe, or a field of dataapi.Item or legacy.Stats its schemas lack.

// operation describes one GET route.
type operation struct {
	tag, summary, description string
	params                    []string // names in components.parameters
	ok                        string   // the 200 response, in components.responses
	errors                    []string // other statuses: 304, 400, 401, 404…
}

// Tags of the operations.
const (
	tagV1     = "Données (v1)"
	tagLegacy = "Routes du prédécesseur"
	tagDoc    = "Description"
)

// v1Params are the parameters each /api/v1 list accepts, as dataapi.Select applies them
// (issue 14 defect 7: a declared filter it refuses was a 400): France takes no region, the
// certification scopes no UAI, an establishment (both voies, all its formations) neither codes
// nor voie. TestOpenAPIParamsAccepted tries each with a valid value. Accept ends the list (the
// suffixed routes drop it).
func v1Params(scope widget.Scope) []string {
	switch scope {
	case widget.ScopeCertification:
		return []string{"codes", "millesimes", "voie", "page", "items_par_page", "Accept"}
	case widget.ScopeRegion:
		return []string{"codes", "regions", "millesimes", "voie", "page", "items_par_page", "Accept"}
	case widget.ScopeEtablissement:
		return []string{"regions", "uais", "millesimes", "page", "items_par_page", "Accept"}
	}
	return []string{"codes", "regions", "uais", "millesimes", "voie", "page", "items_par_page", "Accept"}
}

// legacyListParams are the parameters each of the predecessor's lists accepts (the same rules:
// UAIs and académies for the formations only, no region for France).
func legacyListParams(scope widget.Scope) []string {
	switch scope {
	case widget.ScopeCertification:
		return []string{"millesimes_legacy", "code_certifications", "page", "items_par_page_legacy"}
	case widget.ScopeRegion:
		return []string{"millesimes_legacy", "code_certifications", "regions", "page", "items_par_page_legacy"}
	}
	return []string{"millesimes_legacy", "code_certifications", "regions", "uais", "academies", "page", "items_par_page_legacy"}
}

// The errors every route under /api may answer (the API's JSON error body): 405 for a method
// other than GET or HEAD, and on /api/v1 a 404 for a path no route matches.
var (
	v1Errors     = []string{"304", "400", "401", "404_introuvable", "405"}
	exportErrors = []string{"304", "401", "404_introuvable", "405"}
)

// apiRoutes is the table of the data API's GET routes: registered by registerAPI, described by
// openAPIDocument.
func (s *Server) apiRoutes() []apiRoute {
	var out []apiRoute
	for _, scope := range dataapi.Scopes {
		name := dataapi.ScopeNames[scope]
		desc := map[widget.Scope]string{
			widget.ScopeCertification: "Chiffres France entière par certification (somme des régions, SPEC §4 règle 6).",
			widget.ScopeRegion:        "Chiffres régionaux par certification.",
			widget.ScopeEtablissement: "Chiffres des établissements (parts publiées, sans effectifs), les deux voies.",
			widget.ScopeFormation:     "Chiffres par formation d'établissement (UAI × certification), quand l'export par formation est chargé.",
		}[scope]
		params := v1Params(scope)
		out = append(out,
			apiRoute{"/api/v1/" + name, operation{tagV1, "Liste : " + name, desc + " Chaque indicateur porte exactement les chiffres, états et donnee_source du JSON du widget de même clé, ses libellés et les liens (adresses absolues) vers ses widgets. Millésime par défaut : le plus récent de chaque voie. Ordre stable. Paginée : en-têtes Link (first, prev, next, last) et X-Total-Count. CSV si Accept le préfère à application/json (valeurs q, ordre).", params, "ListNegotiated", v1Errors}, s.v1List(scope, formatNegotiated)},
			apiRoute{"/api/v1/" + name + ".json", operation{tagV1, "Liste en JSON : " + name, desc + " La même liste que sans suffixe, toujours en JSON (Accept n'y change rien).", params[:len(params)-1], "List", v1Errors}, s.v1List(scope, formatJSON)},
			apiRoute{"/api/v1/" + name + ".csv", operation{tagV1, "Liste en CSV : " + name, desc + " Mêmes filtres et même pagination que la liste JSON (une page : en-têtes Link et X-Total-Count ; tout le jeu : l'export) ; séparateur « ; », UTF-8, une ligne d'en-tête, valeurs masquées vides, nom de fichier daté.", params[:len(params)-1], "CSV", v1Errors}, s.v1List(scope, formatCSV)},
			apiRoute{"/api/v1/export/" + name + ".csv.gz", operation{tagV1, "Export complet : " + name, desc + " Toutes les lignes, tous les millésimes, en CSV compressé gzip, produit au fil de l'envoi.", nil, "Export", exportErrors}, s.v1Export(scope)},
		)
	}
	for _, lr := range legacy.ListRoutes {
		params := legacyListParams(lr.Scope)
		if strings.Contains(lr.Path, ":region") {
			params = append([]string{"region_legacy"}, "millesimes_legacy", "code_certifications", "page", "items_par_page_legacy")
			out = append(out, apiRoute{lr.Path, operation{tagLegacy, "Statistiques d'une région (prédécesseur)", "Route du prédécesseur : les statistiques d'une région (code INSEE ou code postal ; suffixe .json ou .csv accepté), ses noms de champs, sa pagination, nos chiffres.", params, "Legacy" + lr.Array, []string{"304", "400", "401", "405"}}, s.legacyList(lr, "")})
			continue
		}
		for _, ext := range []string{"", ".json", ".csv"} {
			ok := "Legacy" + lr.Array
			if ext == ".csv" {
				ok = "CSV"
			}
			out = append(out, apiRoute{lr.Path + ext, operation{tagLegacy, "Liste du prédécesseur : " + lr.Array + ext, "Route du prédécesseur (" + lr.Array + ") : mêmes paramètres, mêmes noms de champs, même pagination, nos chiffres. Sans clé d'API (les données sont publiques).", params, ok, []string{"304", "400", "401", "405"}}, s.legacyList(lr, ext)})
		}
	}
	for _, rs := range legacy.Routes {
		params := []string{"last", "millesime_legacy", "vue", "direction", "theme", "imageOnError"}
		switch rs.Scope {
		case widget.ScopeRegion:
			params = append([]string{"region_legacy"}, params...)
		case widget.ScopeFormation: // one code: no both-voies view
			params = slices.DeleteFunc(params, func(p string) bool { return p == "vue" })
		}
		out = append(out, apiRoute{rs.Pattern, operation{tagLegacy, "Statistiques d'une certification (prédécesseur)", "Route du prédécesseur : une certification (ou plusieurs, séparées par , ou |, pour la vue par voie), en JSON (sans suffixe ou .json) ou en image (.svg). Pour les formations, le dernier segment s'écrit {uai}-{code}.", params, "LegacyStats", []string{"400", "401", "404", "405"}}, s.legacyHandler(rs.Scope)})
	}
	out = append(out,
		apiRoute{"/api/openapi.json", operation{tagDoc, "Description OpenAPI", "Ce document : la description OpenAPI 3.1 des routes de données.", nil, "OpenAPI", nil}, s.openAPIJSON},
		apiRoute{"/api/docs", operation{tagDoc, "Documentation lisible", "La même description en une page HTML autonome.", nil, "Docs", nil}, s.openAPIDocs},
	)
	return out
}

// openAPIPath writes an echo pattern as an OpenAPI path (":region" → "{region}").
func openAPIPath(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			segs[i] = "{" + name + "}"
		}
	}
	return strings.Join(segs, "/")
}

type obj = map[string]any

func prop(typ, desc string) obj { return obj{"type": typ, "description": desc} }
func ref(name string) obj       { return obj{"$ref": "#/components/schemas/" + name} }
func arrayOf(items obj, desc string) obj {
	return obj{"type": "array", "items": items, "description": desc}
}

// figureProps are the counts and shares of a voie block (widget.BlocJSON): absent when masked
// or missing, never null nor 0 (SPEC §4 rule 5).
func figureProps() obj {
	n := func(d string) obj { return prop("integer", d) }
	return obj{
		"nb_annee_term":          n("Apprenants en dernière année (la cohorte)."),
		"nb_annee_term_exclus":   n("Apprenants d'une somme (France, deux voies) dont la situation n'est pas publiée : hors nb_annee_term et hors parts."),
		"nb_en_emploi_6_mois":    n("En emploi 6 mois après."),
		"nb_en_emploi_12_mois":   n("En emploi 12 mois après."),
		"nb_en_emploi_18_mois":   n("En emploi 18 mois après."),
		"nb_en_emploi_24_mois":   n("En emploi 24 mois après."),
		"nb_poursuite_etudes":    n("En poursuite d'études."),
		"nb_sortant":             n("Sortants."),
		"taux_en_emploi_6_mois":  n("Part en emploi 6 mois après, en % de nb_annee_term (arrondi au pair)."),
		"taux_en_formation":      n("Part en formation, en % de nb_annee_term."),
		"taux_autres_6_mois":     n("Part des autres situations : 100 − emploi − formation."),
		"taux_en_emploi_12_mois": n("Part en emploi 12 mois après."),
		"taux_en_emploi_18_mois": n("Part en emploi 18 mois après."),
		"taux_en_emploi_24_mois": n("Part en emploi 24 mois après."),
		"pictogrammes": obj{"type": "object", "description": "Les 10 pictogrammes répartis par plus fort reste (SPEC §6) : emploi + formation + autres = 10, ou 9 avec partage.",
			"properties": obj{"emploi": n("Pictogrammes en emploi."), "formation": n("Pictogrammes en formation."), "autres": n("Pictogrammes des autres situations."),
				"partage": arrayOf(prop("string", "emploi, formation ou autres"), "Les deux catégories qui se partagent un pictogramme moitié-moitié, à égalité de parts (absent sinon).")}},
		"salaire_12_mois": obj{"type": "object", "description": "InserSup : quartiles de salaire net mensuel 12 mois après, en €.", "properties": obj{"q1": prop("integer", "1er quartile"), "mediane": prop("integer", "médiane"), "q3": prop("integer", "3e quartile")}},
	}
}

func merge(a, b obj) obj {
	out := obj{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// itemProps are the properties of dataapi.Item (widget.ViewJSON, its BlocJSON, and liens).
func itemProps() obj {
	s := func(d string) obj { return prop("string", d) }
	millesimes := arrayOf(s("Millésime, par exemple 2022_2023."), "Les millésimes pour lesquels la clé a des chiffres, du plus ancien au plus récent.")
	return merge(figureProps(), obj{
		"state":                    s("L'état des données : ok, partiel, effectif_insuffisant, publication_insuffisante, pas_de_donnees, certification_inconnue, non_publie…"),
		"message":                  s("La phrase de l'état, quand il n'y a pas de chiffres."),
		"scope":                    s("La portée des chiffres : certification (France), region, etablissement, formation."),
		"code_certification":       s("Le code demandé (CFD, MEFSTAT11, SISE:…)."),
		"identifiant":              s("L'identifiant partenaire demandé (RNCP:…, ONISEP:…, CERTIFINFO:…)."),
		"code_affiche":             s("Le code dont les chiffres sont montrés quand ce n'est pas le code demandé."),
		"regle":                    s("Comment les chiffres ont été trouvés : self, annee_terminale, famille, ancienne, nouvelle."),
		"donnee_source":            obj{"type": "object", "description": "Le diplôme dont sont les chiffres (SPEC §2) : type self, ancienne ou nouvelle.", "properties": obj{"code_certification": s("code"), "type": s("self, ancienne, nouvelle"), "libelle": s("libellé"), "annee_remplacement": prop("integer", "année du remplacement")}},
		"notice":                   s("La phrase du widget sur l'origine des chiffres."),
		"cfd":                      s("Le CFD du diplôme."),
		"libelle":                  s("Le libellé affiché (accentué)."),
		"libelle_bcn":              s("Le libellé de la BCN tel que publié."),
		"date_publication":         s("Date de publication (AAAA-MM-JJ) du jeu de données affiché, clé de configuration publication.* ; absente pour les données de démonstration (issue 13)."),
		"type_diplome":             s("Le type de diplôme (CAP, BAC PRO, BTS…)."),
		"filiere":                  s("La voie : scolaire, apprentissage, superieur."),
		"region":                   ref("Region"),
		"etablissement":            obj{"type": "object", "description": "L'établissement (UAI, nom).", "properties": obj{"uai": s("UAI"), "nom": s("nom publié")}},
		"effectifs_publies":        prop("boolean", "false pour les établissements : leurs fichiers publient des parts, pas d'effectifs."),
		"millesime":                s("Le millésime des chiffres, par exemple 2022_2023."),
		"millesimes_disponibles":   millesimes,
		"filieres":                 obj{"type": "object", "description": "Les deux voies (vue par voie, établissements) : scolaire et apprentissage, chacune avec son état, son millésime et ses chiffres."},
		"famille":                  obj{"type": "object", "description": "Une famille de métiers (2de commune) et ses spécialités."},
		"candidats":                arrayOf(obj{"type": "object"}, "Les diplômes qu'un identifiant partenaire désigne quand il en désigne plusieurs."),
		"audience":                 s("L'audience du widget (college, lycee, superieur, accompagnateur)."),
		"source":                   s("La source : InserJeunes (DEPP, DARES) ou InserSup."),
		"donnees_de_demonstration": prop("boolean", "Vrai pour le jeu de démonstration embarqué."),
		"liens":                    obj{"type": "object", "description": "Les adresses absolues (public_url du service, puis le chemin) du widget de cette clé, avec son millésime ; en CSV, lien_json.", "properties": obj{"widget": s("HTML"), "svg": s("image"), "json": s("JSON"), "csv": s("CSV")}},
	})
}

// legacyProps are the properties of legacy.Stats, the predecessor's field names.
func legacyProps() obj {
	s := func(d string) obj { return prop("string", d) }
	nullable := func(d string) obj { return obj{"type": []string{"integer", "null"}, "description": d} }
	return obj{
		"uai": s("UAI (formations)."), "code_certification": s("Le code demandé."), "codes_certifications": arrayOf(s("code"), "Vue par voie : les codes sommés."),
		"code_formation_diplome": s("Le CFD."), "codes_formation_diplome": arrayOf(s("CFD"), "Vue par voie : les CFD."),
		"libelle": s("Libellé BCN."), "libelle_etablissement": s("Nom de l'établissement."), "millesime": s("Millésime."),
		"filiere":       s("pro (voie scolaire) ou apprentissage."),
		"diplome":       obj{"type": "object", "description": "Niveau du diplôme.", "properties": obj{"code": s("3 CAP, 4 bac, 5 BTS, 6 licence, 7 master, 0 mention complémentaire."), "libelle": s("Libellé court BCN du niveau.")}},
		"nb_annee_term": nullable("Cohorte."), "nb_annee_term_exclus": prop("integer", "Apprenants exclus d'une somme."),
		"nb_poursuite_etudes": nullable("En formation."), "nb_en_emploi_24_mois": nullable("Emploi 24 mois."), "nb_en_emploi_18_mois": nullable("Emploi 18 mois."),
		"nb_en_emploi_12_mois": nullable("Emploi 12 mois."), "nb_en_emploi_6_mois": nullable("Emploi 6 mois."), "nb_sortant": nullable("Sortants."),
		"taux_en_formation": nullable("Part en formation (null sous 20)."), "taux_en_emploi_24_mois": nullable("Part en emploi 24 mois."),
		"taux_en_emploi_18_mois": nullable("Part en emploi 18 mois."), "taux_en_emploi_12_mois": nullable("Part en emploi 12 mois."),
		"taux_en_emploi_6_mois": nullable("Part en emploi 6 mois (null sous 20)."), "taux_autres_6_mois": nullable("Part des autres situations (null sous 20)."),
		"region":        ref("Region"),
		"donnee_source": obj{"type": "object", "description": "La certification dont sont les chiffres.", "properties": obj{"code_certification": s("Le code."), "type": s("Toujours self.")}},
		"_meta": obj{"type": "object", "description": "Titre, détails et messages du prédécesseur.", "properties": obj{"titre": s("Titre."), "details": s("Phrase décrivant les chiffres."),
			"messages": arrayOf(s("message"), "Messages (effectif insuffisant)."), "donnees_de_demonstration": prop("boolean", "Jeu de démonstration (notre ajout).")}},
	}
}

func apiParam(name, in, desc string, schema obj) obj {
	p := obj{"name": name, "in": in, "description": desc, "schema": schema}
	if in == "path" {
		p["required"] = true
	}
	return p
}

func str() obj { return obj{"type": "string"} }

// statusOfResponse is the status of a response component: its name up to "_" ("404_introuvable"
// is a 404, the legacy "404" another body of the same status).
func statusOfResponse(name string) string {
	status, _, _ := strings.Cut(name, "_")
	return status
}

// openAPIDocument builds the document of routes.
func openAPIDocument(routes []apiRoute) obj {
	paths := obj{}
	for _, r := range routes {
		op := r.op
		params := []any{}
		for _, p := range op.params {
			params = append(params, obj{"$ref": "#/components/parameters/" + p})
		}
		responses := obj{"200": obj{"$ref": "#/components/responses/" + op.ok}}
		for _, e := range op.errors {
			responses[statusOfResponse(e)] = obj{"$ref": "#/components/responses/" + e}
		}
		get := obj{"tags": []string{op.tag}, "summary": op.summary, "description": op.description, "parameters": params, "responses": responses,
			"operationId": strings.Trim(strings.NewReplacer("/", "_", ":", "", ".", "_", "{", "", "}", "").Replace(r.path), "_")}
		if strings.HasPrefix(r.path, "/api/v1/") || strings.HasPrefix(r.path, "/api/inserjeunes/") {
			get["security"] = []any{obj{}, obj{"ApiKey": []string{}}, obj{"Bearer": []string{}}}
		}
		paths[openAPIPath(r.path)] = obj{"get": get}
	}
	list := func(desc string) obj {
		return obj{"type": "string", "description": desc}
	}
	jsonOf := func(schema obj, desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": schema}}}
	}
	// paged adds the pagination headers to a list response (issue 14 defect 1).
	paged := func(r obj) obj {
		r["headers"] = obj{"Link": obj{"$ref": "#/components/headers/Link"}, "X-Total-Count": obj{"$ref": "#/components/headers/X-Total-Count"}}
		return r
	}
	legacyList := func(array string) obj {
		return paged(jsonOf(obj{"type": "object", "properties": obj{array: arrayOf(ref("LegacyStats"), "Les statistiques, avec les noms de champs du prédécesseur."), "pagination": ref("Pagination")}}, "La liste du prédécesseur : "+array+" et pagination."))
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "ijwidgets — API de données InserJeunes", "version": "1.0.0",
			"description": "Les indicateurs des widgets (devenir des apprenants 6 mois après la formation) en listes JSON et CSV, filtrées et paginées, et les routes du prédécesseur. Données publiques : aucune clé n'est nécessaire ; une clé de partenaire (X-Api-Key ou Authorization: Bearer) lève les quotas. CORS ouvert (Access-Control-Allow-Origin: *) sur toutes ces routes.",
			"license":     obj{"name": "Licence Ouverte 2.0 (données)", "identifier": "etalab-2.0"}},
		"tags":  []any{obj{"name": tagV1}, obj{"name": tagLegacy}, obj{"name": tagDoc}},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{
				"ApiKey": obj{"type": "apiKey", "in": "header", "name": "X-Api-Key", "description": "Clé de partenaire (facultative). Invalide : 401."},
				"Bearer": obj{"type": "http", "scheme": "bearer", "description": "La même clé en Authorization: Bearer."},
			},
			"headers": obj{
				"Link":          obj{"description": "RFC 8288 : les pages first, prev (sauf la première page), next (sauf la dernière) et last de la même liste, en adresses absolues (public_url), mêmes paramètres, page changée. Par exemple <https://widgets.example.fr/api/v1/regions.csv?page=2&regions=11>; rel=\"next\".", "schema": str()},
				"X-Total-Count": obj{"description": "Le nombre total d'éléments de la liste, toutes pages confondues (pagination.total).", "schema": obj{"type": "integer", "minimum": 0}},
			},
			"parameters": obj{
				"codes":                 apiParam("codes", "query", "Codes séparés par des virgules : CFD, MEFSTAT11, SISE:…, ou identifiants partenaires RNCP:…, ONISEP:FOR.…, CERTIFINFO:… (au plus 200). Un code est lu comme son widget le lit : ses chiffres, sinon ceux de son année terminale, d'une autre durée, de son prédécesseur ou successeur (champ regle) ; une 2de commune donne ses spécialités.", list("")),
				"regions":               apiParam("regions", "query", "Régions séparées par des virgules : code INSEE (11, 01…) ou code postal à 5 chiffres (sa région).", list("")),
				"uais":                  apiParam("uais", "query", "UAI séparées par des virgules (établissements, formations).", list("")),
				"academies":             apiParam("academies", "query", "Académies (2 chiffres) séparées par des virgules (formations, par le département de l'UAI).", list("")),
				"millesimes":            apiParam("millesimes", "query", "Millésimes séparés par des virgules (2022_2023). Par défaut : le plus récent de chaque voie, jamais un plus ancien en silence.", list("")),
				"millesimes_legacy":     apiParam("millesimes", "query", "Millésimes séparés par des virgules : 2022_2023, 2023-2022 ou une année (2023 = 2022_2023).", list("")),
				"code_certifications":   apiParam("code_certifications", "query", "Codes séparés par des virgules ou des | (CFD, MEFSTAT11, identifiants partenaires).", list("")),
				"voie":                  apiParam("voie", "query", "La voie : scolaire, apprentissage ou superieur.", obj{"type": "string", "enum": []string{"scolaire", "apprentissage", "superieur"}}),
				"page":                  apiParam("page", "query", "La page, à partir de 1.", obj{"type": "integer", "minimum": 1, "maximum": dataapi.MaxPage, "default": 1}),
				"items_par_page":        apiParam("items_par_page", "query", "Indicateurs par page.", obj{"type": "integer", "minimum": 1, "maximum": dataapi.MaxItemsParPage, "default": dataapi.DefaultItemsParPage}),
				"items_par_page_legacy": apiParam("items_par_page", "query", "Statistiques par page.", obj{"type": "integer", "minimum": 1, "maximum": dataapi.MaxItemsParPage, "default": legacy.ListParams.DefaultItems}),
				"Accept":                apiParam("Accept", "header", "La liste en CSV quand Accept préfère text/csv à application/json : la valeur q la plus haute, à égalité le premier listé ; q=0 refuse ; sans casse. Sinon JSON.", str()),
				"region_legacy":         apiParam("region", "path", "Code région INSEE ou code postal.", str()),
				"last":                  apiParam("last", "path", "Le ou les codes (séparés par , ou |), suivis de .json ou .svg ; {uai}-{code} pour une formation.", str()),
				"millesime_legacy":      apiParam("millesime", "query", "Un millésime (2022_2023) ou une année.", str()),
				"vue":                   apiParam("vue", "query", "filieres : les deux voies.", obj{"type": "string", "enum": []string{"filieres"}}),
				"direction":             apiParam("direction", "query", "Image : vertical ou horizontal.", obj{"type": "string", "enum": []string{"vertical", "horizontal"}}),
				"theme":                 apiParam("theme", "query", "Thème de l'image.", str()),
				"imageOnError":          apiParam("imageOnError", "query", "Image sans données : true, false ou empty.", obj{"type": "string", "enum": []string{"true", "false", "empty"}}),
			},
			"schemas": obj{
				"Item":        obj{"type": "object", "description": "Un indicateur : le JSON du widget de même clé et ses liens.", "properties": itemProps()},
				"Pagination":  obj{"type": "object", "properties": obj{"page": prop("integer", "La page."), "items_par_page": prop("integer", "Éléments par page."), "nombre_de_page": prop("integer", "Nombre de pages."), "total": prop("integer", "Nombre total d'éléments.")}},
				"Region":      obj{"type": "object", "properties": obj{"code": prop("string", "Code INSEE."), "nom": prop("string", "Nom.")}},
				"Error":       obj{"type": "object", "properties": obj{"error": prop("string", "Code stable."), "message": prop("string", "Phrase en français."), "param": prop("string", "Le paramètre en cause.")}},
				"LegacyStats": obj{"type": "object", "description": "Les statistiques avec les noms de champs du prédécesseur.", "properties": legacyProps()},
				"List": obj{"type": "object", "properties": obj{"scope": prop("string", "La portée."), "millesimes": arrayOf(str(), "Les millésimes servis."),
					"indicateurs": arrayOf(ref("Item"), "Les indicateurs de la page."), "pagination": ref("Pagination"), "donnees_de_demonstration": prop("boolean", "Jeu de démonstration.")}},
			},
			"responses": obj{
				"List": paged(jsonOf(ref("List"), "Une page d'indicateurs.")),
				"ListNegotiated": paged(obj{"description": "Une page d'indicateurs : en JSON, ou en CSV quand Accept préfère text/csv (les colonnes et le nom de fichier daté de la liste .csv).",
					"content": obj{"application/json": obj{"schema": ref("List")}, "text/csv": obj{"schema": str()}}}),
				"CSV":                  paged(obj{"description": "Une page de la liste en CSV (; UTF-8, en-tête, valeurs masquées vides), nom de fichier daté ; les autres pages par l'en-tête Link, tout le jeu par l'export.", "content": obj{"text/csv": obj{"schema": str()}}}),
				"Export":               obj{"description": "Toutes les lignes en CSV compressé (gzip), nom de fichier daté.", "content": obj{"application/gzip": obj{"schema": obj{"type": "string", "contentEncoding": "base64"}}}},
				"Legacycertifications": legacyList("certifications"),
				"Legacyregionales":     legacyList("regionales"),
				"Legacyformations":     legacyList("formations"),
				"LegacyStats":          obj{"description": "Les statistiques d'une certification (JSON) ou l'image (.svg).", "content": obj{"application/json": obj{"schema": ref("LegacyStats")}, "image/svg+xml": obj{"schema": str()}}},
				"OpenAPI":              jsonOf(obj{"type": "object"}, "Ce document."),
				"Docs":                 obj{"description": "La page de documentation.", "content": obj{"text/html": obj{"schema": str()}}},
				"304":                  obj{"description": "Non modifié (If-None-Match : l'ETag de la même liste sur les mêmes données)."},
				"400":                  jsonOf(ref("Error"), "Paramètre invalide : le paramètre en cause et une phrase en français, jamais la valeur reçue."),
				"401":                  jsonOf(ref("Error"), "Clé d'API invalide."),
				"404":                  jsonOf(obj{"type": "object"}, "Pas de données (corps du prédécesseur)."),
				"404_introuvable":      jsonOf(ref("Error"), "Aucune route de l'API ne correspond à cette adresse : error introuvable."),
				"405":                  jsonOf(ref("Error"), "Méthode autre que GET ou HEAD : error methode_non_autorisee."),
			},
		},
	}
}

// registerAPI registers the data API's routes (GET and HEAD), and builds the OpenAPI document
// from the same table. Their CORS preflight is the cors middleware's (sendsCORS).
func (s *Server) registerAPI(get func(string, echo.HandlerFunc, ...echo.MiddlewareFunc)) error {
	routes := s.apiRoutes()
	for _, r := range routes {
		if strings.HasPrefix(r.path, "/api/inserjeunes/") && slices.ContainsFunc(legacy.Routes, func(rs widget.RouteShape) bool { return rs.Pattern == r.path }) {
			continue // registered by registerLegacy
		}
		get(r.path, r.handler)
	}
	doc, err := json.MarshalIndent(openAPIDocument(routes), "", "  ")
	if err != nil {
		return err
	}
	s.openAPI = doc
	page, err := docsPage(routes)
	if err != nil {
		return err
	}
	s.docsHTML = page
	return nil
}

func (s *Server) openAPIJSON(c echo.Context) error {
	return s.policy.writeResponse(c, &response{status: http.StatusOK, contentType: echo.MIMEApplicationJSON, kind: kindJSON, body: s.openAPI})
}

func (s *Server) openAPIDocs(c echo.Context) error {
	return s.policy.writeResponse(c, &response{status: http.StatusOK, contentType: echo.MIMETextHTMLCharsetUTF8, kind: kindPage, body: s.docsHTML})
}

// docsTemplate is the readable page of the description: self-contained (no script, no external
// style: the CSP of our pages forbids them), one section per route.
var docsTemplate = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API de données — ijwidgets</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;color:#161616;line-height:1.5}
code{background:#f6f6f6;padding:0 .2em}h2{border-top:1px solid #e5e5e5;padding-top:1rem;font-size:1.1rem}
table{border-collapse:collapse}td,th{border:1px solid #e5e5e5;padding:.2rem .5rem;text-align:left;vertical-align:top}</style></head>
<body><h1>API de données InserJeunes</h1>
<p>Les chiffres des widgets en listes JSON et CSV. Données publiques, sans clé ; CORS ouvert. Description complète : <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>{{range .}}<li><a href="#{{.ID}}"><code>GET {{.Path}}</code></a> — {{.Summary}}</li>{{end}}</ul></nav>
{{range .}}<section id="{{.ID}}"><h2><code>GET {{.Path}}</code></h2><p><em>{{.Tag}}</em> — {{.Description}}</p>
{{if .Params}}<table><tr><th>Paramètre</th><th>Où</th><th>Description</th></tr>{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
<p>Réponses : {{range .Responses}}<code>{{.}}</code> {{end}}</p></section>{{end}}
</body></html>`))

type docParam struct{ Name, In, Description string }

type docRoute struct {
	ID, Path, Tag, Summary, Description string
	Params                              []docParam
	Responses                           []string
}

func docsPage(routes []apiRoute) ([]byte, error) {
	params := openAPIDocument(nil)["components"].(obj)["parameters"].(obj)
	var list []docRoute
	for i, r := range routes {
		d := docRoute{ID: "route-" + strconv.Itoa(i+1),
			Path: openAPIPath(r.path), Tag: r.op.tag, Summary: r.op.summary, Description: r.op.description,
			Responses: []string{"200"}}
		for _, e := range r.op.errors {
			d.Responses = append(d.Responses, statusOfResponse(e))
		}
		for _, p := range r.op.params {
			po := params[p].(obj)
			d.Params = append(d.Params, docParam{Name: po["name"].(string), In: po["in"].(string), Description: po["description"].(string)})
		}
		list = append(list, d)
	}
	var b bytes.Buffer
	err := docsTemplate.Execute(&b, list)
	return b.Bytes(), err
}
