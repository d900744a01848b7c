package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/widget"
	"github.com/ijwidgets/ijwidgets/widget/dataapi"
	"github.com/ijwidgets/ijwidgets/widget/legacy"
)

// The data API (issue 14): /api/v1 lists and exports, the predecessor's list routes, the
// OpenAPI description. Handlers are thin: widget/dataapi parses, selects and shapes; this file
// writes, with an ETag per (snapshot, query) and the rendered-output cache of the snapshot.

const csvContentType = "text/csv; charset=utf-8"

// apiRoute is one GET route of the data API, as registered and as described in the OpenAPI
// document (openapi.go): the same table does both, and TestOpenAPICoversRoutes compares echo's
// routes with the document.
type apiRoute struct {
	path    string // echo pattern
	op      operation
	handler echo.HandlerFunc
}

// ctxAPIPartner is the echo.Context key of the partner a valid API key names.
const ctxAPIPartner = "ijw.apikey"

// apiKeys maps the SHA-256 (hex) of each configured key to its partner.
type apiKeys map[string]string

// apiKeyOf reads the key a request sends: X-Api-Key, else Authorization: Bearer (any case). sent is
// whether either header is present at all: an empty one, an empty Bearer token or another
// scheme is a key sent and invalid (key ""), never the anonymous none (issue 14 defect 7).
func apiKeyOf(r *http.Request) (key string, sent bool) {
	if ks, ok := r.Header["X-Api-Key"]; ok {
		if len(ks) != 1 {
			return "", true // two keys: which one would it be?
		}
		return strings.TrimSpace(ks[0]), true
	}
	if as, ok := r.Header["Authorization"]; ok {
		// The scheme is case-insensitive (RFC 9110 §11.1; issue 14 defect 9: "bearer KEY" was a
		// 401), then blanks (1*SP, a tab tolerated), then the token.
		if i := strings.IndexAny(as[0], " \t"); i > 0 && len(as) == 1 && strings.EqualFold(as[0][:i], "Bearer") {
			return strings.TrimSpace(as[0][i:]), true
		}
		return "", true // an Authorization we do not read is an invalid key, not none
	}
	return "", false
}

