package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ijwidgets/ijwidgets/static"
)

// TestSpecAcceptance checks every row of SPEC §11 through the HTTP server on the real data.
func TestSpecAcceptance(t *testing.T) {
	s := newServer(t, true)
	tests := []struct {
		path                      string
		filiere                   string
		cohort, emploi, poursuite int
		te, tf, ta                int
		pictos                    string
	}{
		{"/widgets/regions/11/certifications/32032002.json?millesime=2022_2023", "apprentissage", 1064, 216, 646, 20, 61, 19, `{"emploi":2,"formation":6,"autres":2}`},
		{"/widgets/regions/11/certifications/32032002.json?millesime=2021_2022", "apprentissage", 639, 149, 363, 23, 57, 20, ""},
		{"/widgets/regions/11/certifications/36X32318.json?millesime=2022_2023", "apprentissage", 40, 1, 39, 2, 98, 0, ""},
		{"/widgets/regions/11/certifications/23220034307.json?millesime=2021_2022", "scolaire", 40, 2, 23, 5, 58, 37, ""},
		{"/widgets/regions/11/certifications/32221034301.json?millesime=2019_2020", "scolaire", 20, 6, 8, 30, 40, 30, ""},
		{"/widgets/regions/11/certifications/23220025126.json?millesime=2021_2022", "scolaire", 22, 0, 22, 0, 100, 0, ""},
		{"/widgets/certifications/32032002.json?millesime=2022_2023", "apprentissage", 2757, 644, 1627, 23, 59, 18, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, s, tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got struct {
				State       string          `json:"state"`
				Filiere     string          `json:"filiere"`
				Cohort      *int            `json:"nb_annee_term"`
				Emploi      *int            `json:"nb_en_emploi_6_mois"`
				Poursuite   *int            `json:"nb_poursuite_etudes"`
				TE          *int            `json:"taux_en_emploi_6_mois"`
				TF          *int            `json:"taux_en_formation"`
				TA          *int            `json:"taux_autres_6_mois"`
				Pictos      json.RawMessage `json:"pictogrammes"`
				Disponibles []string        `json:"millesimes_disponibles"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.State != "ok" || got.Filiere != tt.filiere || *got.Cohort != tt.cohort || *got.Emploi != tt.emploi || *got.Poursuite != tt.poursuite ||
				*got.TE != tt.te || *got.TF != tt.tf || *got.TA != tt.ta {
				t.Errorf("got %s", rec.Body)
			}
			if tt.pictos != "" && string(got.Pictos) != tt.pictos {
				t.Errorf("pictogrammes %s, want %s", got.Pictos, tt.pictos)
			}
		})
	}

	t.Run("cohort 19 is masked", func(t *testing.T) {
		rec := get(t, s, "/widgets/regions/11/certifications/23220022349.json?millesime=2019_2020")
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, `"state":"effectif_insuffisant"`) || !strings.Contains(body, `"nb_annee_term":19`) ||
			strings.Contains(body, "taux_") || strings.Contains(body, "nb_en_emploi") || strings.Contains(body, "nb_poursuite") || strings.Contains(body, "pictogrammes") {
			t.Errorf("%d %s", rec.Code, body)
		}
	})
	t.Run("region 01 is Guadeloupe", func(t *testing.T) {
		body := get(t, s, "/widgets/regions/01/certifications/32032002.json?millesime=2022_2023").Body.String()
		if !strings.Contains(body, `"region":{"code":"01","nom":"Guadeloupe"}`) {
			t.Errorf("%s", body)
		}
	})
	for _, r := range []string{"1", "10", "001", "x1"} {
		t.Run("region "+r+" is a 400", func(t *testing.T) {
			rec := get(t, s, "/widgets/regions/"+r+"/certifications/32032002.json")
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"param":"region"`) {
				t.Errorf("%d %s", rec.Code, rec.Body)
			}
		})
	}
	t.Run("render equals the default millésime", func(t *testing.T) {
		a := get(t, s, "/widgets/regions/11/certifications/32032002.json").Body.String()
		b := get(t, s, "/widgets/regions/11/certifications/32032002.json?millesime=2022_2023").Body.String()
		if a != b {
			t.Errorf("default millésime is not 2022_2023:\n%s\n%s", a, b)
		}
	})
}

