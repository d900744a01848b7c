package server

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestMonitoringNamesExist (issue 15 item 5): every ijwidgets_* metric the alert rules and the
// dashboard of deploy/monitoring query is one this server exposes (a renamed metric would leave
// an alert that never fires). Histogram series (_bucket, _sum, _count) count as their family.
func TestMonitoringNamesExist(t *testing.T) {
	cfg := testConfig(t)
	cfg.RateLimit.IPRate, cfg.RateLimit.IPBurst = 1, 1 // a 429, so that the rate-limited family has a series
	s := newServerConfig(t, cfg, "", nil)
	get(t, s, "/widgets/regions/11/certifications/32032002")
	get(t, s, "/widgets/regions/11/certifications/32032002")
	exposed := map[string]bool{}
	for _, line := range strings.Split(scrape(t, s), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "#" && f[1] == "TYPE" {
			exposed[f[2]] = true
		}
	}
	if !exposed["ijwidgets_rate_limited_total"] {
		t.Fatal("no 429 was counted: the test does not see every family")
	}
	name := regexp.MustCompile(`\bijwidgets_[a-z0-9_]+`)
	for _, file := range []string{"../../deploy/monitoring/alerts.yaml", "../../deploy/monitoring/grafana-dashboard.json"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, n := range name.FindAllString(string(b), -1) {
			family := n
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				if f, ok := strings.CutSuffix(n, suffix); ok && exposed[f] {
					family = f
				}
			}
			if !exposed[family] {
				seen[n] = true
			}
		}
		var missing []string
		for n := range seen {
			missing = append(missing, n)
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s queries metrics the server does not expose: %v", file, missing)
		}
	}
}
