package server

import (
	"net/http"
	"net/url"
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
		q := url.Values{"millesime": {millesime}, "audience": {audience}, "theme": {theme}, "title": {title}}.Encode()
		paths := []string{
			"/widgets/certifications/" + url.PathEscape(code) + "?" + q,
			"/widgets/regions/" + url.PathEscape(region) + "/certifications/" + url.PathEscape(code) + "?" + q,
			"/widgets/etablissements/" + url.PathEscape(region) + "?" + q,
			"/widgets/formations/" + url.PathEscape(region) + "/" + url.PathEscape(code) + "?" + q,
		}
		for _, p := range paths {
			if _, err := url.ParseRequestURI(p); err != nil {
				continue
			}
			rec := get(t, s, p)
			if rec.Code >= 500 {
				t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
			}
			body := rec.Body.String()
			for _, in := range []string{region, code, millesime, audience, theme, title} {
				// Only values that cannot be a legitimate part of a widget: markup-like input.
				if len(in) >= 3 && strings.ContainsAny(in, "<>\"'") && strings.Contains(body, in) {
					t.Fatalf("%s reflects %q", p, in)
				}
			}
		}
	})
}

// FuzzEmbedRoutes: whatever /oembed, /preview and ?partner= receive, the server never answers
// 5xx (501 excepted: an oEmbed format we do not serve) and never writes a markup-like value back
// (a value is reflected when it is in the body but not in the body of the same route asked with
// "zz" in every field: short values such as "><b" are in our own markup).
func FuzzEmbedRoutes(f *testing.F) {
	f.Add("https://widgets.example.fr/widgets/certifications/32032002", "320", "json", "communication bts", "32032002", "11", "onisep")
	f.Add("https://evil.example/widgets/certifications/32032002?x=<b>", "-1", "xml", "<script>", "<b>", "10", "<i>")
	f.Add("https://widgets.example.fr/widgets/regions/11/certifications/32032002?partner=lba&theme=alt", "99999", "", "", "36X32318", "", "lba")
	s := embedServer(f, false, testPublicURL, testPartners)
	paths := func(u, maxwidth, format, q, code, region, partner string) []string {
		return []string{
			"/oembed?" + url.Values{"url": {u}, "maxwidth": {maxwidth}, "maxheight": {maxwidth}, "format": {format}}.Encode(),
			"/preview?" + url.Values{"q": {q}}.Encode(),
			"/preview?" + url.Values{"code": {code}, "region": {region}, "partner": {partner}, "vue": {"filieres"}}.Encode(),
			"/widgets/certifications/32032002.json?" + url.Values{"partner": {partner}}.Encode(),
			"/widgets/certifications/32032002?" + url.Values{"partner": {partner}}.Encode(),
		}
	}
	benign := paths("zz", "zz", "zz", "zz", "zz", "zz", "zz")
	f.Fuzz(func(t *testing.T, u, maxwidth, format, q, code, region, partner string) {
		for i, p := range paths(u, maxwidth, format, q, code, region, partner) {
			rec := get(t, s, p)
			if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
				t.Fatalf("%s: %d %s", p, rec.Code, rec.Body)
			}
			body, base := rec.Body.String(), get(t, s, benign[i]).Body.String()
			for _, in := range []string{u, maxwidth, format, q, code, region, partner} {
				if len(in) >= 3 && strings.ContainsAny(in, "<>\"'") && strings.Contains(body, in) && !strings.Contains(base, in) {
					t.Fatalf("%s reflects %q", p, in)
				}
			}
		}
	})
}
