package server

import (
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
)

// maxStaticBytes bounds the files read from static_dir, in bytes: they are held in memory.
const maxStaticBytes = 64 << 20

// loadStatic reads the embedded static files, then those of dir (when not ""), into ready-made
// responses keyed by their path under /static/: nothing touches the disk at request time, and a
// request path is only ever a map key. A file of dir may not shadow an embedded one.
func loadStatic(dir string) (map[string]*response, error) {
	files := map[string]*response{}
	var total int64
	add := func(fsys fs.FS, where string) error {
		return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("static %s: %w", where, err)
			}
			if strings.HasPrefix(d.Name(), ".") && p != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || strings.HasSuffix(p, ".go") {
				return nil
			}
			if _, dup := files[p]; dup {
				return fmt.Errorf("static %s: %s would shadow an embedded file", where, p)
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return fmt.Errorf("static %s: %w", where, err)
			}
			if total += int64(len(b)); total > maxStaticBytes {
				return fmt.Errorf("static %s: more than %d bytes of files", where, maxStaticBytes)
			}
			ct := mime.TypeByExtension(path.Ext(p))
			if ct == "" {
				ct = http.DetectContentType(b)
			}
			r := &response{status: http.StatusOK, contentType: ct, kind: kindPage, body: b, etag: bodyETag(b)}
			if len(b) >= gzipMinBytes && isText(ct) {
				r.gzip = gzipBytes(b)
			}
			r.seal()
			files[p] = r
			return nil
		})
	}
	if err := add(static.Files, "embedded"); err != nil {
		return nil, err
	}
	if dir != "" {
		if err := add(os.DirFS(dir), dir); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// staticFile serves /static/* from memory through the response policy (ETag, 304, gzip).
func (s *Server) staticFile(c echo.Context) error {
	r, ok := s.static[c.Param("*")]
	if !ok {
		return echo.ErrNotFound
	}
	return s.policy.writeResponse(c, r)
}

// themeFile is the path under /static/ of the stylesheet of a theme and scheme.
func themeFile(theme, scheme string) string { return "themes/" + theme + "-" + scheme + ".css" }

// addThemeFiles adds to files the stylesheet of every theme × scheme (its custom properties,
// templates.ThemeVarsCSS) and returns their versioned URLs by path: the widget links them
// rather than inlining them, so it runs under style-src 'self' (issue 11 item 4).
func addThemeFiles(files map[string]*response, th *themes.Registry) (map[string]string, error) {
	hrefs := map[string]string{}
	for _, name := range th.Names() {
		t, _ := th.Get(name)
		for _, scheme := range templates.Schemes {
			p := themeFile(name, scheme)
			if _, dup := files[p]; dup {
				return nil, fmt.Errorf("static: %s would shadow a theme's stylesheet", p)
			}
			b := []byte(templates.ThemeVarsCSS(t, scheme))
			r := &response{status: http.StatusOK, contentType: "text/css; charset=utf-8", kind: kindPage, body: b, etag: bodyETag(b)}
			if len(b) >= gzipMinBytes {
				r.gzip = gzipBytes(b)
			}
			r.seal()
			files[p] = r
			hrefs[p] = "/static/" + p + "?v=" + strings.Trim(r.etag, `"`)[:12]
		}
	}
	return hrefs, nil
}
