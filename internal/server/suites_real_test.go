package server

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/widget"
)

// suiteLink is one next-step link of a widget's HTML.
var suiteLink = regexp.MustCompile(`<li><a href="([^"]+)">(Voir les chiffres[^<]*)</a></li>`)

// TestSuitesLeadToFiguresReal (issue 13): on the real data, every next step of a sample of
// no-data widgets, followed through the server, is a widget with figures. Before, "Voir les
// chiffres de la France entière" of /widgets/regions/11/certifications/32032002?millesime=2018_2019
// went to France for 2018_2019, which has none either.
func TestSuitesLeadToFiguresReal(t *testing.T) {
	s := newServer(t, true)
	snap := s.store.Current()
	codes := snap.Codes()
	paths := []string{"/widgets/regions/11/certifications/32032002?millesime=2018_2019"}
	ms := snap.Millesimes(widget.ScopeRegion)
	for i, c := range codes {
		if i%53 != 0 {
			continue
		}
		paths = append(paths, "/widgets/certifications/"+c.String()+"?millesime="+string(ms[i%len(ms)]))
		for j, r := range snap.RegionCodes() {
			if (i+j)%4 != 0 {
				continue
			}
			paths = append(paths, "/widgets/regions/"+r+"/certifications/"+c.String()+"?millesime="+string(ms[(i+j)%len(ms)]))
		}
	}
	for i, uai := range snap.EtablissementUAIs() {
		if i%400 == 0 {
			c := codes[(i/400*131)%len(codes)]
			paths = append(paths, "/widgets/formations/"+uai+"/"+c.String()+"?millesime="+string(ms[i%len(ms)]))
		}
	}
	state := func(href string) string {
		p, q, _ := strings.Cut(href, "?")
		rec := get(t, s, p+".json?"+q)
		var j struct {
			State widget.State `json:"state"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &j); err != nil {
			t.Fatalf("%s: %d %v", href, rec.Code, err)
		}
		return string(j.State)
	}
	noData, links, france, region := 0, 0, 0, 0
	for _, p := range paths {
		if state(p) != string(widget.StateSansDonnee) {
			continue
		}
		noData++
		rec := get(t, s, p)
		for _, m := range suiteLink.FindAllStringSubmatch(rec.Body.String(), -1) {
			href := html.UnescapeString(m[1])
			links++
			if strings.HasPrefix(href, "/widgets/certifications/") {
				france++
			}
			if strings.HasPrefix(p, "/widgets/formations/") && strings.HasPrefix(href, "/widgets/regions/") {
				region++
			}
			if st := state(href); st != string(widget.StateOK) && st != string(widget.StatePartiel) {
				t.Errorf("%s: next step %q → %s has no figures (state %s)", p, m[2], href, st)
			}
		}
	}
	if first := get(t, s, paths[0]).Body.String(); !strings.Contains(first, `<a href="/widgets/certifications/32032002?theme=dsfr">Voir les chiffres de la France entière</a>`) {
		t.Errorf("%s: France's link is not the default millésime's: %q", paths[0], suiteLink.FindAllString(first, -1))
	}
	t.Logf("%d widgets sampled, %d without data, %d next steps followed (%d to France, %d from a formation to its region)", len(paths), noData, links, france, region)
	if noData < 20 || france == 0 {
		t.Errorf("sample too small: %d no-data widgets, %d France links", noData, france)
	}
}
