// Package cli implements the ijwidgets commands (SPEC §10): serve, render, check-data and
// healthcheck. Signals are handled here: serve drains on SIGTERM and reloads on SIGHUP.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/ijwidgets/ijwidgets/internal/coalesce"
	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/data"
	"github.com/ijwidgets/ijwidgets/internal/server"
	"github.com/ijwidgets/ijwidgets/internal/store"
	"github.com/ijwidgets/ijwidgets/internal/version"
	"github.com/ijwidgets/ijwidgets/themes"
	"github.com/ijwidgets/ijwidgets/widget"
)

const usage = `ijwidgets: widgets des indicateurs InserJeunes

usage:
  ijwidgets serve [--addr :8080] [--public-url URL] [--data DIR] [--themes DIR] [--config FILE]
  ijwidgets render PATH [--data DIR] [--config FILE]
  ijwidgets check-data --data DIR [--compare DIR] [--config FILE]
  ijwidgets coverage --data DIR [--catalogue FILE]... [--millesime M] [--open-on YYYY-MM-DD]
  ijwidgets reload [--force] [--url http://127.0.0.1:8080] [--config FILE]
  ijwidgets healthcheck [--url http://127.0.0.1:8080/healthz]
  ijwidgets --version

Without --data, serve and render use the embedded demonstration dataset.
--public-url is the base URL written in every snippet, oEmbed answer and link (e.g.
https://widgets.example.fr); without it, serve derives it from a loopback --addr and warns
for any other address.
serve stops gracefully on SIGTERM and reloads --data on SIGHUP; a reload that would lose
figures is refused (the data in service stays): reload --force takes it through the admin
route (admin.token).
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
	case "coverage":
		err = coverageCmd(args[1:], stdout)
	case "reload":
		err = reloadCmd(args[1:], stdout)
	case "healthcheck":
		err = healthcheck(args[1:], stdout)
	case "version", "--version":
		fmt.Fprintln(stdout, "ijwidgets", version.String())
		return 0
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
	fs.String("public-url", "", "base URL written in links (default: from a loopback --addr)")
	file := fs.String("config", "", "config file (YAML, TOML or JSON)")
	return fs, file
}

// parseConfig parses the flags of a command that takes no positional argument, then loads the
// configuration (flags > environment > *file > defaults).
func parseConfig(fs *pflag.FlagSet, file *string, args []string) (config.Config, error) {
	if err := fs.Parse(args); err != nil {
		return config.Config{}, usageError{err}
	}
	if fs.NArg() > 0 {
		return config.Config{}, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return config.Load(fs, *file)
}

// app is the wiring shared by serve and render: config, themes, data, HTTP handler.
type app struct {
	cfg    config.Config
	server *server.Server
	report *data.Report
	log    *slog.Logger
}

func newApp(fs *pflag.FlagSet, file string, log *slog.Logger) (*app, error) {
	cfg, err := config.Load(fs, file)
	if err != nil {
		return nil, err
	}
	return newAppConfig(context.Background(), cfg, log)
}

// newAppConfig loads the themes and the data (within load.timeout, and no longer than ctx) and
// wires the server. A first load with problems (rows rejected, labels missing) is served: the
// caller logs them (Server.LogLoad), /readyz lists them.
func newAppConfig(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	th, refused, err := themes.Load(cfg.Themes)
	if err != nil {
		return nil, err
	}
	for _, r := range refused {
		log.Warn("theme refused", "err", r.Error()) // the valid themes are served
	}
	if err := cfg.CheckPartnerThemes(th.Names()); err != nil {
		return nil, err
	}
	st := store.New(cfg.CacheTTL, cfg.CacheEnabled)
	st.SetRenderCacheBytes(cfg.RenderCacheBytes)
	st.SetMaxLoss(cfg.Load.MaxLoss)
	rep, err := st.LoadContext(ctx, cfg.Data, store.LoadOptions{Timeout: cfg.Load.Timeout})
	if err != nil {
		return nil, err
	}
	srv, err := server.New(cfg, st, th, log)
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, server: srv, report: rep, log: log}, nil
}

// Test hooks: testHookListening learns the bound address; testHookHandler wraps the handler.
var (
	testHookListening func(net.Addr)
	testHookHandler   func(http.Handler) http.Handler
)

// serve runs the HTTP server until SIGTERM or SIGINT (or ctx ends), then drains: /readyz turns
// 503, new connections are refused after http.drain_delay, and in-flight requests finish within
// http.shutdown_timeout. SIGHUP reloads --data (a failed reload keeps the current snapshot).
func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, file := flagSet("serve")
	cfg, err := parseConfig(fs, file, args)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return fmt.Errorf("config log.level: %w", err)
	}
	// One writer for the direct log and the buffered access log, locked: a flush of many lines
	// and an error line never interleave in one pipe.
	out := &lockedWriter{w: stderr}
	log := slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level}))

	// Signals first: a SIGTERM during the data load must not kill the process half-way.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	// Port 0 (the system picks one): the links must name the port it picked, so listen first.
	var ln net.Listener
	if _, port, _ := net.SplitHostPort(cfg.Addr); port == "0" && cfg.PublicURLFrom != config.PublicURLSet {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return fmt.Errorf("listen %s: %w", cfg.Addr, err)
		}
		defer ln.Close()
		cfg.PublicURL, _ = config.DerivePublicURL(ln.Addr().String())
	}
	logPublicURL(log, cfg)

	a, err := newAppConfig(ctx, cfg, log)
	if err != nil {
		if ctx.Err() != nil { // SIGTERM during the first load: a requested stop
			log.Info("stopped during the data load", "err", err.Error())
			return nil
		}
		return err
	}
	source := a.cfg.Data
	if source == "" {
		source = "embedded demonstration data"
	}
	if cfg.AccessLog {
		// One line per request, buffered: flushed every 200 ms and at shutdown (issue 11).
		accessOut := newLogBuffer(out, 200*time.Millisecond)
		defer accessOut.Close()
		a.server.SetAccessWriter(accessOut, level)
	}
	a.server.LogLoad("data load ("+source+")", "start")
	logRejets(log, a.report)

	var handler http.Handler = a.server
	if testHookHandler != nil {
		handler = testHookHandler(handler)
	}
	h := cfg.HTTP
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: h.ReadHeaderTimeout,
		ReadTimeout:       h.ReadTimeout,
		WriteTimeout:      h.WriteTimeout,
		IdleTimeout:       h.IdleTimeout,
		MaxHeaderBytes:    h.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return fmt.Errorf("listen %s: %w", cfg.Addr, err)
		}
	}
	defer serveMetrics(cfg, a.server, log)()
	served := ln
	if h.CoalesceWrites { // one writev per answer over 4 KiB (issue 11)
		served = coalesce.Listener(ln)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(served) }()
	log.Info("listening", "addr", ln.Addr().String(), "public_url", a.cfg.PublicURL)
	if testHookListening != nil {
		testHookListening(ln.Addr())
	}
	for {
		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-hup:
			// Off the signal loop: SIGTERM stays honoured while files are read (a hung mount).
			// Bounded by load.timeout; a SIGHUP during a load is logged and dropped.
			go func() { // logged; /readyz reports a failure
				_ = a.server.Reload("SIGHUP", false) // logged; the swap builds the search index
			}()
		case <-ctx.Done():
			log.Info("shutting down: draining in-flight requests", "drain_delay", h.DrainDelay.String(), "timeout", h.ShutdownTimeout.String())
			a.server.SetDraining()
			time.Sleep(h.DrainDelay)
			shutdown, cancel := context.WithTimeout(context.Background(), h.ShutdownTimeout)
			defer cancel()
			if err := srv.Shutdown(shutdown); err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			log.Info("stopped")
			return nil
		}
	}
}

// logPublicURL says at start where the links the service writes point when public_url is unset
// (issue 13): derived from a loopback --addr (info), or guessed for another address (a warning:
// partners would copy snippets that point at an address their readers cannot reach).
func logPublicURL(log *slog.Logger, cfg config.Config) {
	switch cfg.PublicURLFrom {
	case config.PublicURLLoopback:
		log.Info("public_url not set: derived from the loopback --addr; snippets, oEmbed and links use it (set --public-url for a public address)",
			"public_url", cfg.PublicURL, "addr", cfg.Addr)
	case config.PublicURLGuessed:
		log.Warn("PUBLIC_URL NOT SET and --addr is not a loopback address: every snippet, oEmbed answer and link names "+cfg.PublicURL+
			", which partners' readers probably cannot reach; set --public-url (or public_url, IJWIDGETS_PUBLIC_URL) to the service's public address",
			"public_url", cfg.PublicURL, "addr", cfg.Addr)
	}
}

// healthcheck GETs --url (default http://127.0.0.1:8080/healthz) and fails unless it answers 200:
// the container health check (distroless images have no curl).
func healthcheck(args []string, stdout io.Writer) error {
	fs := pflag.NewFlagSet("healthcheck", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	url := fs.String("url", "http://127.0.0.1:8080/healthz", "URL to check")
	timeout := fs.Duration("timeout", 3*time.Second, "time limit")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	client := &http.Client{Timeout: *timeout}
	resp, err := client.Get(*url)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck %s: HTTP %d", *url, resp.StatusCode)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
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
	a.server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fs.Arg(0), nil))
	if _, err := stdout.Write(rec.Body.Bytes()); err != nil {
		return err
	}
	if rec.Code >= 400 {
		return fmt.Errorf("HTTP %d %s", rec.Code, http.StatusText(rec.Code))
	}
	return nil
}

// checkData loads every file of --data and prints the report; it fails when a file cannot be
// loaded or the load has problems (data.Report.Problems: indicator rows rejected, or more than
// load.max_loss of the certifications with figures without a BCN label, as a truncated BCN file
// gives). Rejected nomenclature rows alone are reported only: the real BCN extract has two.
// With --compare DIR (the files in service) it also fails on the losses a reload would refuse:
// alone, it cannot tell a file cut at a line boundary from a smaller one.
func checkData(args []string, stdout io.Writer) error {
	fs, file := flagSet("check-data")
	against := fs.String("compare", "", "data directory in service: judge --data as a reload of it would be (losses beyond load.max_loss)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	dir, _ := fs.GetString("data")
	if dir == "" || fs.NArg() > 0 {
		return usageError{errors.New("check-data needs --data DIR")}
	}
	cfg, err := config.Load(fs, *file)
	if err != nil {
		return err
	}
	snap, rep, err := data.Load(dir)
	if rep != nil {
		rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	problems := rep.Problems(snap.Inventory(), cfg.Load.MaxLoss)
	if *against != "" {
		prev, _, err := data.Load(*against)
		if err != nil {
			return fmt.Errorf("--compare: %w", err)
		}
		problems = append(problems, prev.Inventory().Losses(snap.Inventory(), cfg.Load.MaxLoss)...)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "\nproblems: %d\n", len(problems))
		for _, p := range problems {
			fmt.Fprintln(stdout, "  "+p)
		}
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// coverageCmd loads --data and prints, by diploma level and voie, the share of open codes with
// France figures for the newest millésime and by which rule (issue 12 item 7); then, for each
// --catalogue (an Affelnet or Parcoursup offer), the share of its lines that get figures and at
// which scope, with the reasons for none.
func coverageCmd(args []string, stdout io.Writer) error {
	fs := pflag.NewFlagSet("coverage", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := fs.String("data", "", "data directory")
	cats := fs.StringArray("catalogue", nil, "partner catalogue (Affelnet or Parcoursup offer); may be repeated")
	mill := fs.String("millesime", "", "millésime (default: the newest)")
	openOn := fs.String("open-on", "", "a code is open when the BCN has not closed it on this date (default: today)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if *dir == "" || fs.NArg() > 0 {
		return usageError{errors.New("coverage needs --data DIR")}
	}
	day := time.Now().Format("2006-01-02")
	if *openOn != "" {
		if _, err := time.Parse("2006-01-02", *openOn); err != nil {
			return usageError{fmt.Errorf("--open-on %q: want YYYY-MM-DD", *openOn)}
		}
		day = *openOn
	}
	var m widget.Millesime
	if *mill != "" {
		var err error
		if m, err = widget.ParseMillesime(*mill); err != nil {
			return usageError{fmt.Errorf("--millesime %q: want 2022_2023", *mill)}
		}
	}
	snap, _, err := data.Load(*dir)
	if err != nil {
		return err
	}
	cov := snap.Coverage(m, strings.ReplaceAll(day, "-", ""))
	if err := cov.WriteText(stdout); err != nil {
		return err
	}
	for _, file := range *cats {
		c, err := data.ReadCatalogue(file)
		if err != nil {
			return err
		}
		cov.Catalogue = snap.CatalogueCoverage(c, cov.Millesime)
		only := &data.Coverage{Millesime: cov.Millesime, Catalogue: cov.Catalogue}
		if err := only.WriteCatalogue(stdout); err != nil {
			return err
		}
	}
	return nil
}

// reloadCmd asks a running server to reload its data through POST /admin/reload (the admin
// token of the configuration: admin.token or IJWIDGETS_ADMIN_TOKEN); --force takes data that
// the guard refuses (SIGHUP cannot carry it). It prints the answer and fails unless it is 200.
func reloadCmd(args []string, stdout io.Writer) error {
	fs, file := flagSet("reload")
	base := fs.String("url", "", "server base URL (default: http://127.0.0.1 and the port of addr)")
	force := fs.Bool("force", false, "take the new data even when it would lose figures")
	timeout := fs.Duration("timeout", 5*time.Minute, "time limit")
	cfg, err := parseConfig(fs, file, args)
	if err != nil {
		return err
	}
	if cfg.AdminToken == "" {
		return errors.New("reload needs the admin token (admin.token in --config, or IJWIDGETS_ADMIN_TOKEN)")
	}
	u := *base
	if u == "" {
		_, port, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			return fmt.Errorf("addr %q: %w", cfg.Addr, err)
		}
		u = "http://" + net.JoinHostPort("127.0.0.1", port)
	}
	u = strings.TrimRight(u, "/") + "/admin/reload"
	if *force {
		u += "?force=true"
	}
	req, err := http.NewRequest(http.MethodPost, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+cfg.AdminToken)
	resp, err := (&http.Client{Timeout: *timeout}).Do(req)
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(stdout, io.LimitReader(resp.Body, 1<<20)); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reload %s: HTTP %d", u, resp.StatusCode)
	}
	return nil
}

// logRejets warns about rejected rows, the first ones by file:line and reason: a truncated or
// damaged file is served without those rows, so the operator must see it (check-data tells more).
func logRejets(log *slog.Logger, rep *data.Report) {
	rs := rep.Rejets()
	if len(rs) == 0 {
		return
	}
	first := make([]string, 0, 10)
	for _, r := range rs[:min(len(rs), 10)] {
		first = append(first, r.String())
	}
	log.Warn("rows rejected: served without them (run check-data for all)", "count", len(rs), "first", first)
}
