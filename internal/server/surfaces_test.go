package server

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/widget"
)

var (
	percentRe   = regexp.MustCompile(`(\d+)\x{202f}%`)
	svgTextRe   = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
	messageRe   = regexp.MustCompile(`<p class="ijw-message">([^<]*)</p>`)
	catLabelRe  = regexp.MustCompile(`<span class="ijw-cat-label">([^<]*)</span>`)
	dataTableRe = regexp.MustCompile(`(?s)<details class="ijw-donnees".*?</details>`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	hyphenGapRe = regexp.MustCompile(`([-/]) `)
)

// svgText is the text an SVG draws, its lines joined: what a reader reads in it.
func svgText(svg string) string {
	var parts []string
	for _, m := range svgTextRe.FindAllStringSubmatch(svg, -1) {
		parts = append(parts, html.UnescapeString(m[1]))
	}
	return hyphenGapRe.ReplaceAllString(strings.Join(parts, " "), "$1")
}

// jsonShares collects every taux_* value of a JSON answer.
func jsonShares(t *testing.T, body []byte) []int {
	var m any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("json: %v", err)
	}
	var out []int
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if f, ok := v.(float64); ok && strings.HasPrefix(k, "taux_") {
					out = append(out, int(f))
				}
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(m)
	return out
}

// TestSurfacesAgree renders every registered template × audience × state (the gallery's, and an
// unknown code in the both-voies view) × surface on the demonstration data, and checks that the
// SVG (both layouts) and the JSON say what the HTML says (issue 11 item 3): each share shown
// outside the data table is drawn in the SVG and present in the JSON, each row label and each
// state message is in the SVG, and a voie heading is in both or in neither.
func TestSurfacesAgree(t *testing.T) {
	s := newServer(t, false)
	states := append(slices.Clone(templates.GalleryStates),
		templates.GalleryState{Key: "inconnu-filieres", Region: "11", Code: "99999999", Query: "vue=filieres"})
	for _, tpl := range templates.Templates() {
		for _, a := range widget.Audiences {
			if !tpl.Serves(a) {
				continue
			}
			for _, st := range states {
				q, _ := url.ParseQuery(st.Query)
				q.Set("template", tpl.Name)
				q.Set("audience", string(a))
				path := widget.PathOf(widget.ScopeRegion, st.Region, "", st.Code)
				t.Run(tpl.Name+"/"+string(a)+"/"+st.Key, func(t *testing.T) {
					page := get(t, s, path+"?"+q.Encode()).Body.String()
					shown := html.UnescapeString(tagRe.ReplaceAllString(dataTableRe.ReplaceAllString(page, ""), " "))
					jsonBody := get(t, s, path+".json?"+q.Encode()).Body.Bytes()
					shares := jsonShares(t, jsonBody)
					for _, layout := range []string{"vertical", "horizontal"} {
						q.Set("layout", layout)
						svg := get(t, s, path+".svg?"+q.Encode()).Body.String()
						q.Del("layout")
						drawn := svgText(svg)
						for _, m := range percentRe.FindAllStringSubmatch(shown, -1) {
							if !strings.Contains(drawn, m[0]) {
								t.Errorf("%s: the HTML shows %q, the SVG does not: %s", layout, m[0], drawn)
							}
							n, _ := strconv.Atoi(m[1])
							if !slices.Contains(shares, n) {
								t.Errorf("the HTML shows %q, the JSON has no such share: %s", m[0], jsonBody)
							}
						}
						for _, re := range []*regexp.Regexp{catLabelRe, messageRe} {
							for _, m := range re.FindAllStringSubmatch(page, -1) {
								// Labels are in sentence case, set in upper case by the HTML's CSS and
								// by the SVG (issue 13), lower case in a compact line of shares.
								text := hyphenGapRe.ReplaceAllString(html.UnescapeString(m[1]), "$1")
								if !strings.Contains(drawn, text) && !strings.Contains(drawn, strings.ToUpper(text)) && !strings.Contains(drawn, strings.ToLower(text)) {
									t.Errorf("%s: the HTML says %q, the SVG does not: %s", layout, text, drawn)
								}
							}
						}
						for _, voie := range []widget.Voie{widget.VoieScolaire, widget.VoieApprentissage} {
							label := widget.VoieLabel(voie)
							if strings.Contains(page, ">"+html.EscapeString(label)+"<") != strings.Contains(drawn, label) {
								t.Errorf("%s: voie heading %q in one surface only: %s", layout, label, drawn)
							}
						}
					}
				})
			}
		}
	}
}

