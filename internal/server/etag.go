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

// widgetETag is the strong ETag of a widget: a hash of its inputs (the assets version, the data
// snapshot version, the route template and the normalised request), computed before rendering so
// that a conditional request can be answered from the rendered-output cache without rendering.
// Unknown query parameters never reach widget.Request, so they change neither body nor ETag.
// Every field of widget.Request is part of the key, including those added later: %#v prints
// each field by name and, unlike %v, never a String method that could hide one (Code.String
// leaves out the kind).
func widgetETag(assets, dataVersion, route string, req widget.Request) string {
	b := make([]byte, 0, 256)
	b = append(b, assets...)
	b = append(b, '|')
	b = append(b, dataVersion...)
	b = append(b, '|')
	b = append(b, route...)
	b = append(b, '|')
	b = fmt.Appendf(b, "%#v", req)
	sum := sha256.Sum256(b)
	var out [2 + 32]byte
	out[0], out[len(out)-1] = '"', '"'
	hex.Encode(out[1:len(out)-1], sum[:16])
	return string(out[:])
}
