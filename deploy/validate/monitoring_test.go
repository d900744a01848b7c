package validate

import (
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
)

// TestAlertRules (issue 15 item 5): the rules file is a valid Prometheus rule file (rulefmt
// parses every expression and template) and alerts on the error ratio, the p99, reload
// failures and readiness.
func TestAlertRules(t *testing.T) {
	groups, errs := rulefmt.ParseFile("../monitoring/alerts.yaml", false, model.UTF8Validation, parser.NewParser(parser.Options{}), slog.New(slog.DiscardHandler))
	for _, err := range errs {
		t.Error(err)
	}
	if len(errs) > 0 {
		t.FailNow()
	}
	exprs := map[string]string{}
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			exprs[r.Alert] = r.Expr
			if r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("%s: want a severity and a summary", r.Alert)
			}
		}
	}
	for alert, metric := range map[string]string{
		"IjwidgetsErrorRatioHigh":   "ijwidgets_http_requests_total",
		"IjwidgetsWidgetP99Slow":    "ijwidgets_http_request_duration_seconds_bucket",
		"IjwidgetsDataReloadFailed": "ijwidgets_data_last_load_success",
		"IjwidgetsReplicasNotReady": "kube_deployment_status_replicas_available",
	} {
		if !strings.Contains(exprs[alert], metric) {
			t.Errorf("alert %s: %q, want an expression on %s", alert, exprs[alert], metric)
		}
	}
}

// TestDashboard: the Grafana dashboard is JSON with panels whose every query parses as PromQL
// (Grafana's $__rate_interval read as 5m), covering usage per partner and per route, the cache
// hit ratio, renders and reloads.
func TestDashboard(t *testing.T) {
	b, err := os.ReadFile("../monitoring/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Title  string `json:"title"`
		UID    string `json:"uid"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	p := parser.NewParser(parser.Options{})
	var all []string
	for _, panel := range d.Panels {
		if len(panel.Targets) == 0 {
			t.Errorf("panel %q has no query", panel.Title)
		}
		for _, tg := range panel.Targets {
			expr := strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m").Replace(tg.Expr)
			if _, err := p.ParseExpr(expr); err != nil {
				t.Errorf("panel %q: %q: %v", panel.Title, tg.Expr, err)
			}
			all = append(all, panel.Title+": "+tg.Expr)
		}
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{"sum by (partner)", "sum by (url)", `cache="render",result="hit"`, `cache="miss"`, "ijwidgets_data_loads_total"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no query with %q", want)
		}
	}
	if d.UID != "ijwidgets" || len(d.Panels) < 8 {
		t.Errorf("dashboard %q with %d panels", d.UID, len(d.Panels))
	}
}