// apiKeyMiddleware checks the API key of a request that sends one (issue 14 item 5): a valid
// key names its partner for the quotas, the metrics and the logs; an invalid one is a 401
// (JSON, French), never a silent downgrade to the anonymous quota. No key: anonymous. Only the
// data routes read it (isDataPath): the admin and metrics tokens travel in Authorization too.
func (s *Server) apiKeyMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key, sent := apiKeyOf(c.Request())
		if !sent || !isDataPath(c.Request().URL.Path) { // /admin and /metrics read their own Authorization
			return next(c)
		}
		sum := sha256.Sum256([]byte(key))
		partner, ok := s.apiKeys[hex.EncodeToString(sum[:])]
		if !ok || key == "" {
			body, _ := json.Marshal(map[string]string{"error": "cle_api_invalide",
				"message": "La clé d'API envoyée n'est pas valide. Les données sont publiques : retirez l'en-tête X-Api-Key (ou Authorization) ou demandez une nouvelle clé."})
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="ijwidgets"`)
			return s.policy.write(c, http.StatusUnauthorized, echo.MIMEApplicationJSON, kindJSON, body)
		}
		c.Set(ctxAPIPartner, partner)
		return next(c)
	}
}

// keyedPartner is the partner of a valid API key, "" without one.
func keyedPartner(c echo.Context) string {
	p, _ := c.Get(ctxAPIPartner).(string)
	return p
}

// corsHeaders are the CORS answers of the data routes (issue 13, SPEC §8): any origin may read
// them, without credentials, and read the pagination headers of the lists (issue 14 defect 1).
var corsHeaders = map[string][]string{
	"Access-Control-Allow-Origin":   {"*"},
	"Access-Control-Expose-Headers": {"ETag, Content-Disposition, X-Request-Id, Retry-After, Link, X-Total-Count"},
}

// isDataPath reports whether a path is a data route: the API, and the widget routes' JSON and CSV.
func isDataPath(p string) bool {
	if strings.HasPrefix(p, "/api/") {
		return true
	}
	return strings.HasPrefix(p, "/widgets/") && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".csv"))
}

// sendsCORS is the one rule of CORS (issue 14 defect 4): the paths whose answers carry the CORS
// headers, and whose preflight is answered, are the data routes (isDataPath) and oEmbed.
func sendsCORS(p string) bool { return p == "/oembed" || isDataPath(p) }

// cors adds the CORS headers to every answer of a path sendsCORS names (errors included: a
// partner's script reads the 400's sentence), and answers its preflight: an OPTIONS on a route
// (Echo's router set the Allow of its methods), never on an unknown path (a 404).
func cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !sendsCORS(c.Request().URL.Path) {
			return next(c)
		}
		h := c.Response().Header()
		for k, v := range corsHeaders {
			h[k] = v
		}
		if c.Request().Method == http.MethodOptions && c.Get(echo.ContextKeyHeaderAllow) != nil {
			return preflight(c)
		}
		return next(c)
	}
}

// preflight answers the CORS preflight (OPTIONS) of a CORS route: GET and HEAD, the headers a
// partner's script may send (its key, a revalidation, the CSV Accept).
func preflight(c echo.Context) error {
	h := c.Response().Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Authorization, X-Api-Key, If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Cache-Control", "no-store")
	return c.NoContent(http.StatusNoContent)
}

// The formats a list route answers: negotiated by Accept (the route without suffix), or fixed
// by its suffix.
const (
	formatNegotiated = ""
	formatJSON       = "json"
	formatCSV        = "csv"
)

// listFormat is the format of a list answer: the suffix's, else Accept's (prefersCSV), with
// Vary: Accept on the negotiated route.
func listFormat(c echo.Context, fixed string) string {
	if fixed != formatNegotiated {
		return fixed
	}
	c.Response().Header().Add("Vary", "Accept")
	if prefersCSV(c.Request().Header.Get("Accept")) {
		return formatCSV
	}
	return formatJSON
}

// prefersCSV reports whether an Accept header (RFC 9110 §12.5.1) prefers text/csv to
// application/json, the default (issue 14 defect 2). Media ranges are case-insensitive and read
// with mime.ParseMediaType, one element at a time (a malformed one is skipped); each offer takes
// the q of the most specific range that matches it (type/subtype, then type/*, then */*); q=0
// is "not acceptable". The higher q wins; a tie goes to the range listed first, and one range
// matching both (*/*) or neither offer acceptable is JSON.
func prefersCSV(accept string) bool {
	if accept == "" {
		return false
	}
	type match struct {
		spec int // 0: no range matches; 1 */*, 2 type/*, 3 type/subtype
		q    float64
		pos  int
	}
	offers := [2]string{"text/csv", "application/json"}
	var best [2]match
	for pos, el := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(el))
		if err != nil {
			continue
		}
		q := 1.0
		if qs, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(qs, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		for i, o := range offers {
			spec := 0
			switch {
			case mt == o:
				spec = 3
			case mt == o[:strings.IndexByte(o, '/')]+"/*":
				spec = 2
			case mt == "*/*":
				spec = 1
			}
			if spec > best[i].spec { // the first of equally specific ranges counts
				best[i] = match{spec, q, pos}
			}
		}
	}
	csv, js := best[0], best[1]
	switch {
	case csv.spec == 0 || csv.q == 0:
		return false
	case js.spec == 0 || js.q == 0:
		return true
	case csv.q != js.q:
		return csv.q > js.q
	}
	return csv.pos < js.pos
}

// paginationHeaders writes the pagination of a list answer (issue 14 defect 1: a CSV page said
// nothing of the others): X-Total-Count, and Link (RFC 8288) to the first, previous, next and
// last pages, absolute URLs from public_url with the request's list parameters (names) and
// page set. A page past the last has no next; its previous is the last.
func (s *Server) paginationHeaders(c echo.Context, p dataapi.Pagination, names []string) {
	h := c.Response().Header()
	h.Set("X-Total-Count", strconv.Itoa(p.Total))
	asked := c.QueryParams()
	q := url.Values{}
	for _, n := range names {
		if vs, ok := asked[n]; ok {
			q[n] = vs
		}
	}
	base := s.embed.publicURL + c.Request().URL.Path + "?"
	at := func(page int) string {
		q.Set("page", strconv.Itoa(page))
		return base + q.Encode()
	}
	last := max(p.NombreDePage, 1)
	links := []string{"<" + at(1) + `>; rel="first"`}
	if p.Page > 1 {
		links = append(links, "<"+at(min(p.Page-1, last))+`>; rel="prev"`)
	}
	if p.Page < p.NombreDePage {
		links = append(links, "<"+at(p.Page+1)+`>; rel="next"`)
	}
	links = append(links, "<"+at(last)+`>; rel="last"`)
	h.Set("Link", strings.Join(links, ", "))
}

// listKey is the ETag and cache key of a list answer: the assets and data versions, the route,
// the format and the query in its canonical form.
func (s *Server) listKey(version, route, format string, q dataapi.Query, extra string) string {
	b := appendBase(nil, s.assets, version, route)
	b = appendStr(appendStr(appendStr(b, format), q.Canonical()), extra)
	return sumETag(b)
}

// listAnswer is a list answer as kept in the rendered-output cache: the response and its
// pagination, which the Link and X-Total-Count headers of each request are written from.
type listAnswer struct {
	response
	pagination dataapi.Pagination
}

// serveList answers a list from the snapshot's rendered-output cache, or makes it with build
// (its body, file name and pagination), with the ETag key: a revalidation is a 304 before any
// build. names are the list's query parameters, for the pagination links.
func (s *Server) serveList(c echo.Context, snap *store.Snapshot, key, contentType string, names []string, build func() ([]byte, string, dataapi.Pagination, error)) error {
	probe := &response{status: http.StatusOK, contentType: contentType, kind: kindJSON, etag: key, alwaysCompressible: true}
	if s.policy.notModified(c, probe) {
		c.Set(ctxCache, cacheRevalidated)
		return nil
	}
	mk := func() (*listAnswer, error) {
		body, name, pag, err := build()
		if err != nil {
			return nil, err
		}
		r := &listAnswer{response: response{status: http.StatusOK, contentType: contentType, kind: kindJSON, etag: key, alwaysCompressible: true, body: body}, pagination: pag}
		if name != "" {
			r.disposition = `attachment; filename="` + name + `"`
		}
		r.gzip = gzipBytes(r.body)
		r.seal()
		return r, nil
	}
	var out *listAnswer
	cache := cacheOff
	if snap.Rendered == nil {
		var err error
		if out, err = mk(); err != nil {
			return s.requestError(c, widget.FormatJSON, err)
		}
	} else {
		v, hit, err := snap.Rendered.Get("api|"+key, func() (any, int64, bool, error) {
			r, err := mk()
			if err != nil {
				return nil, 0, false, err
			}
			return r, int64(len(r.body) + len(r.gzip) + 128), true, nil
		})
		if err != nil {
			return s.requestError(c, widget.FormatJSON, err)
		}
		out, cache = v.(*listAnswer), cacheMiss
		if hit {
			cache = cacheHit
		}
	}
	c.Set(ctxCache, cache)
	s.metrics.api(c.Path(), contentType, s.partner(c), cache.(string))
	s.paginationHeaders(c, out.pagination, names)
	return s.policy.writeResponse(c, &out.response)
}

// current is the snapshot of a request, or the 503 before the first load.
func (s *Server) current() (*store.Snapshot, error) {
	snap := s.store.Current()
	if snap == nil {
		return nil, echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return snap, nil
}

func dataDate(snap *store.Snapshot) string { return snap.LoadedAt.UTC().Format("2006-01-02") }

// v1List is the handler of /api/v1/{scope} (format formatNegotiated), {scope}.json (formatJSON)
// and {scope}.csv (formatCSV).
func (s *Server) v1List(scope widget.Scope, fixed string) echo.HandlerFunc {
	return func(c echo.Context) error {
		snap, err := s.current()
		if err != nil {
			return err
		}
		q, err := dataapi.ParseQuery(c.QueryParams(), dataapi.V1)
		if err != nil {
			return s.requestError(c, widget.FormatJSON, err)
		}
		format := listFormat(c, fixed)
		asCSV := format == formatCSV
		ct := echo.MIMEApplicationJSON
		if asCSV {
			ct = csvContentType
		}
		// The suffixed routes share the negotiated route's key: the same format is the same body.
		key := s.listKey(snap.Version, "/api/v1/"+dataapi.ScopeNames[scope], format, q, "")
		return s.serveList(c, snap, key, ct, dataapi.V1.Names(), func() ([]byte, string, dataapi.Pagination, error) {
			sel, err := dataapi.Select(snap, scope, q, dataapi.V1)
			if err != nil {
				return nil, "", sel.Pagination, err
			}
			items, err := dataapi.Items(snap, scope, sel.Keys, s.opts, s.embed.publicURL)
			if err != nil {
				return nil, "", sel.Pagination, err
			}
			if !asCSV {
				body, err := json.Marshal(dataapi.List{Scope: scope, Millesimes: sel.Millesimes, Indicateurs: items, Pagination: sel.Pagination, DonneesDemonstration: snap.Demo()})
				return body, "", sel.Pagination, err
			}
			var b bytes.Buffer
			w := dataapi.NewWriter(&b)
			if err := w.Header(); err != nil {
				return nil, "", sel.Pagination, err
			}
			for _, it := range items {
				if err := w.Item(it.ViewJSON, it.Liens.JSON); err != nil {
					return nil, "", sel.Pagination, err
				}
			}
			err = w.Flush()
			return b.Bytes(), dataapi.FileName(dataapi.ScopeNames[scope], dataDate(snap)), sel.Pagination, err
		})
	}
}

// exportGzip are the export's compressors: the fastest level, the export being CPU-bound
// (about 15 % larger than the default level, at half its compression cost).
var exportGzip = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// exportRows is how many rows the export writes between two flushes of the response.
const exportRows = 512

// v1Export streams every row of a scope as gzip-compressed CSV (issue 14 item 2): each item is
// built, written and dropped in turn, so memory stays steady whatever the size. The ETag is the
// (snapshot, scope): a revalidation is a 304 without building anything.
func (s *Server) v1Export(scope widget.Scope) echo.HandlerFunc {
	return func(c echo.Context) error {
		snap, err := s.current()
		if err != nil {
			return err
		}
		name := dataapi.ScopeNames[scope]
		etag := s.listKey(snap.Version, c.Path(), "csv.gz", dataapi.Query{}, "")
		probe := &response{status: http.StatusOK, contentType: "application/gzip", kind: kindJSON, etag: etag}
		if s.policy.notModified(c, probe) {
			return nil
		}
		h, _, _ := s.policy.head(c, probe)
		h.Set("Content-Type", "application/gzip")
		h.Set("Content-Disposition", `attachment; filename="`+dataapi.FileName(name, dataDate(snap))+`.gz"`)
		s.metrics.api(c.Path(), "application/gzip", s.partner(c), "off")
		c.Response().WriteHeader(http.StatusOK)
		if c.Request().Method == http.MethodHead {
			return nil
		}
		zw := exportGzip.Get().(*gzip.Writer)
		defer exportGzip.Put(zw)
		zw.Reset(c.Response())
		w := dataapi.NewWriter(zw)
		if err := w.Header(); err != nil {
			return err
		}
		// The bare data snapshot, not the store's: its look-up cache would fill with every key
		// of the scope, once, for nothing (memory stays steady; the figures are the same).
		cat := snap.Snapshot
		for i, k := range dataapi.All(cat, scope) {
			it, err := dataapi.ItemOf(cat, scope, k, s.opts, s.embed.publicURL)
			if err != nil {
				// Headers are sent: the truncated gzip stream tells the client (no trailer).
				s.log.Error("export failed", "scope", scope, "err", err)
				return nil
			}
			if err := w.Item(it.ViewJSON, it.Liens.JSON); err != nil {
				return nil // the client left
			}
			if i%exportRows == exportRows-1 {
				if w.Flush() != nil || zw.Flush() != nil {
					return nil
				}
				c.Response().Flush()
			}
		}
		if w.Flush() != nil {
			return nil
		}
		return zw.Close()
	}
}

// legacyList is the handler of a predecessor's list route (README "Predecessor's API").
func (s *Server) legacyList(lr legacy.ListRoute, ext string) echo.HandlerFunc {
	return func(c echo.Context) error {
		snap, err := s.current()
		if err != nil {
			return err
		}
		vals := c.QueryParams()
		q, err := dataapi.ParseQuery(vals, legacy.ListParams)
		if err != nil {
			return s.requestError(c, widget.FormatJSON, err)
		}
		fixed := map[string]string{".csv": formatCSV, ".json": formatJSON}[ext]
		if region := c.Param("region"); region != "" {
			for _, sf := range [][2]string{{".csv", formatCSV}, {".json", formatJSON}} {
				if r, ok := strings.CutSuffix(region, sf[0]); ok {
					region, fixed = r, sf[1]
					break
				}
			}
			if _, err := dataapi.ParseQuery(url.Values{"regions": {region}}, legacy.ListParams); err != nil {
				return s.requestError(c, widget.FormatJSON, widget.Invalid("region", "La région est un code région INSEE (11 pour l'Île-de-France) ou un code postal à 5 chiffres."))
			}
			q.Regions = []string{region}
		}
		format := listFormat(c, fixed)
		asCSV := format == formatCSV
		ct := echo.MIMEApplicationJSON
		if asCSV {
			ct = csvContentType
		}
		key := s.listKey(snap.Version, c.Path(), format, q, "legacy")
		return s.serveList(c, snap, key, ct, legacy.ListParams.Names(), func() ([]byte, string, dataapi.Pagination, error) {
			sel, err := dataapi.Select(snap, lr.Scope, q, legacy.ListParams)
			if err != nil {
				var ie *widget.InputError
				if errors.As(err, &ie) && ie.Param == "regions" && c.Param("region") != "" {
					ie.Param = "region"
				}
				return nil, "", sel.Pagination, err
			}
			list := legacy.List{Array: lr.Array, Pagination: sel.Pagination}
			for _, k := range sel.Keys {
				req, err := dataapi.Request(lr.Scope, k, s.opts)
				if err != nil {
					return nil, "", sel.Pagination, err
				}
				v, err := widget.Build(req, snap)
				if err != nil {
					return nil, "", sel.Pagination, err
				}
				list.Items = append(list.Items, legacy.ListItem(v))
			}
			if !asCSV {
				body, err := json.Marshal(list)
				return body, "", sel.Pagination, err
			}
			var b bytes.Buffer
			w := dataapi.NewWriter(&b)
			rows := [][]string{legacy.CSVColumns(lr.Scope)}
			for _, it := range list.Items {
				rows = append(rows, legacy.CSVRow(lr.Scope, it))
			}
			for _, r := range rows {
				if err := w.Raw(r); err != nil {
					return nil, "", sel.Pagination, err
				}
			}
			err = w.Flush()
			return b.Bytes(), dataapi.FileName(lr.Array, dataDate(snap)), sel.Pagination, err
		})
	}
}

// widgetCSV is the CSV of one widget (the ".csv" route, issue 14 item 2): dataapi.ViewRows of
// v on src, with the columns of every list; its lien_json is absolute, base (public_url) first.
func widgetCSV(src widget.Source, v widget.View, opt widget.Options, base string) ([]byte, error) {
	rows, err := dataapi.ViewRows(src, v, opt, base)
	if err != nil {
		return nil, fmt.Errorf("widget CSV: %w", err)
	}
	var b bytes.Buffer
	w := dataapi.NewWriter(&b)
	if err := w.Header(); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := w.Raw(r); err != nil {
			return nil, err
		}
	}
	err = w.Flush()
	return b.Bytes(), err
}

// widgetCSVName is the file name of a widget's CSV: its path's segments and its millésime (the
// date of its figures), e.g. "inserjeunes-regions-11-certifications-32032002-2022_2023.csv".
func widgetCSVName(v widget.View) string {
	name := strings.Trim(strings.ReplaceAll(strings.TrimPrefix(widget.Path(v.Request), "/widgets/"), "/", "-"), "-")
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, name)
	if v.Millesime != "" {
		name += "-" + string(v.Millesime)
	}
	return "inserjeunes-" + name + ".csv"
}