// issue12States are the states of issue 12 on the demonstration data, by path (several scopes).
var issue12States = []struct{ key, path string }{
	{"annee-terminale", "/widgets/regions/11/certifications/23810099901"},
	{"famille", "/widgets/regions/11/certifications/23810099900"},
	{"famille-france", "/widgets/certifications/23810099900"},
	{"ancienne", "/widgets/regions/11/certifications/50099911"},
	{"autre-duree", "/widgets/regions/11/certifications/23110034307"},
	{"annee-terminale-autre-duree", "/widgets/regions/11/certifications/23310034307"},
	{"filieres-ancienne", "/widgets/regions/11/certifications/50099911,23220099911"},
	{"rncp-un-diplome", "/widgets/regions/11/certifications/RNCP:99901"},
	{"rncp-plusieurs", "/widgets/regions/11/certifications/RNCP:99900"},
	{"onisep-inconnu", "/widgets/certifications/ONISEP:FOR.12345"},
	{"formation-region", "/widgets/formations/0759999Z/23830099901"},
	{"formation-famille", "/widgets/formations/0759999Z/23810099900"},
}

// TestSurfacesAgreeIssue12: the HTML, the SVG (both layouts) and the JSON of each issue 12 state
// say the same things in every audience: every share shown outside the data table is drawn and in
// the JSON, every message, notice, block heading and candidate is drawn, and the JSON carries the
// notice and each candidate's code.
func TestSurfacesAgreeIssue12(t *testing.T) {
	s := newServer(t, false)
	noticeRe := regexp.MustCompile(`<p class="ijw-notice[^"]*">([^<]*)</p>`)
	headingRe := regexp.MustCompile(`<h2 id="ijw-bloc-\d+" class="ijw-voie">([^<]*)</h2>`)
	candRe := regexp.MustCompile(`<ul class="ijw-candidats">(.*?)</ul>`)
	for _, a := range widget.Audiences {
		for _, st := range issue12States {
			t.Run(string(a)+"/"+st.key, func(t *testing.T) {
				q := "?audience=" + string(a)
				page := get(t, s, st.path+q).Body.String()
				shown := html.UnescapeString(tagRe.ReplaceAllString(dataTableRe.ReplaceAllString(page, ""), " "))
				jsonBody := get(t, s, st.path+".json"+q).Body.Bytes()
				shares := jsonShares(t, jsonBody)
				var j widget.ViewJSON
				if err := json.Unmarshal(jsonBody, &j); err != nil {
					t.Fatal(err)
				}
				notices := j.Notice
				if f := j.Filieres; f != nil {
					notices += " " + f.Scolaire.Notice + " " + f.Apprentissage.Notice
				}
				for _, n := range noticeRe.FindAllStringSubmatch(page, -1) {
					if j.Famille == nil && !strings.Contains(notices, html.UnescapeString(n[1])) {
						t.Errorf("the HTML says %q, the JSON notices %q", n[1], notices)
					}
				}
				if m := candRe.FindStringSubmatch(page); m != nil {
					for _, c := range j.Candidats {
						if !strings.Contains(m[1], c.CFD) {
							t.Errorf("candidate %s in the JSON, not in the HTML list", c.CFD)
						}
					}
				}
				for _, layout := range []string{"vertical", "horizontal"} {
					drawn := svgText(get(t, s, st.path+".svg"+q+"&layout="+layout).Body.String())
					for _, m := range percentRe.FindAllStringSubmatch(shown, -1) {
						if !strings.Contains(drawn, m[0]) {
							t.Errorf("%s: the HTML shows %q, the SVG does not: %s", layout, m[0], drawn)
						}
						n, _ := strconv.Atoi(m[1])
						if !slices.Contains(shares, n) {
							t.Errorf("the HTML shows %q, the JSON has no such share: %s", m[0], jsonBody)
						}
					}
					for _, re := range []*regexp.Regexp{messageRe, noticeRe, headingRe} {
						for _, m := range re.FindAllStringSubmatch(page, -1) {
							if text := hyphenGapRe.ReplaceAllString(html.UnescapeString(m[1]), "$1"); !strings.Contains(drawn, text) {
								t.Errorf("%s: the HTML says %q, the SVG does not: %s", layout, text, drawn)
							}
						}
					}
					for _, c := range j.Candidats {
						if !strings.Contains(drawn, c.Libelle) || !strings.Contains(drawn, c.CFD) {
							t.Errorf("%s: candidate %s (%s) not drawn: %s", layout, c.Libelle, c.CFD, drawn)
						}
					}
				}
			})
		}
	}
}
