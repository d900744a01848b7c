// Package version names the running build (issue 15): the release set at link time,
//
//	go build -ldflags "-X github.com/ijwidgets/ijwidgets/internal/version.version=v1.0.0" ./cmd/ijwidgets
//
// or, without it, what the Go build information knows (the module version of a `go install
// …@v1.0.0`, or the VCS revision of a build from a checkout), or "devel".
package version

import (
	"runtime/debug"
	"sync"
)

// version is set by -ldflags -X (Dockerfile, deploy/local/run); empty in a plain go build.
var version string

// String returns the version of the running build, never "": the -ldflags value, else the
// module version, else "devel+" and the first 12 digits of the VCS revision ("+dirty" when the
// tree had changes), else "devel".
func String() string { return resolved() }

var resolved = sync.OnceValue(func() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return fromBuildInfo(bi)
})

// fromBuildInfo is the version String gives for the build information bi (no -ldflags value).
func fromBuildInfo(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		return "devel+" + rev + "+dirty"
	}
	return "devel+" + rev
}