func TestStatesAndErrors(t *testing.T) {
	s := newServer(t, false)
	tests := []struct {
		path, want string
		status     int
	}{
		{"/widgets/regions/11/certifications/32032002.json", `"state":"ok"`, 200},
		{"/widgets/regions/11/certifications/32032002", "Que deviennent les apprentis", 200},
		{"/widgets/regions/11/certifications/99999999.json", `"state":"certification_inconnue"`, 404},
		{"/widgets/regions/11/certifications/99999999", "Cette formation n&#39;est pas connue", 404},
		{"/widgets/regions/11/certifications/23830031212.json", `"state":"pas_de_donnees"`, 404},
		{"/widgets/regions/11/certifications/23830031212.json", `"millesimes_disponibles":["2021_2022"]`, 404},
		{"/widgets/regions/11/certifications/23830031212?audience=lycee", "Pas de données pour les promotions 2022 et 2023", 200},
		{"/widgets/regions/11/certifications/23830031212", "Pas de chiffres pour les jeunes sortis en 2022 et 2023", 200},
		{"/widgets/regions/11/certifications/36X32318.json", `"state":"partiel"`, 200},
		{"/widgets/regions/84/certifications/36X32318.json", `"state":"effectif_insuffisant"`, 200},
		{"/widgets/regions/10/certifications/32032002", "Paramètre invalide : region", 400},
		{"/widgets/regions/11/certifications/32032002.json?millesime=%3Cscript%3E", `"param":"millesime"`, 400},
		{"/widgets/regions/11/certifications/%3Cscript%3Ealert(1)%3C%2Fscript%3E.svg", `"param":"code"`, 400},
		{"/widgets/regions/11/certifications/32032002?audience=%22onmouseover", "Paramètre invalide : audience", 400},
		{"/nope", "Page introuvable", 404},
		{"/healthz", "ok", 200},
		{"/readyz", `"status":"ready"`, 200},
		{"/", "ijwidgets", 200},
		{"/static/widget.css", ".ijw", 200},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, s, tt.path)
			body := rec.Body.String()
			if rec.Code != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d %.400s\nwant %d and %q", rec.Code, body, tt.status, tt.want)
			}
			// The widget document loads its own resize script, and no other.
			body = strings.Replace(body, `<script src="/static/resize.js?v=`+static.ResizeVersion+`" defer></script>`, "", 1)
			body = strings.ReplaceAll(body, "Certif Info", "") // a name, not an Inf
			for _, bad := range []string{"<script", "onmouseover", "NaN", "Inf", "%!", "null"} {
				if strings.Contains(body, bad) {
					t.Errorf("body contains %q: %.400s", bad, body)
				}
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	s := newServer(t, false)
	w := get(t, s, "/widgets/regions/11/certifications/32032002")
	h := w.Header()
	if h.Get("X-Frame-Options") != "" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors *") {
		t.Errorf("widget must be frameable: XFO %q CSP %q", h.Get("X-Frame-Options"), h.Get("Content-Security-Policy"))
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Cache-Control"), "public, max-age=") {
		t.Errorf("headers %v", h)
	}
	svg := get(t, s, "/widgets/regions/11/certifications/32032002.svg").Header()
	if !strings.HasPrefix(svg.Get("Content-Type"), "image/svg+xml") || !strings.Contains(svg.Get("Content-Security-Policy"), "default-src 'none'") ||
		strings.Contains(svg.Get("Content-Security-Policy"), "script") {
		t.Errorf("svg headers %v", svg)
	}
	if get(t, s, "/").Header().Get("X-Frame-Options") != "DENY" {
		t.Error("our own pages are not frameable")
	}

	etag := h.Get("ETag")
	if !strings.HasPrefix(etag, `"`) {
		t.Fatalf("strong ETag expected, got %q", etag)
	}
	for _, inm := range []string{etag, "W/" + etag, `"x", ` + etag} {
		if rec := get(t, s, "/widgets/regions/11/certifications/32032002", "If-None-Match", inm); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d", inm, rec.Code)
		}
	}
	if rec := get(t, s, "/widgets/regions/11/certifications/32032002?utm_source=x", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("unknown parameters must not change the body: %d", rec.Code)
	}

	gz := get(t, s, "/widgets/regions/11/certifications/32032002", "Accept-Encoding", "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip: %v", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, w.Body.Bytes()) {
		t.Error("gzip body differs from the plain one")
	}

	head := httptestHead(s, "/widgets/regions/11/certifications/32032002")
	if head != http.StatusOK {
		t.Errorf("HEAD: %d", head)
	}
}

