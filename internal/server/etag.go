package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
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

// widgetKey is the key of a widget in the rendered-output cache: its inputs written out (the
// assets version, the data snapshot version, the route template and the request as parsed),
// computed before rendering so that a cached answer or a 304 needs no render. Not hashed: a
// map hashes its 200 bytes in a tenth of the time SHA-256 took on every answer (issue 11). The
// ETag sent is the cached entry's, representationETag, which requests asking the same body in
// different words share. Unknown query parameters never reach widget.Request, so they change
// neither body nor key. Every field of widget.Request is part of the key, including those added
// later: appendRequest writes each one, and TestETagKeyCoversEveryRequestField fails for a field
// it forgets (the key was fmt's %#v, whose reflection cost 13 % of a cached answer, issue 11).
func widgetKey(assets, dataVersion, route string, req widget.Request) string {
	var buf [keyBufBytes]byte
	return string(appendWidgetKey(buf[:0], assets, dataVersion, route, req))
}

// appendWidgetKey appends the bytes of widgetKey to b: a cache hit looks them up without making
// the string (RenderCache.HitBytes).
func appendWidgetKey(b []byte, assets, dataVersion, route string, req widget.Request) []byte {
	return appendRequest(appendBase(b, assets, dataVersion, route), req)
}

// keyBufBytes is the stack buffer of a key: above a request with a few codes, so that the key
// of a usual request is built without allocating.
const keyBufBytes = 384

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
	case widget.SurfaceJSON, widget.SurfaceCSV: // v.JSON(): the figures and the audience, none of the presentation
		r = widget.Request{Scope: r.Scope, Region: r.Region, UAI: r.UAI, Code: r.Code, Codes: r.Codes, Filieres: r.Filieres, Identifiant: r.Identifiant,
			Publication: r.Publication}
	case widget.SurfaceSVG: // the image reads the presentation, but neither the partner nor onerror
		tpl, _ := templates.LookupTemplate(r.Template)
		r.Template, r.Partner, r.OnError, r.Audience, r.Millesime = tpl.Name, "", "", "", ""
	default: // the page also writes its oEmbed link from the request as asked: only onerror goes
		r.OnError = ""
	}
	return representation{Surface: surface, Request: r, Audience: v.Audience, Millesime: v.Millesime}
}

// representationETag is the strong ETag of a widget body: a hash of the assets and data
// versions, the route template and the representation.
func representationETag(assets, dataVersion, route string, rep representation) string {
	var buf [keyBufBytes]byte
	b := appendBase(buf[:0], assets, dataVersion, route)
	b = appendStr(b, string(rep.Surface))
	b = appendRequest(b, rep.Request)
	b = appendStr(b, string(rep.Audience))
	b = appendStr(b, string(rep.Millesime))
	return sumETag(b)
}

func appendBase(b []byte, assets, dataVersion, route string) []byte {
	return appendStr(appendStr(appendStr(b, assets), dataVersion), route)
}

// appendRequest writes every field of r, in declaration order, each length-prefixed so that no
// two requests write the same bytes. A field added to widget.Request must be added here
// (TestETagKeyCoversEveryRequestField).
func appendRequest(b []byte, r widget.Request) []byte {
	b = appendStr(b, string(r.Scope))
	b = appendStr(b, r.Region)
	b = appendStr(b, r.UAI)
	b = appendCode(b, r.Code)
	b = strconv.AppendInt(append(b, 'n'), int64(len(r.Codes)), 10)
	for _, c := range r.Codes {
		b = appendCode(b, c)
	}
	b = appendBool(b, r.Filieres)
	b = appendStr(appendStr(b, string(r.Identifiant.Kind)), r.Identifiant.Value)
	b = appendStr(b, string(r.Millesime))
	b = appendStr(b, string(r.Audience))
	b = appendStr(b, r.Theme)
	b = appendStr(b, r.Template)
	b = appendStr(b, string(r.Layout))
	b = appendStr(b, r.Scheme)
	b = appendStr(b, string(r.Format))
	b = appendBool(b, r.HideTitle)
	b = appendStr(b, r.Partner)
	b = appendStr(b, r.OnError)
	b = appendStr(b, r.Publication.InserJeunes)
	b = appendStr(b, r.Publication.Etablissements)
	b = appendStr(b, r.Publication.InserSup)
	return b
}

func appendCode(b []byte, c widget.Code) []byte {
	return appendStr(appendStr(b, string(c.Kind)), c.Value)
}

// appendStr writes s as its length, ':' and its bytes.
func appendStr(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return append(append(b, ':'), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 'T')
	}
	return append(b, 'F')
}

// sumETag is a quoted hex SHA-256 (128 bits) of key.
func sumETag(key []byte) string {
	sum := sha256.Sum256(key)
	var out [2 + 32]byte
	out[0], out[len(out)-1] = '"', '"'
	hex.Encode(out[1:len(out)-1], sum[:16])
	return string(out[:])
}
