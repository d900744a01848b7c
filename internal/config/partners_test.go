package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func loadYAML(t *testing.T, yaml string) (Config, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "ijwidgets.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(nil, file)
}

func TestPartnersFromFile(t *testing.T) {
	c, err := loadYAML(t, `partners:
  - key: onisep
    name: Onisep
    origins: ["https://www.onisep.fr", "https://*.onisep.fr", "http://127.0.0.1:8081"]
    default_theme: dsfr
    default_audience: college
    allowed_themes: [dsfr]
  - key: region-idf
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Partner{
		{Key: "onisep", Name: "Onisep", Origins: []string{"https://www.onisep.fr", "https://*.onisep.fr", "http://127.0.0.1:8081"},
			DefaultTheme: "dsfr", DefaultAudience: "college", AllowedThemes: []string{"dsfr"}},
		{Key: "region-idf", Name: "region-idf"},
	}
	if !reflect.DeepEqual(c.Partners, want) {
		t.Errorf("partners\n got %+v\nwant %+v", c.Partners, want)
	}
	if err := c.CheckPartnerThemes([]string{"dsfr", "neutral"}); err != nil {
		t.Error(err)
	}
	if err := c.CheckPartnerThemes([]string{"neutral"}); err == nil || !strings.Contains(err.Error(), `partners[0] (onisep): theme "dsfr"`) {
		t.Errorf("a theme that is not loaded: %v", err)
	}

	none, err := Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(none.Partners) != 0 {
		t.Errorf("default partners %+v, want none", none.Partners)
	}
}

func TestPartnerErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"bad key", "partners: [{key: 'On isep'}]", `partners[0].key: "On isep" must match`},
		{"empty key", "partners: [{name: x}]", `partners[0].key: "" must match`},
		{"twice", "partners: [{key: a}, {key: a}]", `partners[1].key: "a" is listed twice`},
		{"origin with a path", "partners: [{key: a, origins: ['https://a.fr/page']}]", `partners[0] (a) origins: "https://a.fr/page" is not an origin`},
		{"origin that adds a directive", "partners: [{key: a, origins: ['https://a.fr; script-src *']}]", `origins: "https://a.fr; script-src *" is not an origin`},
		{"origin without scheme", "partners: [{key: a, origins: ['a.fr']}]", `origins: "a.fr" is not an origin`},
		{"bare star", "partners: [{key: a, origins: ['*']}]", `origins: "*" is not an origin`},
		{"audience", "partners: [{key: a, default_audience: parents}]", `partners[0] (a) default_audience: "parents" is not one of college, lycee, superieur, accompagnateur`},
		{"default theme not allowed", "partners: [{key: a, default_theme: dsfr, allowed_themes: [neutral]}]", `partners[0] (a) default_theme: "dsfr" is not in its allowed_themes`},
		{"not a list", "partners: onisep", "config partners:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadYAML(t, tt.yaml)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestPartnerAPIKeys: api_keys are SHA-256 hex digests; a key pasted unhashed or a digest of two
// partners stops the load, and the error never prints the value (issue 14 item 5).
func TestPartnerAPIKeys(t *testing.T) {
	const h = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"
	c, err := loadYAML(t, "partners:\n  - key: onisep\n    api_keys: [\""+h+"\"]\n")
	if err != nil || len(c.Partners) != 1 || !reflect.DeepEqual(c.Partners[0].APIKeys, []string{h}) {
		t.Fatalf("%+v %v", c.Partners, err)
	}
	for name, yaml := range map[string]string{
		"unhashed":   "partners:\n  - key: onisep\n    api_keys: [\"ma-cle-secrete\"]\n",
		"upper case": "partners:\n  - key: onisep\n    api_keys: [\"" + strings.ToUpper(h) + "\"]\n",
		"twice":      "partners:\n  - key: onisep\n    api_keys: [\"" + h + "\"]\n  - key: lba\n    api_keys: [\"" + h + "\"]\n",
	} {
		_, err := loadYAML(t, yaml)
		if err == nil || !strings.Contains(err.Error(), "api_keys") || strings.Contains(err.Error(), "ma-cle-secrete") || strings.Contains(err.Error(), h[:16]) || strings.Contains(err.Error(), strings.ToUpper(h)[:16]) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
