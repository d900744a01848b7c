package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/viper"

	"github.com/ijwidgets/ijwidgets/widget"
)

// Partner is a platform that embeds the widgets and names itself with ?partner=KEY. Partners are
// listed in the config file only (a list of structures has no environment form):
//
//	partners:
//	  - key: onisep
//	    name: Onisep
//	    origins: ["https://www.onisep.fr", "https://*.onisep.fr"]
//	    default_theme: dsfr
//	    default_audience: college
//	    allowed_themes: [dsfr]
type Partner struct {
	Key  string `mapstructure:"key"`  // the ?partner= value, [a-z0-9-]{1,32}
	Name string `mapstructure:"name"` // human name, shown in the editor preview
	// Origins may frame this partner's widgets: the CSP frame-ancestors of its widget responses,
	// each "https://host[:port]" (a leading "*." allows the subdomains). Empty: the default
	// frame_ancestors.
	Origins         []string `mapstructure:"origins"`
	DefaultTheme    string   `mapstructure:"default_theme"`    // theme when none is asked; "" for the service default
	DefaultAudience string   `mapstructure:"default_audience"` // audience when none is asked; "" for the diploma's
	AllowedThemes   []string `mapstructure:"allowed_themes"`   // themes the partner may ask; empty for all
	Rate            float64  `mapstructure:"rate"`             // req/s of this partner's bucket; 0: rate_limit.partner.rate
	Burst           int      `mapstructure:"burst"`            // requests; 0: rate_limit.partner.burst
	// APIKeys are the partner's data API keys (issue 14 item 5), stored hashed: each the
	// lower-case hex SHA-256 of the key the partner sends (`printf %s "$KEY" | sha256sum`). A
	// request with a valid key (X-Api-Key or Authorization: Bearer) is exempt from the IP and
	// render quotas and counted under the partner in the metrics and logs.
	APIKeys []string `mapstructure:"api_keys"`
}

var (
	// apiKeyHashPattern is a hex SHA-256, as api_keys stores keys.
	apiKeyHashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
	partnerKeyPattern = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)
	// originPattern is a CSP host-source naming one origin (or its subdomains): no path, no
	// quote, no separator, so it cannot add a directive.
	originPattern = regexp.MustCompile(`^https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)
)

// audienceNames is widget.Audiences as written in the configuration (the one list, issue 11).
func audienceNames() []string {
	out := make([]string, len(widget.Audiences))
	for i, a := range widget.Audiences {
		out[i] = string(a)
	}
	return out
}

// loadPartners reads the "partners" key (default: none) and checks what does not depend on the
// themes: keys, names, origins and audiences. Config.CheckPartnerThemes checks the themes.
func loadPartners(v *viper.Viper) ([]Partner, error) {
	v.SetDefault("partners", []any{})
	var ps []Partner
	if err := v.UnmarshalKey("partners", &ps); err != nil {
		return nil, fmt.Errorf("config partners: %w", err)
	}
	seen := map[string]bool{}
	keyOwner := map[string]string{}
	for i, p := range ps {
		if !partnerKeyPattern.MatchString(p.Key) {
			return nil, fmt.Errorf("config partners[%d].key: %q must match %s", i, p.Key, partnerKeyPattern)
		}
		if seen[p.Key] {
			return nil, fmt.Errorf("config partners[%d].key: %q is listed twice", i, p.Key)
		}
		seen[p.Key] = true
		if strings.TrimSpace(p.Name) == "" {
			ps[i].Name = p.Key
		}
		for _, o := range p.Origins {
			if !originPattern.MatchString(o) {
				return nil, fmt.Errorf("config partners[%d] (%s) origins: %q is not an origin such as https://www.example.fr", i, p.Key, o)
			}
		}
		if p.DefaultAudience != "" && !slices.Contains(widget.Audiences, widget.Audience(p.DefaultAudience)) {
			return nil, fmt.Errorf("config partners[%d] (%s) default_audience: %q is not one of %s", i, p.Key, p.DefaultAudience, strings.Join(audienceNames(), ", "))
		}
		for _, k := range p.APIKeys {
			if !apiKeyHashPattern.MatchString(k) {
				// Never print the value: it may be a key pasted unhashed.
				return nil, fmt.Errorf("config partners[%d] (%s) api_keys: each entry is the SHA-256 of a key in 64 lower-case hex digits (printf %%s \"$KEY\" | sha256sum)", i, p.Key)
			}
			if owner, dup := keyOwner[k]; dup {
				return nil, fmt.Errorf("config partners[%d] (%s) api_keys: a key is also listed for partner %s", i, p.Key, owner)
			}
			keyOwner[k] = p.Key
		}
		if p.DefaultTheme != "" && len(p.AllowedThemes) > 0 && !slices.Contains(p.AllowedThemes, p.DefaultTheme) {
			return nil, fmt.Errorf("config partners[%d] (%s) default_theme: %q is not in its allowed_themes", i, p.Key, p.DefaultTheme)
		}
	}
	return ps, nil
}

// CheckPartnerThemes reports the first partner whose default or allowed theme is not one of
// themes (the loaded theme names).
func (c Config) CheckPartnerThemes(themes []string) error {
	for i, p := range c.Partners {
		for _, t := range append([]string{p.DefaultTheme}, p.AllowedThemes...) {
			if t != "" && !slices.Contains(themes, t) {
				return fmt.Errorf("config partners[%d] (%s): theme %q is not one of %s", i, p.Key, t, strings.Join(themes, ", "))
			}
		}
	}
	return nil
}
