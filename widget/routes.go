package widget

import "strings"

// The route table (issue 11 item 2): every URL shape of the widgets, used to register the
// handlers, to parse a URL (oEmbed) and to write one (snippets, oEmbed, preview, gallery, index).

// FormatCSV is a widget's figures as CSV, the route with the ".csv" extension (issue 14 item 2;
// issue 13: the widget's "données" link points to it): the columns of widget/dataapi, ";"
// separated, UTF-8, masked values empty.
const FormatCSV Format = "csv"

// Extensions are the path suffixes of the formats of a widget route (SPEC §8: no suffix is HTML).
var Extensions = map[Format]string{FormatHTML: "", FormatSVG: ".svg", FormatJSON: ".json", FormatCSV: ".csv"}

// RouteShape is one widget URL shape (SPEC §8): an Echo pattern whose parameters are :region,
// :uai and :code (the last segment, which carries the .svg/.json suffix).
type RouteShape struct {
	Scope   Scope
	Pattern string
}

// Routes are the widget URL shapes, one per scope.
var Routes = []RouteShape{
	{ScopeCertification, "/widgets/certifications/:code"},
	{ScopeRegion, "/widgets/regions/:region/certifications/:code"},
	{ScopeEtablissement, "/widgets/etablissements/:uai"},
	{ScopeFormation, "/widgets/formations/:uai/:code"},
}

// RouteOf reads the path parameters of a widget route of the scope (param returns a parameter
// by name, as echo.Context.Param does): the UAI is the last segment of an establishment's path.
func RouteOf(scope Scope, param func(string) string) Route {
	if scope == ScopeEtablissement {
		return Route{Scope: scope, Last: param("uai")}
	}
	return Route{Scope: scope, Region: param("region"), UAI: param("uai"), Last: param("code")}
}

// ParsePath reads a widget path ("/widgets/regions/11/certifications/32032002") into its route;
// ok is false for any other path. The parameters are checked by ParseRoute.
func ParsePath(path string) (Route, bool) {
	segs := strings.Split(path, "/")
	for _, rs := range Routes {
		pat := strings.Split(rs.Pattern, "/")
		if len(pat) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, p := range pat {
			if name, isParam := strings.CutPrefix(p, ":"); isParam && segs[i] != "" {
				params[name] = segs[i]
			} else if p != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return RouteOf(rs.Scope, func(k string) string { return params[k] }), true
		}
	}
	return Route{}, false
}

// Path returns the canonical path of a widget request, without format suffix: the codes as
// parsed, joined with commas (or the partner identifier asked, in its canonical form). Every part was validated by ParseRoute.
func Path(r Request) string {
	var buf [128]byte // on the stack: one allocation, the result (issue 11 item 5)
	return string(AppendPath(buf[:0], r))
}

// AppendPath appends Path(r) to dst.
func AppendPath(dst []byte, r Request) []byte {
	if r.Identifiant.Kind != "" { // the partner's identifier, as it asked: Build resolved it
		return appendPathOf(dst, r.Scope, r.Region, r.UAI, r.Identifiant.String(), nil)
	}
	return appendPathOf(dst, r.Scope, r.Region, r.UAI, "", r.Codes)
}

// PathOf writes the path of a scope from its parameters (code: one or several codes joined with
// commas; unused by ScopeEtablissement). A format suffix (".svg", ".json") is appended to it.
func PathOf(scope Scope, region, uai, code string) string {
	var buf [128]byte
	out := appendPathOf(buf[:0], scope, region, uai, code, nil)
	if out == nil {
		return ""
	}
	return string(out)
}

// appendPathOf appends the path of scope to dst: its route's pattern with :region, :uai and :code
// replaced (:code by code, or with codes given, by their String joined with commas). It returns
// nil for a scope without a route. The pattern is read in place: a path costs no allocation but
// its result's.
func appendPathOf(dst []byte, scope Scope, region, uai, code string, codes []Code) []byte {
	for _, rs := range Routes {
		if rs.Scope != scope {
			continue
		}
		rest := rs.Pattern[1:]
		for more := true; more; {
			var p string
			p, rest, more = strings.Cut(rest, "/")
			dst = append(dst, '/')
			switch p {
			case ":region":
				dst = append(dst, region...)
			case ":uai":
				dst = append(dst, uai...)
			case ":code":
				if codes == nil {
					dst = append(dst, code...)
				}
				for i, c := range codes {
					if i > 0 {
						dst = append(dst, ',')
					}
					if c.Kind == KindSISE {
						dst = append(dst, "SISE:"...) // as Code.String
					}
					dst = append(dst, c.Value...)
				}
			default:
				dst = append(dst, p...)
			}
		}
		return dst
	}
	return nil
}
