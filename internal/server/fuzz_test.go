package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// FuzzWidgetRoutes: whatever the route parameters and query, the server never answers 5xx and
// never writes a fuzzed value back (SPEC §8: never a 500, never a reflected value).
func FuzzWidgetRoutes(f *testing.F) {
	f.Add("11", "32032002.json", "2022_2023", "lycee", "dsfr", "0")
	f.Add("10", "36X32318.svg", "cumul 2023-2024", "college", "x", "1")
	f.Add("01", "MEFSTAT11:23220034307", "2019-2020", "", "", "")
	f.Add("", "SISE:2500200.json", "9999_10000", "superieur", "dsfr", "2")
	f.Add("84", "32032002,23830025216", "", "", "", "")
	f.Add("0751234J", "23220034307.json", "2022_2023", "accompagnateur", "neutral", "0")
	f.Add("0010001w.svg", "x", "", "", "contrast", "")
	s := newServer(f, false)
	f.Fuzz(func(t *testing.T, region, code, millesime, audience, theme, title string) {
		in := []string{region, code, millesime, audience, theme, title}
		paths := func(v ...string) []string {
			region, code := url.PathEscape(v[0]), url.PathEscape(v[1])
			q := url.Values{"millesime": {v[2]}, "audience": {v[3]}, "theme": {v[4]}, "title": {v[5]}}.Encode()
			return []string{
				"/widgets/certifications/" + code + "?" + q,
				"/widgets/regions/" + region + "/certifications/" + code + "?" + q,
				"/widgets/etablissements/" + region + "?" + q,
				"/widgets/formations/" + region + "/" + code + "?" + q,
			}
		}
		for i, p := range paths(in...) {
			if !validURI(p) {
				continue
			}
			rec := get(t, s, p)
			if rec.Code >= 500 {
				t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
			}
			if v, bad := reflectedInput(t, s, in, paths, i, rec.Body.String()); bad {
				t.Fatalf("%s reflects %q", p, v)
			}
		}
	})
}

// FuzzEmbedRoutes: whatever /oembed, /preview, /gallery, the data API lists and ?partner= receive, the server never answers
// 5xx (501 excepted: an oEmbed format we do not serve) and never writes a markup-like value back
// (a value is reflected when it is in the body but not in the body of the same route asked with
// "zz" in every field: short values such as "><b" are in our own markup).
func FuzzEmbedRoutes(f *testing.F) {
	f.Add("https://widgets.example.fr/widgets/certifications/32032002", "320", "json", "communication bts", "32032002", "11", "onisep")
	f.Add("https://evil.example/widgets/certifications/32032002?x=<b>", "-1", "xml", "<script>", "<b>", "10", "<i>")
	f.Add("https://widgets.example.fr/widgets/regions/11/certifications/32032002?partner=lba&theme=alt", "99999", "", "", "36X32318", "", "lba")
	s := embedServer(f, false, testPublicURL, testPartners)
	paths := func(v ...string) []string {
		u, maxwidth, format, q, code, region, partner := v[0], v[1], v[2], v[3], v[4], v[5], v[6]
		return []string{
			"/oembed?" + url.Values{"url": {u}, "maxwidth": {maxwidth}, "maxheight": {maxwidth}, "format": {format}}.Encode(),
			"/preview?" + url.Values{"q": {q}}.Encode(),
			"/preview?" + url.Values{"code": {code}, "region": {region}, "partner": {partner}, "vue": {"filieres"}}.Encode(),
			"/widgets/certifications/32032002.json?" + url.Values{"partner": {partner}}.Encode(),
			"/widgets/certifications/32032002?" + url.Values{"partner": {partner}}.Encode(),
			"/preview?" + url.Values{"code": {code}, "audience": {partner}, "width": {format}, "tab": {region}, "page": {maxwidth}, "title": {q}}.Encode(),
			"/gallery?" + url.Values{"page": {maxwidth}, "audience": {partner}, "state": {format}, "theme": {region}, "template": {q}}.Encode(),
			"/api/v1/regions?" + url.Values{"codes": {code}, "regions": {region}, "millesimes": {format}, "page": {maxwidth}, "voie": {partner}}.Encode(),
			"/api/inserjeunes/regionales?" + url.Values{"code_certifications": {code}, "regions": {region}, "millesimes": {format}, "items_par_page": {maxwidth}}.Encode(),
		}
	}
	f.Fuzz(func(t *testing.T, u, maxwidth, format, q, code, region, partner string) {
		in := []string{u, maxwidth, format, q, code, region, partner}
		for i, p := range paths(in...) {
			rec := get(t, s, p)
			if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
				t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
			}
			if v, bad := reflectedInput(t, s, in, paths, i, rec.Body.String()); bad {
				t.Fatalf("%s reflects %q", p, v)
			}
		}
	})
}

// reflectedInput returns an input that body repeats although the same request with that one
// input set to "zz" does not (then the value came from the input, not from our own text). Only
// markup-like values (<, >, quotes) of 3 bytes or more are considered.
func reflectedInput(t *testing.T, s *Server, in []string, paths func(...string) []string, i int, body string) (string, bool) {
	t.Helper()
	for k, v := range in {
		if len(v) < 3 || !strings.ContainsAny(v, "<>\"'") || !strings.Contains(body, v) {
			continue
		}
		alt := slices.Clone(in)
		alt[k] = "zz"
		if alt := paths(alt...)[i]; validURI(alt) && !strings.Contains(get(t, s, alt).Body.String(), v) {
			return v, true
		}
	}
	return "", false
}

func validURI(p string) bool {
	_, err := url.ParseRequestURI(p)
	return err == nil
}
