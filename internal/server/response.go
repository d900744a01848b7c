package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	// klauspost's gzip at the default level: 2.6× faster than compress/gzip for 2.4 % more
	// bytes on our widgets (issue 11), and on-the-fly compression cost more than the render.
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// kind says which header policy a response gets.
type kind int

const (
	kindWidgetHTML  kind = iota // framed by partners: frame-ancestors from config, no X-Frame-Options
	kindWidgetSVG               // an image: no script at all
	kindJSON                    // data: never framed
	kindPage                    // our own pages (index, errors, static files): never framed
	kindGallery                 // the designers' gallery: frames its own tiles, never framed
	kindTile                    // a gallery tile: a widget framed by the gallery only
	kindScript                  // embed.js: loaded by partner pages, cacheable
	kindEditor                  // the editors' preview: runs our own scripts, never framed, never stored
	kindWidgetError             // the error page of a widget URL: framed where the widget would be
	kindCount                   // the number of kinds
)

// emptySVG is the image of a widget without data when asked empty (onerror=empty, and the
// predecessor's imageOnError=empty): 1×1, nothing drawn, hidden from screen readers.
const emptySVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1" aria-hidden="true"></svg>`

// gzipMinBytes is the smallest body worth compressing, in bytes.
const gzipMinBytes = 512

// policy is the one place that decides the headers of every response: security headers, cache
// headers, the strong ETag, conditional requests and compression (miniflux-style response builder).
type policy struct {
	frameAncestors string
	maxAge         time.Duration
	notFoundMaxAge time.Duration  // of a 404 the data gives (response.dataNotFound)
	hdr            *policyHeaders // the values written as they are (prepare)
}

// policyHeaders are the header values that do not change between requests, as the []string the
// header map holds: assigned, not Set, they cost no allocation per request (12 of a cached
// answer's 58, issue 11). Each slice has len == cap, so an Add by anyone copies it.
type policyHeaders struct {
	csp                                          [kindCount][]string // with the default frame-ancestors
	nosniff, referrer, deny, sameOrigin, noStore []string
	maxAge, notFoundMaxAge, varyEncoding, gzip   []string
	contentType                                  map[string][]string
}

// prepare computes the constant header values of p; New calls it once the frame-ancestors are known.
func (p *policy) prepare() {
	one := func(v string) []string { return []string{v} }
	h := &policyHeaders{
		nosniff: one("nosniff"), referrer: one("strict-origin-when-cross-origin"), deny: one("DENY"),
		sameOrigin: one("SAMEORIGIN"), noStore: one("no-store"),
		maxAge:         one("public, max-age=" + strconv.Itoa(int(p.maxAge.Seconds()))),
		notFoundMaxAge: one("public, max-age=" + strconv.Itoa(int(p.notFoundMaxAge.Seconds()))),
		varyEncoding:   one("Accept-Encoding"), gzip: one("gzip"),
		contentType: map[string][]string{},
	}
	for k := range kindCount {
		h.csp[k] = one(p.csp(k, p.frameAncestors))
	}
	for _, ct := range []string{echo.MIMEApplicationJSON, echo.MIMETextHTMLCharsetUTF8, echo.MIMETextPlainCharsetUTF8, svgContentType} {
		h.contentType[ct] = one(ct)
	}
	p.hdr = h
}

// svgContentType is the Content-Type of the SVG widgets.
const svgContentType = "image/svg+xml; charset=utf-8"