func httptestHead(s *Server, path string) int {
	req, _ := http.NewRequest(http.MethodHead, path, nil)
	rec := &statusRecorder{header: http.Header{}}
	s.ServeHTTP(rec, req)
	return rec.status
}

type statusRecorder struct {
	header http.Header
	status int
}

func (r *statusRecorder) Header() http.Header { return r.header }
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return len(b), nil
}
func (r *statusRecorder) WriteHeader(s int) { r.status = s }

// checkSVG fails unless body is well-formed XML whose root is an accessible <svg>.
func checkSVG(t *testing.T, body []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(body))
	var root *xml.StartElement
	titles := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == nil {
				root = &se
			}
			if se.Name.Local == "title" || se.Name.Local == "desc" {
				titles++
			}
		}
	}
	if root == nil || root.Name.Local != "svg" || titles != 2 {
		t.Fatalf("root %v, title+desc %d", root, titles)
	}
	attrs := map[string]string{}
	for _, a := range root.Attr {
		attrs[a.Name.Local] = a.Value
	}
	if attrs["role"] != "img" || attrs["aria-labelledby"] == "" {
		t.Errorf("svg root attributes %v", attrs)
	}
}

// TestSVGOnError: SPEC §8 onerror=image|empty|status on .svg without data; other values are 400.
func TestSVGOnError(t *testing.T) {
	s := newServer(t, false)
	const none = "/widgets/regions/11/certifications/23830031212.svg" // no data for 2022_2023
	tests := []struct {
		query, ctype, want string
		status             int
	}{
		{"", "image/svg+xml", "Pas de", 200},
		{"?onerror=image", "image/svg+xml", "Pas de", 200},
		{"?onerror=empty", "image/svg+xml", `width="1" height="1"`, 200},
		{"?onerror=status", "application/json", `"state":"pas_de_donnees"`, 404},
		{"?onerror=zzz", "application/json", `"param":"onerror"`, 400},
		{"?onerror=empty&onerror=status", "application/json", `"param":"onerror"`, 400},
	}
	for _, tt := range tests {
		rec := get(t, s, none+tt.query)
		if rec.Code != tt.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.ctype) || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s: %d %s %.200s", tt.query, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
	}
	// A widget with data ignores onerror.
	if rec := get(t, s, "/widgets/regions/11/certifications/32032002.svg?onerror=empty"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "30\u202f%") {
		t.Errorf("onerror on a widget with data: %d", rec.Code)
	}
	// Duplicated known parameters and codes of two diplomas are 400s.
	for _, p := range []string{"/widgets/regions/11/certifications/32032002.json?theme=dsfr&theme=lba",
		"/widgets/regions/11/certifications/32032002,23220034307.json"} {
		if rec := get(t, s, p); rec.Code != 400 {
			t.Errorf("%s: %d %s", p, rec.Code, rec.Body)
		}
	}
}

// TestWidgetErrorsAreFrameable: the error page of a widget URL can be shown in the partner's
// iframe; our other pages stay DENY.
func TestWidgetErrorsAreFrameable(t *testing.T) {
	s := newServer(t, false)
	for _, p := range []string{"/widgets/regions/11/certifications/32032002?theme=zzz", "/widgets/regions/10/certifications/32032002", "/widgets/nope"} {
		h := get(t, s, p).Header()
		if h.Get("X-Frame-Options") != "" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors *") {
			t.Errorf("%s: XFO %q CSP %q", p, h.Get("X-Frame-Options"), h.Get("Content-Security-Policy"))
		}
	}
	if h := get(t, s, "/nope").Header(); h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("/nope: XFO %q", h.Get("X-Frame-Options"))
	}
}
