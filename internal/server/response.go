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
	kindGallery                // the designers' gallery: frames its own tiles, never framed
	kindTile                   // a gallery tile: a widget framed by the gallery only
)

// policy is the one place that decides the headers of every response: security headers, cache
// headers and the strong ETag (miniflux-style response builder).
type policy struct {
	frameAncestors string
	maxAge         time.Duration
}

func (p policy) csp(k kind) string {
	switch k {
	case kindWidgetHTML:
		return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors " + p.frameAncestors
	case kindWidgetSVG:
		return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + p.frameAncestors
	case kindJSON:
		return "default-src 'none'; frame-ancestors 'none'"
	case kindGallery:
		return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	case kindTile:
		return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
	}
	return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// write sends body with status and contentType under the policy of k. Bodies of 2xx and 4xx are
// cacheable and carry a strong ETag (a hash of the body); a matching If-None-Match gets a 304 with
// no body. 5xx are no-store.
func (p policy) write(c echo.Context, status int, contentType string, k kind, body []byte) error {
	h := c.Response().Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", p.csp(k))
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	switch k {
	case kindJSON, kindPage, kindGallery:
		h.Set("X-Frame-Options", "DENY")
	case kindTile:
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	if status >= 500 {
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
