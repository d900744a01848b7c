package server

import (
	"net/http"

	"github.com/ijwidgets/ijwidgets/widget"
)

// codes maps what a widget answer shows and found to its HTTP status, the one place a widget
// status is chosen (as wtf's http/http.go maps its error codes, issue 11 item 2): a page or an
// image always answers 200 but for an unknown key's page; the JSON answers 404 without data, and 200
// with the list of diplomas a partner identifier names when it names several (issue 12).
var codes = map[widget.Surface]map[widget.Outcome]int{
	widget.SurfaceHTML:     {widget.OutcomeFound: http.StatusOK, widget.OutcomeNoData: http.StatusOK, widget.OutcomeUnknown: http.StatusNotFound, widget.OutcomeCandidats: http.StatusOK},
	widget.SurfaceSVG:      {widget.OutcomeFound: http.StatusOK, widget.OutcomeNoData: http.StatusOK, widget.OutcomeUnknown: http.StatusOK, widget.OutcomeCandidats: http.StatusOK},
	widget.SurfaceEmptySVG: {widget.OutcomeFound: http.StatusOK, widget.OutcomeNoData: http.StatusOK, widget.OutcomeUnknown: http.StatusOK, widget.OutcomeCandidats: http.StatusOK},
	widget.SurfaceCSV:      {widget.OutcomeFound: http.StatusOK, widget.OutcomeNoData: http.StatusOK, widget.OutcomeUnknown: http.StatusNotFound, widget.OutcomeCandidats: http.StatusOK},
	widget.SurfaceJSON:     {widget.OutcomeFound: http.StatusOK, widget.OutcomeNoData: http.StatusNotFound, widget.OutcomeUnknown: http.StatusNotFound, widget.OutcomeCandidats: http.StatusOK},
}

// errorCodes maps the codes of widget.InputError to their status.
var errorCodes = map[string]int{
	"parametre_invalide": http.StatusBadRequest,
}

// statusOf is the status of a widget answer.
func statusOf(s widget.Surface, o widget.Outcome) int { return codes[s][o] }

// errorStatus is the status of an input error (400 for a code the map lacks).
func errorStatus(ie *widget.InputError) int {
	if s, ok := errorCodes[ie.Code]; ok {
		return s
	}
	return http.StatusBadRequest
}
