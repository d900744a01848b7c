package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/static"
	"github.com/ijwidgets/ijwidgets/templates"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

// codeVersion identifies the code that renders bodies (templates, wording, rules): a hash of the
// running executable, so replicas of one build agree and a new build changes every ETag. When
// the executable cannot be read, the Go build information stands in.
var codeVersion = sync.OnceValue(func() string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, err = io.Copy(h, f)
			f.Close()
			if err == nil {
				return hex.EncodeToString(h.Sum(nil)[:12])
			}
		}
	}
	h.Reset()
	if bi, ok := debug.ReadBuildInfo(); ok {
		io.WriteString(h, bi.String())
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
})

// assetsVersion combines everything besides the data and the request that changes a widget's
// body: the code, the static files, every theme and the settings written into bodies. Themes
// are hashed by content, so a theme file changed between deployments changes the ETags.
func assetsVersion(cfg config.Config, th *themes.Registry) string {
	h := sha256.New()
	fmt.Fprintf(h, "code=%s\nstatic=%s\npublic_url=%s\nthemes=%s\n", codeVersion(), static.Version, cfg.PublicURL, th.Version())
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// widgetETag is the key of a widget in the rendered-output cache: a hash of its inputs (the
// assets version, the data snapshot version, the route template and the request as parsed),
// computed before rendering so that a cached answer or a 304 needs no render. The ETag sent is
// the cached entry's, representationETag, which requests asking the same body in different
// words share. Unknown query parameters never reach widget.Request, so they change neither
// body nor key. Every field of widget.Request is part of the key, including those added later:
// %#v prints each field by name and, unlike %v, never a String method that could hide one
// (Code.String leaves out the kind).
func widgetETag(assets, dataVersion, route string, req widget.Request) string {
	return hashKey(assets+"|"+dataVersion+"|"+route, req)
}

// representation is what the body of a widget depends on: the surface it shows, the request with
// the defaults Build filled in written out (the audience from the diploma or the partner, the
// newest millésime), and with the fields its body never reads cleared. Requests that render the
// same body share it, and so one ETag (issue 10: .svg and .svg?audience=lycee for a BTS had two);
// anything a body reads stays in it (TestSameBodySameETag checks both ways on the real data).
type representation struct {
	Surface   widget.Surface
	Request   widget.Request
	Audience  widget.Audience  // v.Audience: the one shown
	Millesime widget.Millesime // v.Millesime: the one shown
}

// representationOf is the representation of the body of surface rendered from v.
func representationOf(v widget.View, surface widget.Surface) representation {
	r := v.Request
	switch surface {
	case widget.SurfaceEmptySVG:
		return representation{Surface: surface}
	case widget.SurfaceJSON: // v.JSON(): the figures and the audience, none of the presentation
		r = widget.Request{Scope: r.Scope, Region: r.Region, UAI: r.UAI, Code: r.Code, Codes: r.Codes, Filieres: r.Filieres, Identifiant: r.Identifiant}
	case widget.SurfaceSVG: // the image reads the presentation, but neither the partner nor onerror
		tpl, _ := templates.LookupTemplate(r.Template)
		r.Template, r.Partner, r.OnError, r.Audience, r.Millesime = tpl.Name, "", "", "", ""
	default: // the page also writes its oEmbed link from the request as asked: only onerror goes
		r.OnError = ""
	}
	return representation{Surface: surface, Request: r, Audience: v.Audience, Millesime: v.Millesime}
}

// representationETag is the strong ETag of a widget body: a hash of keyBase (assets and data
// versions, route template) and its representation.
func representationETag(keyBase string, rep representation) string { return hashKey(keyBase, rep) }

// hashKey is a quoted hex SHA-256 (128 bits) of base and the %#v form of v.
func hashKey(base string, v any) string {
	b := make([]byte, 0, 256)
	b = append(b, base...)
	b = append(b, '|')
	b = fmt.Appendf(b, "%#v", v)
	sum := sha256.Sum256(b)
	var out [2 + 32]byte
	out[0], out[len(out)-1] = '"', '"'
	hex.Encode(out[1:len(out)-1], sum[:16])
	return string(out[:])
}
