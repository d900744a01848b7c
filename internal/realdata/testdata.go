// Package realdata locates the real InserJeunes data files for tests and benchmarks of every
// package, without copying them into the repository (../shared/data/README.md).
package realdata

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EnvDir is the environment variable naming the real data directory for tests.
const EnvDir = "IJWIDGETS_TEST_DATA"

// RequiredFiles are the files RealDir checks for: the inputs of data.Load (data.Files, which a
// test of internal/data keeps equal to this list; this package does not import it).
var RequiredFiles = []string{
	"geo_regions_insee_cog2026.json",
	"bcn_n_niveau_formation_diplome.csv",
	"bcn_v_formation_diplome.csv",
	"bcn_n_mef.csv",
	"inserjeunes_regional_formations_2019-2023.csv",
}

// RealDir returns the directory of the real data: $IJWIDGETS_TEST_DATA when set and non-empty, else
// ../shared/data beside the repository (the folder holding go.mod, found from the working
// directory, which `go test` sets to the package folder).
//
// When the variable is set, a missing directory or file fails the test (t.Fatalf). When it is not
// set and the default directory does not exist, the test is skipped; if that directory exists but
// lacks one of RequiredFiles, the test fails.
func RealDir(tb testing.TB) string {
	tb.Helper()
	dir, set := os.LookupEnv(EnvDir)
	if !set || dir == "" {
		root, err := repoRoot()
		if err != nil {
			tb.Fatalf("real data: %v", err)
		}
		dir = filepath.Join(root, "..", "shared", "data")
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			tb.Skipf("real data not found at %s; set %s", dir, EnvDir)
		}
	}
	var missing []string
	for _, name := range RequiredFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		tb.Fatalf("real data at %s (%s=%q): missing %s", dir, EnvDir, os.Getenv(EnvDir), strings.Join(missing, ", "))
	}
	return dir
}

// repoRoot walks up from the working directory to the folder that holds go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}
