package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// kind says which header policy a response gets.
type kind int

const (
	kindWidgetHTML kind = iota // framed by partners: frame-ancestors from config, no X-Frame-Options
	kindWidgetSVG              // an image: no script at all
	kindJSON                   // data: never framed
	kindPage                   // our own pages (index, errors): never framed
	kindScript                 // embed.js: loaded by partner pages, cacheable
	kindEditor                 // the editors' preview: runs our own scripts, never framed, never stored
)

// policy is the one place that decides the headers of every response: security headers, cache
// headers and the strong ETag (miniflux-style response builder).
type policy struct {
	frameAncestors string
	maxAge         time.Duration
}

// csp is the Content-Security-Policy of k; fa is the frame-ancestors of widget responses.
func (p policy) csp(k kind, fa string) string {
	switch k {
	case kindWidgetHTML:
		return "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors " + fa
	case kindWidgetSVG:
		return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + fa
	case kindEditor:
		return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	case kindJSON, kindScript:
		return "default-src 'none'; frame-ancestors 'none'"
	}
	return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// write sends body with status and contentType under the policy of k. Bodies of 2xx and 4xx are
// cacheable and carry a strong ETag (a hash of the body); a matching If-None-Match gets a 304 with
// no body. 5xx are no-store.
func (p policy) write(c echo.Context, status int, contentType string, k kind, body []byte) error {
	h := c.Response().Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", p.csp(k, frameAncestors(c, p.frameAncestors)))
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	if k == kindJSON || k == kindPage || k == kindEditor {
		h.Set("X-Frame-Options", "DENY")
	} else {
		h.Del("X-Frame-Options") // widgets are framed by partners (a Secure() middleware would set SAMEORIGIN)
	}
	if status >= 500 || k == kindEditor {
		h.Set("Cache-Control", "no-store")
		return c.Blob(status, contentType, body)
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(p.maxAge.Seconds())))
	if matchETag(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(status, contentType, body)
}

// matchETag reports whether an If-None-Match header lists etag, in its strong or weak form, or is "*".
func matchETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
