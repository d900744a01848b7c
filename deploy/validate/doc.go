// Package validate checks the deployment files of ijwidgets (issue 15): the Kubernetes
// overlays (built with kustomize's Go API, every object decoded strictly into the Kubernetes
// API types), the Prometheus alert rules (rulefmt and the PromQL parser) and the Grafana
// dashboard. It is a module of its own so that the service's go.mod does not carry these
// libraries: cd deploy/validate && go test ./...
package validate
