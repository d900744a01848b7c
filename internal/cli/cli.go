// Package cli implements the ijwidgets commands (SPEC §10): serve, render and check-data.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/server"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/themes"
)

const usage = `ijwidgets: widgets des indicateurs InserJeunes

usage:
  ijwidgets serve [--addr :8080] [--data DIR] [--themes DIR] [--config FILE]
  ijwidgets render PATH [--data DIR] [--config FILE]
  ijwidgets check-data --data DIR

Without --data, serve and render use the embedded demonstration dataset.
`

// Main runs one command with args (without the program name) and returns the exit status:
// 0 success, 1 failure (with a message on stderr), 2 bad usage.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stderr)
	case "render":
		err = renderCmd(args[1:], stdout)
	case "check-data":
		err = checkData(args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "ijwidgets: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var ue usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "ijwidgets %s: %v\n\n%s", args[0], err, usage)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "ijwidgets %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

type usageError struct{ error }

// flagSet returns the flags shared by the commands; pflag accepts them before or after the
// positional argument (SPEC §10).
func flagSet(name string) (*pflag.FlagSet, *string) {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("addr", ":8080", "listen address")
	fs.String("data", "", "data directory (default: embedded demonstration data)")
	fs.String("themes", "", "extra themes directory")
	file := fs.String("config", "", "config file (YAML, TOML or JSON)")
	return fs, file
}

// app is the wiring shared by serve and render: config, themes, data, HTTP handler.
type app struct {
	cfg     config.Config
	handler http.Handler
	report  *data.Report
	log     *slog.Logger
}

func newApp(fs *pflag.FlagSet, file string, log *slog.Logger) (*app, error) {
	cfg, err := config.Load(fs, file)
	if err != nil {
		return nil, err
	}
	th, err := themes.Load()
	if err != nil {
		return nil, err
	}
	if err := cfg.CheckPartnerThemes(th.Names()); err != nil {
		return nil, err
	}
	st := store.New(cfg.CacheTTL, cfg.CacheEnabled)
	rep, err := st.Load(cfg.Data)
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, handler: server.New(cfg, st, th, log), report: rep, log: log}, nil
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, file := flagSet("serve")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	start := time.Now()
	a, err := newApp(fs, *file, log)
	if err != nil {
		return err
	}
	source := a.cfg.Data
	if source == "" {
		source = "embedded demonstration data"
	}
	log.Info("data loaded", "source", source, "rejected_rows", a.report.Rejected(), "duration", time.Since(start).String())
	srv := &http.Server{Addr: a.cfg.Addr, Handler: a.handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("listening", "addr", a.cfg.Addr, "public_url", a.cfg.PublicURL)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}

// renderCmd prints exactly the body the server returns for PATH, through the same handler.
func renderCmd(args []string, stdout io.Writer) error {
	fs, file := flagSet("render")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() != 1 || !strings.HasPrefix(fs.Arg(0), "/") {
		return usageError{errors.New("render takes one PATH starting with /, e.g. /widgets/certifications/32032002.json")}
	}
	a, err := newApp(fs, *file, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fs.Arg(0), nil))
	if _, err := stdout.Write(rec.Body.Bytes()); err != nil {
		return err
	}
	if rec.Code >= 400 {
		return fmt.Errorf("HTTP %d %s", rec.Code, http.StatusText(rec.Code))
	}
	return nil
}

// checkData loads every file of --data and prints the report; it fails when a file cannot be
// loaded or an indicator row was rejected.
func checkData(args []string, stdout io.Writer) error {
	fs, _ := flagSet("check-data")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	dir, _ := fs.GetString("data")
	if dir == "" || fs.NArg() > 0 {
		return usageError{errors.New("check-data needs --data DIR")}
	}
	_, rep, err := data.Load(dir)
	if rep != nil {
		rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	// Rejected indicator rows change what widgets show: the data set is invalid. Rejected
	// nomenclature rows (e.g. a MEFSTAT11 listed twice with two CFDs) are reported only.
	if f := rep.File(data.FileRegional); f != nil && len(f.Rejets) > 0 {
		return fmt.Errorf("%s: %d rows rejected", data.FileRegional, len(f.Rejets))
	}
	return nil
}
