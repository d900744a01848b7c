package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
	"github.com/ijwidgets/ijwidgets/widget/legacy"
)

// registerLegacy adds the predecessor's public routes (README "Predecessor's API"), answered from
// our data: JSON by default or with .json, an image with .svg.
// Each answer is built and rendered anew: it draws on the render bucket.
func (s *Server) registerLegacy(get func(string, echo.HandlerFunc, ...echo.MiddlewareFunc)) {
	for _, rs := range legacy.Routes {
		get(rs.Pattern, s.legacyHandler(rs.Scope), s.rendersAlways)
	}
}

func (s *Server) legacyHandler(scope widget.Scope) echo.HandlerFunc {
	return func(c echo.Context) error {
		snap := s.store.Current()
		if snap == nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
		rt := legacy.Route{Scope: scope, Region: c.Param("region"), Last: c.Param("last")}
		if len(rt.Region) == 5 {
			// A postal code, as La bonne alternance sends it (issue 14): its département's region.
			dep, ok := dataapi.PostalDepartement(rt.Region)
			reg, found := snap.RegionDepartement(dep)
			if !ok || !found {
				return s.inputError(c, widget.FormatJSON, widget.Invalid("region", "Ce code postal ne correspond à aucun département connu : donnez le code région INSEE."))
			}
			rt.Region = reg.Code
		}
		lr, err := legacy.ParseRoute(rt, c.QueryParams(), s.opts)
		var v widget.View
		if err == nil {
			v, err = widget.Build(lr.Request, snap)
		}
		var ie *widget.InputError
		if errors.As(err, &ie) {
			return s.inputError(c, widget.FormatJSON, ie)
		}
		if err != nil {
			return err
		}
		body, lerr := legacy.JSON(v), legacy.SVGError(v)
		if legacy.ExportMissing(snap, v.Request) {
			lerr = legacy.NoData()
			body = legacy.Body{Error: lerr}
		}
		if v.Request.Format != widget.FormatSVG {
			return s.legacyJSON(c, body.Status(), body)
		}
		switch {
		case lerr == nil || lr.ImageOnError == legacy.ImageOnErrorTrue:
			// The widget itself, in the state that explains a missing figure.
			out, err := s.render(context.WithoutCancel(c.Request().Context()), snap, v.Request, built{}, "", "", false, kindWidgetHTML)
			if err != nil {
				return err
			}
			defer out.release()
			return s.policy.writeResponse(c, &out.response)
		case lr.ImageOnError == legacy.ImageOnErrorEmpty:
			return s.policy.write(c, http.StatusOK, "image/svg+xml; charset=utf-8", kindWidgetSVG, []byte(emptySVG))
		}
		return s.legacyJSON(c, lerr.StatusCode, lerr)
	}
}

func (s *Server) legacyJSON(c echo.Context, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	// The predecessor's 404s (unknown certification, no data) are the data's answer.
	return s.policy.writeResponse(c, &response{status: status, contentType: echo.MIMEApplicationJSON, kind: kindJSON, body: body,
		dataNotFound: status == http.StatusNotFound})
}
