package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
)

// examples work on the demonstration data and on the real data alike.
var examples = []templates.Example{
	{Label: "BTS Communication en apprentissage, Île-de-France (HTML)", Path: "/widgets/regions/11/certifications/32032002"},
	{Label: "Le même en image SVG", Path: "/widgets/regions/11/certifications/32032002.svg"},
	{Label: "Le même en JSON", Path: "/widgets/regions/11/certifications/32032002.json"},
	{Label: "Le même pour un collégien", Path: "/widgets/regions/11/certifications/32032002?audience=college"},
	{Label: "BTS Communication en apprentissage, France entière", Path: "/widgets/certifications/32032002"},
	{Label: "Promotions 2021 et 2022", Path: "/widgets/regions/11/certifications/32032002?millesime=2021_2022"},
	{Label: "Un widget sans chiffres (groupe trop petit ou pas de données)", Path: "/widgets/regions/84/certifications/36X32318"},
	{Label: "Prévisualiser et copier le code d'intégration (éditeurs)", Path: "/preview?code=32032002&region=11"},
	{Label: "Galerie des modèles, thèmes et états (designers)", Path: "/gallery"},
}

func (s *Server) index(c echo.Context) error {
	th, _ := s.themes.Get(themes.Default)
	snap := s.store.Current()
	body, err := renderComponent(c.Request().Context(), templates.Index(th, snap != nil && snap.Demo(), examples))
	if err != nil {
		return err
	}
	return s.policy.write(c, http.StatusOK, echo.MIMETextHTMLCharsetUTF8, kindPage, body)
}
