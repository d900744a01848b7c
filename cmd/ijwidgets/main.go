// Command ijwidgets serves embeddable widgets of InserJeunes indicators (SPEC §10):
//
//	ijwidgets serve [--addr :8080] [--data DIR] [--themes DIR] [--config FILE]
//	ijwidgets render PATH [--data DIR]
//	ijwidgets check-data --data DIR
//	ijwidgets healthcheck [--url http://127.0.0.1:8080/healthz]
//	ijwidgets --version
//
// The version is set at link time (internal/version):
//
//	go build -ldflags "-X github.com/ijwidgets/ijwidgets/internal/version.version=v1.0.0" ./cmd/ijwidgets
//
// Signals (SIGTERM drains, SIGHUP reloads the data) are handled by internal/cli's serve.
package main

import (
	"context"
	"os"

	"github.com/ijwidgets/ijwidgets/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
