package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// examples work on the demonstration data and on the real data alike; the widget paths are
// written from the route table (widget.PathOf), like every URL the service writes.
var examples = func() []templates.Example {
	region := widget.PathOf(widget.ScopeRegion, "11", "", "32032002")
	france := widget.PathOf(widget.ScopeCertification, "", "", "32032002")
	small := widget.PathOf(widget.ScopeRegion, "84", "", "36X32318")
	return []templates.Example{
		{Label: "BTS Communication en apprentissage, Île-de-France (HTML)", Path: region},
		{Label: "Le même en image SVG", Path: region + "." + string(widget.FormatSVG)},
		{Label: "Le même en JSON", Path: region + "." + string(widget.FormatJSON)},
		{Label: "Le même pour un collégien", Path: region + "?audience=" + string(widget.AudienceCollege)},
		{Label: "BTS Communication en apprentissage, France entière", Path: france},
		{Label: "Promotions 2021 et 2022", Path: region + "?millesime=2021_2022"},
		{Label: "Un widget sans chiffres (groupe trop petit ou pas de données)", Path: small},
		{Label: "Prévisualiser et copier le code d'intégration (éditeurs)", Path: "/preview?code=32032002&region=11"},
		{Label: "Galerie des modèles, thèmes et états (designers)", Path: "/gallery"},
	}
}()

func (s *Server) index(c echo.Context) error {
	th, _ := s.themes.Get(themes.Default)
	snap := s.store.Current()
	body, err := renderComponent(c.Request().Context(), templates.Index(th, snap != nil && snap.Demo(), examples))
	if err != nil {
		return err
	}
	return s.policy.write(c, http.StatusOK, echo.MIMETextHTMLCharsetUTF8, kindPage, body)
}
