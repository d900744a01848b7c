package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/ijwidgets/ijwidgets/internal/config"
	"github.com/ijwidgets/ijwidgets/internal/server"
)

// testHookMetricsListening learns the bound address of the metrics listener.
var testHookMetricsListening func(net.Addr)

// serveMetrics serves /metrics on metrics.addr, a listener of its own (issue 10: scrapes are
// unlimited and were public), until the returned stop is called. Nothing is started when the
// metrics are off or served on the main listener (metrics.addr empty, behind metrics.token).
func serveMetrics(cfg config.Config, srv *server.Server, log *slog.Logger) (stop func(), err error) {
	if !cfg.MetricsEnabled || cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen metrics.addr %s: %w", cfg.MetricsAddr, err)
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
	return func() { _ = ms.Close() }, nil
}