// csp is the Content-Security-Policy of k; fa is the frame-ancestors of widget responses.
func (p policy) csp(k kind, fa string) string {
	switch k {
	case kindWidgetHTML:
		return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors " + fa
	case kindWidgetSVG:
		return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + fa
	case kindWidgetError:
		return "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors " + fa
	case kindEditor:
		return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	case kindJSON, kindScript:
		return "default-src 'none'; frame-ancestors 'none'"
	case kindGallery:
		return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	case kindTile:
		return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
	}
	return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// response is one answer for the policy to write. Values shared through the rendered-output
// cache are read-only: write never changes them.
type response struct {
	status      int
	contentType string
	kind        kind
	body        []byte
	// gzip is body compressed, precomputed for cached entries; nil: compressed when asked.
	gzip []byte
	// alwaysCompressible marks a text body compressed whatever its size (the widgets): its ETag
	// and Vary are known before it is rendered, so that a 304 can be answered without it.
	alwaysCompressible bool
	// sealed holds the ETag and Content-Length values of both forms ready for the header map
	// (seal): a cached entry writes them without allocating.
	sealed *sealedHeaders
	// etag is the strong ETag ("…", derived from the request's inputs for widgets); "" means a
	// hash of the body.
	etag string
	// noStore marks answers no cache may keep (readiness, admin); 4xx and 5xx are never stored
	// but for dataNotFound.
	noStore bool
	// dataNotFound marks an answer without figures because the data has none (a code or an
	// establishment nobody has figures for, a millésime without data: a JSON 404, a page or an
	// image saying so): kept policy.notFoundMaxAge, since the next data may have them. Any other
	// 4xx is bad input (or an admin answer) and no-store (issue 10).
	dataNotFound bool
	// disposition is the Content-Disposition of a download (a CSV's dated file name); "" for none.
	disposition string
}

// write sends body with status and contentType under the policy of k (see writeResponse).
func (p policy) write(c echo.Context, status int, contentType string, k kind, body []byte) error {
	return p.writeResponse(c, &response{status: status, contentType: contentType, kind: k, body: body})
}

// writeResponse sends r. Cacheable answers (2xx and 3xx not noStore, and the 404s of
// dataNotFound) carry a strong ETag and Cache-Control public max-age (a shorter one for
// dataNotFound); a 2xx whose ETag matches
// If-None-Match (strong or weak form) is a 304 without body. Every other answer is no-store.
// Text bodies of gzipMinBytes or more (or alwaysCompressible) carry Vary: Accept-Encoding and
// are sent gzip-compressed to clients that accept it, under the ETag suffixed "-gz" (another
// representation, RFC 9110 §8.8.3), which validates that representation only. Content-Length is
// always the length sent.
func (p policy) writeResponse(c echo.Context, r *response) error {
	if p.notModified(c, r) { // an ETag known before the headers: a 304 writes only its own
		return nil
	}
	h, useGzip, etag := p.head(c, r)
	// Preconditions apply only to what would otherwise be a 2xx (RFC 9110 §13.2.1).
	if etag != "" && r.status >= 200 && r.status < 300 && matchETag(c.Request().Header.Get("If-None-Match"), etag) {
		for _, k := range notModifiedHeaders {
			delete(h, k)
		}
		c.Response().WriteHeader(http.StatusNotModified)
		return nil
	}
	body, form := r.body, 0
	if useGzip {
		if body, form = r.gzip, 1; body == nil {
			body = gzipBytes(r.body)
		}
		h["Content-Encoding"] = p.hdr.gzip
	}
	if r.sealed != nil {
		h["Content-Type"] = r.sealed.contentType
	} else if ct, ok := p.hdr.contentType[r.contentType]; ok {
		h["Content-Type"] = ct
	} else {
		h.Set("Content-Type", r.contentType)
	}
	if sh := r.sealed; sh != nil && sh.length[form] != nil { // form 1 is sealed only with r.gzip
		h["Content-Length"] = sh.length[form]
	} else {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	c.Response().WriteHeader(r.status)
	_, err := c.Response().Write(body)
	return err
}

// notModified answers 304 when the If-None-Match of c holds the ETag r would be sent with, and
// says so: r needs no body (a widget's is not rendered yet), only its status, kind, content type
// and ETag, with alwaysCompressible when its body will be compressible.
func (p policy) notModified(c echo.Context, r *response) bool {
	inm := c.Request().Header.Get("If-None-Match")
	if inm == "" || r.status < 200 || r.status >= 300 || r.etag == "" {
		return false
	}
	// The ETag without writing any header first: most conditional requests of a new render miss.
	etag := r.etag
	if r.compressible() && acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		etag = etag[:len(etag)-1] + `-gz"`
	}
	if r.noStore || r.kind == kindEditor || !matchETag(inm, etag) {
		return false
	}
	p.cacheHead(c, r)
	c.Response().WriteHeader(http.StatusNotModified)
	return true
}

// sealedHeaders are the per-body header values of a cached response: [0] identity, [1] gzip.
type sealedHeaders struct {
	etag, length [2][]string
	contentType  []string
}

// seal computes r's sealed headers; r is not changed afterwards (the cache shares it).
func (r *response) seal() {
	etag := r.etag
	if etag == "" {
		etag = bodyETag(r.body)
	}
	sh := &sealedHeaders{contentType: []string{r.contentType}}
	sh.etag[0], sh.length[0] = []string{etag}, []string{strconv.Itoa(len(r.body))}
	if r.gzip != nil {
		sh.etag[1], sh.length[1] = []string{etag[:len(etag)-1] + `-gz"`}, []string{strconv.Itoa(len(r.gzip))}
	}
	r.sealed = sh
}

// compressible reports whether r's body is sent gzip-compressed to clients that accept it.
func (r *response) compressible() bool {
	return (r.alwaysCompressible || len(r.body) >= gzipMinBytes) && isText(r.contentType)
}

// head writes the headers of r but Content-Type and Content-Length, and returns the header map,
// whether the body goes gzip-compressed and the ETag sent ("" for no-store).
func (p policy) head(c echo.Context, r *response) (h http.Header, useGzip bool, etag string) {
	h = c.Response().Header()
	ph := p.hdr
	h["X-Content-Type-Options"] = ph.nosniff
	h["Referrer-Policy"] = ph.referrer
	if r.disposition != "" {
		h.Set("Content-Disposition", r.disposition)
	}
	switch r.kind {
	case kindJSON, kindPage, kindGallery, kindEditor:
		h["X-Frame-Options"] = ph.deny
	case kindTile:
		h["X-Frame-Options"] = ph.sameOrigin
	default:
		delete(h, "X-Frame-Options") // widgets are framed by partners (a Secure() middleware would set SAMEORIGIN)
	}
	return p.cacheHead(c, r)
}

// notModifiedHeaders are the headers head writes that a 304 leaves out: they never change from
// one answer to the next, and a 304 carries only what updates a stored answer (RFC 9110
// §15.4.5: ETag, Cache-Control, Vary; the CSP too, whose frame-ancestors follow the partners'
// configuration). Fewer headers also keep a 304 the cheapest answer (issue 11 item 5).
var notModifiedHeaders = []string{"X-Content-Type-Options", "Referrer-Policy", "Content-Disposition", "X-Frame-Options"}

// cacheHead writes the headers of r a 304 carries too (CSP, Vary, ETag, Cache-Control) and
// returns what head returns.
func (p policy) cacheHead(c echo.Context, r *response) (h http.Header, useGzip bool, etag string) {
	h = c.Response().Header()
	ph := p.hdr
	if fa := frameAncestors(c, p.frameAncestors); fa == p.frameAncestors {
		h["Content-Security-Policy"] = ph.csp[r.kind]
	} else {
		h.Set("Content-Security-Policy", p.csp(r.kind, fa))
	}
	if r.compressible() {
		if len(h["Vary"]) == 0 {
			h["Vary"] = ph.varyEncoding
		} else {
			h.Add("Vary", "Accept-Encoding")
		}
		useGzip = acceptsGzip(c.Request().Header.Get("Accept-Encoding"))
	}
	notFound := r.dataNotFound && (r.status == http.StatusOK || r.status == http.StatusNotFound)
	if r.noStore || r.kind == kindEditor || (r.status >= 400 && !notFound) {
		h["Cache-Control"] = ph.noStore
		return h, useGzip, ""
	}
	if sh := r.sealed; sh != nil && (!useGzip || sh.etag[1] != nil) {
		i := 0
		if useGzip {
			i = 1
		}
		h["Etag"] = sh.etag[i] // the canonical form of ETag
		etag = sh.etag[i][0]
	} else {
		etag = r.etag
		if etag == "" {
			etag = bodyETag(r.body)
		}
		if useGzip {
			etag = etag[:len(etag)-1] + `-gz"`
		}
		h.Set("ETag", etag)
	}
	if notFound {
		h["Cache-Control"] = ph.notFoundMaxAge
	} else {
		h["Cache-Control"] = ph.maxAge
	}
	return h, useGzip, etag
}

// bodyETag is the strong ETag of a body that is not derived from inputs (pages, errors, files).
func bodyETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// isText reports whether a content type is worth compressing.
func isText(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.HasPrefix(contentType, "image/svg+xml") ||
		strings.HasPrefix(contentType, "application/json") || strings.HasPrefix(contentType, "application/javascript")
}

// acceptsGzip reads an Accept-Encoding header: gzip listed with a non-zero q, or else "*" so.
func acceptsGzip(header string) bool {
	gzipQ, starQ := -1.0, -1.0
	for header != "" {
		var item string
		item, header, _ = strings.Cut(header, ",")
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.TrimSpace(coding)
		isGzip := strings.EqualFold(coding, "gzip")
		if !isGzip && coding != "*" {
			continue
		}
		q := 1.0
		for params != "" {
			var p string
			p, params, _ = strings.Cut(params, ";")
			if k, v, _ := strings.Cut(strings.TrimSpace(p), "="); strings.EqualFold(k, "q") {
				var err error
				if q, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
					q = 0
				}
			}
		}
		if isGzip {
			gzipQ = q
		} else {
			starQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// matchETag reports whether an If-None-Match header lists etag or "*". The comparison is weak
// (RFC 9110 §13.1.2: W/ is ignored) but the "-gz" suffix is part of the tag: the gzip body and
// the identity body are two representations, and a client holding one cannot use the other
// (a 304 to an identity request for "X-gz" would leave it with gzip bytes it did not ask for).
func matchETag(header, etag string) bool {
	want := strings.Trim(etag, `"`)
	for header != "" {
		var t string
		t, header, _ = strings.Cut(header, ",")
		t = strings.TrimSpace(t)
		if t == "*" {
			return true
		}
		t = strings.Trim(strings.TrimPrefix(t, "W/"), `"`)
		if t == want {
			return true
		}
	}
	return false
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// gzipBytes compresses b with a pooled writer.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64) // text compresses to about a third or less
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(b) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	gzipWriters.Put(zw)
	return buf.Bytes()
}
