// Package config reads the service configuration with viper: flags > environment (IJWIDGETS_…)
// > config file > defaults (SPEC §10). Every key has a default.
package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the typed configuration of the service.
type Config struct {
	Addr           string        // listen address, e.g. ":8080"
	Data           string        // data directory; "" serves the embedded demonstration dataset
	Themes         string        // extra themes directory (reserved; themes are embedded today)
	PublicURL      string        // base URL the service writes in links, e.g. "https://widgets.example.fr"
	FrameAncestors []string      // CSP frame-ancestors of widget responses, e.g. ["*"] or origins
	CacheTTL       time.Duration // lifetime of an indicator look-up in the cache (0: until reload)
	CacheEnabled   bool          // false sends every look-up to the data
	MaxAge         time.Duration // Cache-Control max-age of widget responses
	LogLevel       string        // debug, info, warn, error
	Partners       []Partner     // platforms that name themselves with ?partner=KEY (config file only)
}

// Keys and their defaults. Flags of the same name override them.
var defaults = map[string]any{
	"addr":            ":8080",
	"data":            "",
	"themes":          "",
	"public_url":      "http://localhost:8080",
	"frame_ancestors": []string{"*"},
	"cache.ttl":       "0s",
	"cache.enabled":   true,
	"http.max_age":    "5m",
	"log.level":       "info",
}

// Load builds the configuration from flags (may be nil), the environment and, when file is not
// "", a config file (YAML, TOML or JSON by extension). Errors name the key and the reason.
func Load(flags *pflag.FlagSet, file string) (Config, error) {
	v := viper.New()
	for k, d := range defaults {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix("IJWIDGETS")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
	}
	if flags != nil {
		for _, k := range []string{"addr", "data", "themes"} {
			if f := flags.Lookup(k); f != nil {
				if err := v.BindPFlag(k, f); err != nil {
					return Config{}, err
				}
			}
		}
	}
	c := Config{
		Addr:           v.GetString("addr"),
		Data:           v.GetString("data"),
		Themes:         v.GetString("themes"),
		PublicURL:      strings.TrimRight(v.GetString("public_url"), "/"),
		FrameAncestors: v.GetStringSlice("frame_ancestors"),
		LogLevel:       v.GetString("log.level"),
		CacheEnabled:   v.GetBool("cache.enabled"),
	}
	var err error
	if c.CacheTTL, err = duration(v, "cache.ttl"); err != nil {
		return c, err
	}
	if c.MaxAge, err = duration(v, "http.max_age"); err != nil {
		return c, err
	}
	if c.Partners, err = loadPartners(v); err != nil {
		return c, err
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("config public_url: %q is not an absolute http(s) URL", c.PublicURL)
	}
	for _, o := range c.FrameAncestors {
		if strings.ContainsAny(o, ";,\r\n\"") || o == "" {
			return c, fmt.Errorf("config frame_ancestors: %q is not a CSP source", o)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return c, fmt.Errorf("config log.level: %q is not debug, info, warn or error", c.LogLevel)
	}
	return c, nil
}

func duration(v *viper.Viper, key string) (time.Duration, error) {
	d, err := time.ParseDuration(v.GetString(key))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("config %s: %q is not a duration such as 5m", key, v.GetString(key))
	}
	return d, nil
}
