package cli

import (
	"errors"
	"log/slog"
	"net"
	"net/http"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/server"
)

// testHookMetricsListening learns the bound address of the metrics listener.
var testHookMetricsListening func(net.Addr)

// serveMetrics serves /metrics on metrics.addr, a listener of its own (issue 10: scrapes are
// unlimited and were public), until the returned stop is called. An address that cannot be
// listened on is logged as an error and the metrics are not served; it never stops the widgets. Nothing is started when the
// metrics are off or served on the main listener (metrics.addr empty, behind metrics.token).
func serveMetrics(cfg config.Config, srv *server.Server, log *slog.Logger) (stop func()) {
	if !cfg.MetricsEnabled || cfg.MetricsAddr == "" {
		return func() {}
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		// The widgets matter more than their metrics: serve them, and say so loudly (a second
		// instance on one machine, or a port another exporter holds).
		log.Error("metrics not served: cannot listen on metrics.addr (the widgets are served)", "addr", cfg.MetricsAddr, "err", err.Error())
		return func() {}
	}
	ms := &http.Server{
		Handler:           srv.MetricsHandler(),
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		ReadTimeout:       cfg.HTTP.ReadTimeout,
		WriteTimeout:      cfg.HTTP.WriteTimeout,
		IdleTimeout:       cfg.HTTP.IdleTimeout,
		MaxHeaderBytes:    cfg.HTTP.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := ms.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	if testHookMetricsListening != nil {
		testHookMetricsListening(ln.Addr())
	}
	return func() { _ = ms.Close() }
}
