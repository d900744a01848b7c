package widget

import (
	"errors"
	"net/url"
	"testing"
)

// TestParseRouteRefusesWhatOtherRoutesRefuse: the establishment route checks vue= like the
// other routes, and a millésime with blanks around it is a 400 on every route, like any other
// parameter (issue 10).
func TestParseRouteRefusesWhatOtherRoutesRefuse(t *testing.T) {
	etab := Route{Scope: ScopeEtablissement, Last: "0010001W"}
	formation := Route{Scope: ScopeFormation, UAI: "0010001W", Last: "32032002"}
	region := Route{Scope: ScopeRegion, Region: "11", Last: "32032002.json"}
	for _, tt := range []struct {
		rt    Route
		query string
		param string // "" when valid
	}{
		{etab, "vue=filieres", ""}, // the establishment shows both voies anyway
		{etab, "vue=voies", "vue"},
		{etab, "vue=", "vue"},
		{etab, "vue=<script>", "vue"},
		{etab, "millesime=2022_2023", ""},
		{etab, "millesime=+2022_2023", "millesime"},
		{etab, "millesime=2022_2023%20", "millesime"},
		{formation, "millesime=%092022_2023", "millesime"},
		{region, "millesime=2022_2023+", "millesime"},
		{region, "millesime=cumul+2022-2023", ""}, // the data's own spelling (README)
		{region, "millesime=2022-2023", ""},
	} {
		q, _ := url.ParseQuery(tt.query)
		_, err := ParseRoute(tt.rt, q, testOpts)
		var ie *InputError
		switch {
		case tt.param == "" && err != nil:
			t.Errorf("%s ?%s: unexpected %v", tt.rt.Scope, tt.query, err)
		case tt.param != "" && (!errors.As(err, &ie) || ie.Param != tt.param):
			t.Errorf("%s ?%s: want an error on %q, got %v", tt.rt.Scope, tt.query, tt.param, err)
		}
	}
}
