// Command ijwidgets serves embeddable widgets of InserJeunes indicators (SPEC §10):
//
//	ijwidgets serve [--addr :8080] [--data DIR] [--themes DIR] [--config FILE]
//	ijwidgets render PATH [--data DIR]
//	ijwidgets check-data --data DIR
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ijwidgets/ijwidgets/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
