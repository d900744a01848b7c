package server

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/realdata"
	"github.com/ijwidgets/ijwidgets/widget"
)

// TestSameBodySameETag asks, on the real data, for a sample of widgets in many words (defaults
// spelled out, parameters a format does not read, a partner's defaults) and checks both ways:
// two answers of one route with the same body for the same audience have the same ETag, and two
// bodies never share one (issue 10: 211 bodies had several ETags). Two audiences may happen to
// get the same words (an establishment without published shares reads alike for lycée and
// supérieur readers): those are different requests, and keep their own ETags.
func TestSameBodySameETag(t *testing.T) {
	cfg := testConfig(t)
	cfg.Partners = []config.Partner{{Key: "onisep", Name: "Onisep", Origins: []string{"https://www.onisep.fr"},
		DefaultTheme: "onisep", DefaultAudience: "college"}}
	s := newServerConfig(t, cfg, realdata.RealDir(t), nil)
	snap := s.store.Current()
	newest := snap.Millesimes("region")
	variants := []string{"", "audience=college", "audience=lycee", "audience=superieur", "audience=accompagnateur",
		"scheme=light", "scheme=dark", "scheme=auto", "layout=auto", "layout=vertical", "layout=horizontal",
		"theme=dsfr", "theme=lba", "template=standard", "title=1", "title=0", "onerror=image", "onerror=empty", "onerror=status",
		"millesime=" + string(newest[len(newest)-1]), "millesime=2021_2022", "vue=filieres",
		"partner=onisep", "partner=onisep&theme=onisep", "partner=onisep&audience=college", "partner=onisep&audience=lycee"}
	var bases []string
	for i, c := range snap.Codes() {
		if i%60 == 0 {
			bases = append(bases, "/widgets/certifications/"+c.String(), "/widgets/regions/11/certifications/"+c.String())
		}
	}
	for i, uai := range snap.EtablissementUAIs() {
		if i%500 == 0 {
			bases = append(bases, "/widgets/etablissements/"+uai)
		}
	}
	etags := map[string]map[string]string{}  // route, audience and body → ETag → one path
	bodies := map[string]map[string]string{} // ETag → body → one path
	n := 0
	for _, base := range bases {
		audience := map[string]string{} // variant → the audience the JSON answer resolved
		for _, format := range []string{".json", "", ".svg"} {
			for _, v := range variants {
				path := base + format + "?" + v
				rec := get(t, s, path)
				if rec.Code == http.StatusBadRequest {
					continue // vue=filieres of a SISE code
				}
				etag, body := rec.Header().Get("ETag"), rec.Body.String()
				if etag == "" {
					t.Fatalf("%s: %d without ETag", path, rec.Code)
				}
				if format == ".json" {
					var view struct{ Audience string }
					if err := json.Unmarshal(rec.Body.Bytes(), &view); err != nil || view.Audience == "" {
						t.Fatalf("%s: audience %q, %v", path, view.Audience, err)
					}
					audience[v] = view.Audience
				}
				body = base[:strings.LastIndexByte(base, '/')] + "|" + body
				if bodies[etag] == nil {
					bodies[etag] = map[string]string{}
				}
				bodies[etag][body] = path
				// The route template and the audience: answers of one route for one reader.
				body = base[:strings.LastIndexByte(base, '/')] + "|" + audience[v] + "|" + rec.Body.String()
				if etags[body] == nil {
					etags[body] = map[string]string{}
				}
				etags[body][etag] = path
				n++
			}
		}
	}
	several := 0
	for _, m := range etags {
		if len(m) > 1 {
			several++
			var paths []string
			for _, p := range m {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			if several <= 5 {
				t.Errorf("one body, %d ETags: %s", len(m), strings.Join(paths, " "))
			}
		}
	}
	shared := 0
	for etag, m := range bodies {
		if len(m) > 1 {
			shared++
			if shared <= 5 {
				var paths []string
				for _, p := range m {
					paths = append(paths, p)
				}
				t.Errorf("ETag %s for %d bodies: %s", etag, len(m), strings.Join(paths, " "))
			}
		}
	}
	t.Logf("%d answers, %d bodies for one audience, %d ETags; %d bodies with several ETags, %d ETags with several bodies",
		n, len(etags), len(bodies), several, shared)
	if several != 0 || shared != 0 {
		t.Errorf("%d bodies with several ETags, %d ETags with several bodies", several, shared)
	}
}

// TestETagKeyUnambiguous: the key writes each field length-prefixed, so values that would read
// alike once concatenated (a region and a UAI, a code's kind and value, the audience and the
// millésime of a representation) never share a key.
func TestETagKeyUnambiguous(t *testing.T) {
	a := widget.Request{Region: "1", UAI: "12"}
	b := widget.Request{Region: "11", UAI: "2"}
	if widgetKey("x", "d", "/r", a) == widgetKey("x", "d", "/r", b) {
		t.Error("region/UAI boundary not in the key")
	}
	c := widget.Request{Codes: []widget.Code{{Kind: "AB", Value: "C"}}}
	d := widget.Request{Codes: []widget.Code{{Kind: "A", Value: "BC"}}}
	if widgetKey("x", "d", "/r", c) == widgetKey("x", "d", "/r", d) {
		t.Error("code kind/value boundary not in the key")
	}
	if widgetKey("ab", "c", "/r", a) == widgetKey("a", "bc", "/r", a) {
		t.Error("assets/data version boundary not in the key")
	}
	r1 := representation{Surface: widget.SurfaceHTML, Audience: "lycee"}
	r2 := representation{Surface: widget.SurfaceHTML, Millesime: "lycee"}
	r3 := representation{Surface: widget.SurfaceSVG, Audience: "lycee"}
	if representationETag("x", "d", "/r", r1) == representationETag("x", "d", "/r", r2) ||
		representationETag("x", "d", "/r", r1) == representationETag("x", "d", "/r", r3) {
		t.Error("representation fields not each in the ETag")
	}
}
