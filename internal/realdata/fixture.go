package realdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CopyFixture copies the files of a repository test-data folder (e.g. internal/data/testdata/ok)
// into a new temporary folder that tests may change and reload. From CSV files it leaves out the
// rows whose first field (the row id) repeats an earlier row's: the fixtures carry such duplicates
// on purpose to test the loader, and a reload with rejected rows is refused (issue 10). The copy
// loads without a problem.
func CopyFixture(tb testing.TB, src string) string {
	tb.Helper()
	dst := tb.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".csv") {
			b = []byte(dropRepeatedIDs(string(b)))
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dst
}

// dropRepeatedIDs keeps the header, blank lines and the first row of each id (first ';' field).
func dropRepeatedIDs(text string) string {
	lines := strings.SplitAfter(text, "\n")
	seen := map[string]bool{}
	var b strings.Builder
	for i, l := range lines {
		id, _, _ := strings.Cut(l, ";")
		if i > 0 && strings.TrimSpace(l) != "" {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		b.WriteString(l)
	}
	return b.String()
}

// Link makes a new temporary folder whose files named names are symbolic links to the real
// data's (RealDir), so that a test can replace one of them by a damaged copy without copying
// the others (and without writing into ../shared).
func Link(tb testing.TB, names ...string) string {
	tb.Helper()
	src := RealDir(tb)
	dst := tb.TempDir()
	for _, n := range names {
		if err := os.Symlink(filepath.Join(src, n), filepath.Join(dst, n)); err != nil {
			tb.Fatal(err)
		}
	}
	return dst
}
