package server

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// accessSink is where the access log goes: a writer that receives each line whole, encoded by
// appendAccessLine (SetAccessWriter: serve's buffered writer), or else a slog.Logger (the
// server's log by default; SetAccessLog).
type accessSink struct {
	w      io.Writer
	level  slog.Level // the lowest level written to w
	logger *slog.Logger
}

// SetAccessWriter sends the access log to w, one JSON line per request in a single Write (the
// fields of slog's JSONHandler: time, level, msg, then the request's), encoded without slog:
// slog's generic encoding was a quarter of a cached answer's CPU (issue 11). Lines below level
// are not written. serve gives it a buffered writer.
func (s *Server) SetAccessWriter(w io.Writer, level slog.Level) {
	s.access.Store(&accessSink{w: w, level: level})
}

// SetAccessLog sends the access log's lines (one per request, log.access) to l rather than to
// the server's log, through slog.
func (s *Server) SetAccessLog(l *slog.Logger) { s.access.Store(&accessSink{logger: l}) }

// accessEntry is one line of the access log. No client IP, user agent, referrer or query
// string: nothing personal.
type accessEntry struct {
	time       time.Time
	level      slog.Level
	requestID  string
	method     string
	route      string // the route template ("" unmatched)
	path       string
	status     int
	bytes      int64
	durationMS float64
	partner    string // partnerNone, partnerUnknown or a configured key
	cache      string // "" when the answer is not a widget's
	err        string // of a 5xx with an error
}

// accessLog writes one line per request (accessEntry), after the error handler has written the
// answer of an error: its status is the one sent.
func (s *Server) accessLog() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			req, res := c.Request(), c.Response()
			e := accessEntry{
				time: start, level: slog.LevelInfo, method: req.Method, route: c.Path(), path: req.URL.Path,
				status: res.Status, bytes: res.Size, partner: s.partner(c),
				durationMS: float64(time.Since(start).Microseconds()) / 1000,
			}
			if e.path == "" {
				e.path = "/"
			}
			if e.requestID = req.Header.Get(echo.HeaderXRequestID); e.requestID == "" {
				e.requestID = res.Header().Get(echo.HeaderXRequestID)
			}
			e.cache, _ = c.Get(ctxCache).(string)
			if e.status >= 500 {
				e.level = slog.LevelError
				if err != nil {
					e.err = err.Error()
				}
			}
			s.access.Load().write(req.Context(), &e)
			// The error was answered: returned for the middleware above, which Echo's error
			// handler ignores once the response is committed.
			return err
		}
	}
}

// accessLineBytes is the initial buffer of a line: above a usual line (about 250 bytes).
const accessLineBytes = 512

var accessLines = sync.Pool{New: func() any { b := make([]byte, 0, accessLineBytes); return &b }}

// write logs e on a.
func (a *accessSink) write(ctx context.Context, e *accessEntry) {
	if a.w == nil {
		attrs := []slog.Attr{
			slog.String("request_id", e.requestID), slog.String("method", e.method),
			slog.String("route", e.route), slog.String("path", e.path),
			slog.Int("status", e.status), slog.Int64("bytes", e.bytes),
			slog.Float64("duration_ms", e.durationMS), slog.String("partner", e.partner),
		}
		if e.cache != "" {
			attrs = append(attrs, slog.String("cache", e.cache))
		}
		if e.err != "" {
			attrs = append(attrs, slog.String("error", e.err))
		}
		a.logger.LogAttrs(ctx, e.level, "request", attrs...)
		return
	}
	if e.level < a.level {
		return
	}
	bp := accessLines.Get().(*[]byte)
	*bp = appendAccessLine((*bp)[:0], e)
	_, _ = a.w.Write(*bp) // as slog does: a log that cannot be written does not fail the request
	if cap(*bp) <= 4*accessLineBytes {
		accessLines.Put(bp)
	}
}

// appendAccessLine appends e as one JSON line with the keys, order and forms of slog's
// JSONHandler (time in RFC 3339 with milliseconds, level as its name).
func appendAccessLine(b []byte, e *accessEntry) []byte {
	b = append(b, `{"time":"`...)
	b = appendLogTime(b, e.time)
	b = append(b, `","level":"`...)
	b = append(b, e.level.String()...)
	b = append(b, `","msg":"request","request_id":`...)
	b = appendJSONString(b, e.requestID)
	b = append(b, `,"method":`...)
	b = appendJSONString(b, e.method)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, e.route)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, e.path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, e.bytes, 10)
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendFloat(b, e.durationMS, 'f', -1, 64)
	b = append(b, `,"partner":`...)
	b = appendJSONString(b, e.partner)
	if e.cache != "" {
		b = append(b, `,"cache":`...)
		b = appendJSONString(b, e.cache)
	}
	if e.err != "" {
		b = append(b, `,"error":`...)
		b = appendJSONString(b, e.err)
	}
	return append(b, "}\n"...)
}

// logSecond is the formatted time of one second, for appendLogTime.
type logSecond struct {
	unix   int64
	offset int    // the zone's offset in seconds, in force at unix
	date   string // "2006-01-02T15:04:05."
	zone   string // "Z07:00"
}

// lastLogSecond is the second of the latest line: lines of one second share its formatting.
var lastLogSecond atomic.Pointer[logSecond]

// appendLogTime appends t as "2006-01-02T15:04:05.000Z07:00" (slog's JSON time), formatting the
// date and zone once per second: time.Format was a tenth of the access log's cost (issue 11).
func appendLogTime(b []byte, t time.Time) []byte {
	unix := t.Unix()
	_, offset := t.Zone()
	ls := lastLogSecond.Load()
	if ls == nil || ls.unix != unix || ls.offset != offset {
		ls = &logSecond{unix: unix, offset: offset, date: t.Format("2006-01-02T15:04:05."), zone: t.Format("Z07:00")}
		lastLogSecond.Store(ls)
	}
	ms := t.Nanosecond() / 1e6
	b = append(b, ls.date...)
	b = append(b, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	return append(b, ls.zone...)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD (as encoding/json does; a path may hold anything).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
