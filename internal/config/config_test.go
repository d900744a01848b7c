package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestPrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ijwidgets.yaml")
	if err := os.WriteFile(file, []byte("addr: ':7000'\ndata: /from/file\npublic_url: https://widgets.example.fr/\ncache:\n  ttl: 2m\nframe_ancestors: ['https://a.example', 'https://b.example']\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("IJWIDGETS_DATA", "/from/env")
	t.Setenv("IJWIDGETS_HTTP_MAX_AGE", "1m")
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("addr", ":8080", "")
	fs.String("data", "", "")
	if err := fs.Parse([]string{"--addr", ":9000"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(fs, file)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.Data != "/from/env" || c.PublicURL != "https://widgets.example.fr" || c.CacheTTL != 2*time.Minute ||
		c.MaxAge != time.Minute || len(c.FrameAncestors) != 2 || !c.CacheEnabled || c.LogLevel != "info" {
		t.Errorf("config %+v", c)
	}
}

func TestDefaultsAndErrors(t *testing.T) {
	c, err := Load(nil, "")
	if err != nil || c.Addr != ":8080" || c.Data != "" || c.FrameAncestors[0] != "*" || c.MaxAge != 5*time.Minute {
		t.Fatalf("%+v %v", c, err)
	}
	for key, val := range map[string]string{"IJWIDGETS_PUBLIC_URL": "javascript:alert(1)", "IJWIDGETS_CACHE_TTL": "soon", "IJWIDGETS_LOG_LEVEL": "loud"} {
		t.Run(key, func(t *testing.T) {
			t.Setenv(key, val)
			if _, err := Load(nil, ""); err == nil {
				t.Errorf("%s=%s accepted", key, val)
			}
		})
	}
	if _, err := Load(nil, filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing config file must be an error")
	}
}
