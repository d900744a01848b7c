package widget

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		in   string
		want Code
		ok   bool
	}{
		{"32032002", Code{KindCFD, "32032002"}, true},
		{"36x32318", Code{KindCFD, "36X32318"}, true},
		{"CFD:36X32318", Code{KindCFD, "36X32318"}, true},
		{"23220034307", Code{KindMEFSTAT11, "23220034307"}, true},
		{"MEFSTAT11:23220034307", Code{KindMEFSTAT11, "23220034307"}, true},
		{"SISE:2500200", Code{KindSISE, "2500200"}, true},
		{"sise:2500200", Code{KindSISE, "2500200"}, true},
		{"3203200", Code{}, false},
		{"320320021", Code{}, false},
		{"2322003430X", Code{KindMEFSTAT11, "2322003430X"}, true},
		{"4zz259zz", Code{KindCFD, "4ZZ259ZZ"}, true},
		{"2322003430é", Code{}, false},
		{"MEFSTAT11:32032002", Code{}, false},
		{"SISE:250020", Code{}, false},
		{"CFD:23220034307", Code{}, false},
		{"XX03200_", Code{}, false},
		{"3203-002", Code{}, false},
		{"", Code{}, false},
		{"<script>", Code{}, false},
	}
	for _, tt := range tests {
		got, err := ParseCode(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseCode(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseRegionAndMillesime(t *testing.T) {
	for in, ok := range map[string]bool{"11": true, "01": true, "975": true, "1": false, "": false, "1a": false, "1111": false} {
		if _, err := ParseRegion(in); (err == nil) != ok {
			t.Errorf("ParseRegion(%q) err = %v", in, err)
		}
	}
	for in, want := range map[string]Millesime{"2022_2023": "2022_2023", "2022-2023": "2022_2023", "cumul 2023-2024": "2023_2024",
		"2022_2024": "", "2022": "", "abcd_efgh": "", "2023_2022": "", "1800_1801": ""} {
		got, err := ParseMillesime(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("ParseMillesime(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

var testOpts = Options{Themes: []string{"dsfr"}, Audiences: []Audience{AudienceLycee}}

func TestParseRequest(t *testing.T) {
	tests := []struct {
		scope  Scope
		region string
		code   string
		query  string
		param  string // "" when valid
	}{
		{ScopeRegion, "11", "32032002.json", "millesime=2022_2023&utm_source=x", ""},
		{ScopeRegion, "11", "32032002.svg", "", ""},
		{ScopeCertification, "", "32032002", "title=0&theme=dsfr&audience=lycee", ""},
		{ScopeRegion, "1", "32032002", "", "region"},
		{ScopeRegion, "11", "3203", "", "code"},
		{ScopeRegion, "11", "40025216,23830025216", "", ""},
		{ScopeRegion, "11", "40025216", "vue=filieres&layout=horizontal", ""},
		{ScopeRegion, "11", "40025216", "vue=voies", "vue"},
		{ScopeRegion, "11", "40025216.svg", "layout=diagonal", "layout"},
		{ScopeRegion, "11", "40025216,SISE:2500200", "", "code"},
		{ScopeRegion, "11", "1,2,3,4,5,6,7,8,9", "", "code"},
		{ScopeRegion, "11", "40025216,", "", "code"},
		{ScopeRegion, "11", "32032002", "millesime=2022", "millesime"},
		{ScopeRegion, "11", "32032002", "theme=<b>", "theme"},
		{ScopeRegion, "11", "32032002", "audience=parents", "audience"},
		{ScopeRegion, "11", "32032002", "title=yes", "title"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		_, err := ParseRequest(tt.scope, tt.region, tt.code, q, testOpts)
		var ie *InputError
		switch {
		case tt.param == "" && err != nil:
			t.Errorf("%s %s ?%s: unexpected %v", tt.region, tt.code, tt.query, err)
		case tt.param != "" && (!errors.As(err, &ie) || ie.Param != tt.param):
			t.Errorf("%s %s ?%s: want an error on %q, got %v", tt.region, tt.code, tt.query, tt.param, err)
		}
	}
}

// staticMessages is every error message the parser writes for a set of canonical bad inputs:
// text a message may contain whatever the input.
func staticMessages() string {
	var all strings.Builder
	bad := []url.Values{
		{"millesime": {"x"}}, {"audience": {"x"}}, {"theme": {"x"}}, {"title": {"x"}}, {"layout": {"x"}},
		{"scheme": {"x"}}, {"vue": {"x"}}, {"template": {"x"}},
	}
	for _, q := range bad {
		_, err := ParseRequest(ScopeRegion, "11", "32032002", q, testOpts)
		all.WriteString(err.(*InputError).Message)
	}
	for _, code := range []string{"x", "1,2,3,4,5,6,7,8,9", "SISE:2500200,32032002"} {
		if _, err := ParseRequest(ScopeRegion, "11", code, url.Values{}, testOpts); err != nil {
			all.WriteString(err.(*InputError).Message)
		}
	}
	_, err := ParseRequest(ScopeRegion, "x", "32032002", url.Values{}, testOpts)
	all.WriteString(err.(*InputError).Message)
	return all.String()
}

// FuzzParseRequest: any route parameters either parse or give an *InputError whose message does
// not echo the input, and never panic.
func FuzzParseRequest(f *testing.F) {
	f.Add("11", "32032002.json", "2022_2023", "lycee", "dsfr")
	f.Add("10", "SISE:2500200", "cumul 2023-2024", "", "")
	f.Add("", "MEFSTAT11:23220034307.svg", "2022-2023", "college", "x")
	static := staticMessages()
	f.Fuzz(func(t *testing.T, region, code, millesime, audience, theme string) {
		q := url.Values{"millesime": {millesime}, "audience": {audience}, "theme": {theme}}
		for _, scope := range []Scope{ScopeRegion, ScopeCertification} {
			_, err := ParseRequest(scope, region, code, q, testOpts)
			if err == nil {
				continue
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("non-input error %v", err)
			}
			if !utf8.ValidString(ie.Message) || ie.Message == "" || ie.Param == "" {
				t.Fatalf("bad error %+v", ie)
			}
			for _, in := range []string{region, code, millesime, audience, theme} {
				if len(in) >= 3 && strings.Contains(ie.Message, in) && !strings.Contains(static, in) {
					t.Fatalf("message %q reflects input %q", ie.Message, in)
				}
			}
		}
	})
}

func TestParseRequestPartner(t *testing.T) {
	opt := Options{
		Themes: []string{"dsfr", "neutral", "contrast"},
		Partners: map[string]Partner{
			"onisep": {Theme: "neutral", Audience: AudienceCollege, Themes: []string{"neutral", "contrast"}},
			"lba":    {},
			"region": {Themes: []string{"contrast"}},
		},
	}
	tests := []struct {
		query    string
		partner  string
		theme    string
		audience Audience
		param    string // the parameter of the expected error, "" for none
	}{
		{"", "", "dsfr", "", ""},
		{"theme=neutral", "", "neutral", "", ""},
		{"partner=onisep", "onisep", "neutral", AudienceCollege, ""},
		{"partner=onisep&audience=accompagnateur&theme=contrast", "onisep", "contrast", AudienceAccompagnateur, ""},
		{"partner=onisep&theme=dsfr", "", "", "", "theme"},
		{"partner=lba", "lba", "dsfr", "", ""},
		{"partner=lba&theme=contrast", "lba", "contrast", "", ""},
		{"partner=region", "region", "contrast", "", ""},
		{"partner=region&theme=neutral", "", "", "", "theme"},
		{"partner=unknown", "", "", "", "partner"},
		{"partner=", "", "", "", "partner"},
		{"partner=ONISEP", "", "", "", "partner"},
		{"partner=onisep&audience=parents", "", "", "", "audience"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			r, err := ParseRequest(ScopeRegion, "11", "32032002", q, opt)
			var ie *InputError
			if tt.param != "" {
				if !errors.As(err, &ie) || ie.Param != tt.param {
					t.Fatalf("want an error on %q, got %v", tt.param, err)
				}
				if strings.Contains(ie.Message, "unknown") || strings.Contains(ie.Message, "ONISEP") {
					t.Errorf("message reflects the input: %q", ie.Message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Partner != tt.partner || r.Theme != tt.theme || r.Audience != tt.audience {
				t.Errorf("partner %q theme %q audience %q; want %q %q %q", r.Partner, r.Theme, r.Audience, tt.partner, tt.theme, tt.audience)
			}
		})
	}
}
