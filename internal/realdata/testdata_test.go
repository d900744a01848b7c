package realdata

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records Fatalf and Skipf and stops the helper with a panic the test recovers.
type fakeTB struct {
	testing.TB
	msg    string
	kind   string
	helper bool
}

type stop struct{}

func (f *fakeTB) Helper() { f.helper = true }
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.kind, f.msg = "fatal", fmt.Sprintf(format, args...)
	panic(stop{})
}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.kind, f.msg = "skip", fmt.Sprintf(format, args...)
	panic(stop{})
}

func call(tb *fakeTB) (dir string) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stop); !ok {
				panic(r)
			}
		}
	}()
	return RealDir(tb)
}

func TestRealDir(t *testing.T) {
	full := t.TempDir()
	for _, name := range RequiredFiles {
		if err := os.WriteFile(filepath.Join(full, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	partial := t.TempDir()
	if err := os.WriteFile(filepath.Join(partial, RequiredFiles[0]), nil, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("env set, files present", func(t *testing.T) {
		t.Setenv(EnvDir, full)
		tb := &fakeTB{}
		if got := call(tb); got != full || tb.kind != "" {
			t.Errorf("RealDir = %q, %s %s", got, tb.kind, tb.msg)
		}
	})
	t.Run("env set, directory missing", func(t *testing.T) {
		t.Setenv(EnvDir, filepath.Join(full, "nope"))
		tb := &fakeTB{}
		call(tb)
		if tb.kind != "fatal" || !strings.Contains(tb.msg, "missing "+RequiredFiles[0]) {
			t.Errorf("got %s %q", tb.kind, tb.msg)
		}
	})
	t.Run("env set, a file missing", func(t *testing.T) {
		t.Setenv(EnvDir, partial)
		tb := &fakeTB{}
		call(tb)
		if tb.kind != "fatal" || !strings.Contains(tb.msg, RequiredFiles[1]) || strings.Contains(tb.msg, RequiredFiles[0]+",") {
			t.Errorf("got %s %q", tb.kind, tb.msg)
		}
	})
	t.Run("env unset, default absent", func(t *testing.T) {
		t.Setenv(EnvDir, "")
		// A module without ../shared/data beside it.
		root := t.TempDir()
		mod := filepath.Join(root, "repo")
		pkg := filepath.Join(mod, "internal", "x")
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Chdir(pkg)
		tb := &fakeTB{}
		call(tb)
		want := "real data not found at " + filepath.Join(root, "shared", "data") + "; set " + EnvDir
		if tb.kind != "skip" || tb.msg != want || !tb.helper {
			t.Errorf("got %s %q, want skip %q", tb.kind, tb.msg, want)
		}
	})
	t.Run("env unset, default present", func(t *testing.T) {
		t.Setenv(EnvDir, "")
		root := t.TempDir()
		mod := filepath.Join(root, "repo")
		data := filepath.Join(root, "shared", "data")
		for _, d := range []string{mod, data} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, name := range RequiredFiles {
			if err := os.WriteFile(filepath.Join(data, name), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Chdir(mod)
		tb := &fakeTB{}
		if got := call(tb); got != filepath.Join(mod, "..", "shared", "data") || tb.kind != "" {
			t.Errorf("RealDir = %q, %s %q", got, tb.kind, tb.msg)
		}
	})
}
