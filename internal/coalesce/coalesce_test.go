package coalesce

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// body is n bytes of a repeating pattern (a shift would show).
func body(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

// serve starts an http.Server on loopback, over Listener when coalesced; it returns its URL.
func serve(t testing.TB, coalesced bool, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := l
	if coalesced {
		ln = Listener(l)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + l.Addr().String()
}

// sizes around the 4-KiB buffer: with the header (about 100 B here) and without.
var sizes = []int{0, 1, 100, 3900, 3990, 4000, 4095, 4096, 4097, 8030, 8192, 8193, 12288, 1 << 20}

// TestAnswersIntact: every size, written at once, in pieces, with and without Content-Length,
// streamed with flushes, arrives whole and in order, several answers per connection.
func TestAnswersIntact(t *testing.T) {
	url := serve(t, true, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		b := body(n)
		switch r.URL.Query().Get("mode") {
		case "length":
			w.Header().Set("Content-Length", strconv.Itoa(n))
			_, _ = w.Write(b)
		case "pieces": // 1000-byte writes, no length: chunked
			for len(b) > 0 {
				k := min(1000, len(b))
				_, _ = w.Write(b[:k])
				b = b[k:]
			}
		case "flush": // 4096-byte writes, each flushed
			for len(b) > 0 {
				k := min(BufferSize, len(b))
				_, _ = w.Write(b[:k])
				w.(http.Flusher).Flush()
				b = b[k:]
			}
		default:
			_, _ = w.Write(b)
		}
	}))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}, Timeout: 20 * time.Second}
	for _, mode := range []string{"length", "once", "pieces", "flush"} {
		for _, n := range sizes {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				req, _ := http.NewRequest(method, fmt.Sprintf("%s/?n=%d&mode=%s", url, n, mode), nil)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatalf("%s %s n=%d: %v", method, mode, n, err)
				}
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					t.Fatalf("%s %s n=%d: %v", method, mode, n, err)
				}
				want := body(n)
				if method == http.MethodHead {
					want = nil
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%s %s n=%d: got %d bytes, want %d (or different bytes)", method, mode, n, len(got), len(want))
				}
			}
		}
	}
}

// pair is a loopback TCP connection: its accepted side over Listener, and the peer.
func pair(t *testing.T) (*conn, net.Conn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := Listener(l).Accept()
		accepted <- c
	}()
	peer, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c := <-accepted
	if c == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { _ = c.Close(); _ = peer.Close() })
	_ = peer.SetReadDeadline(time.Now().Add(10 * time.Second)) // a hang fails instead
	return c.(*conn), peer
}

// held says whether c holds bytes.
func held(c *conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.holding
}

// TestHeldBytesArrive: a write of exactly BufferSize with nothing after it (a handler that
// flushes 4 KiB and waits) reaches the peer anyway: the timer sends it.
func TestHeldBytesArrive(t *testing.T) {
	c, peer := pair(t)
	if n, err := c.Write(body(BufferSize)); n != BufferSize || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if !held(c) {
		t.Fatal("a full-buffer write is not held")
	}
	got := make([]byte, BufferSize)
	if _, err := io.ReadFull(peer, got); err != nil || !bytes.Equal(got, body(BufferSize)) {
		t.Fatalf("held bytes did not arrive: %v", err)
	}
}

// TestReadSendsHeld: a read on the connection sends held bytes first (the next request of a
// keep-alive connection cannot wait for an answer still held), as does the next write, in order.
func TestReadSendsHeld(t *testing.T) {
	c, peer := pair(t)
	c.limit = time.Hour // only the read may send them here
	if _, err := c.Write(body(BufferSize)); err != nil || !held(c) {
		t.Fatalf("not held: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		buf := make([]byte, BufferSize)
		_, _ = io.ReadFull(peer, buf)
		got <- buf
		_, _ = peer.Write([]byte("x"))
	}()
	one := make([]byte, 1)
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Read(one); err != nil || one[0] != 'x' {
		t.Fatalf("Read = %q, %v", one, err)
	}
	if !bytes.Equal(<-got, body(BufferSize)) {
		t.Fatal("held bytes changed")
	}
	// Held, then the rest: one stream, in order.
	if _, err := c.Write(body(BufferSize)); err != nil || !held(c) {
		t.Fatalf("not held: %v", err)
	}
	if _, err := c.Write([]byte("END")); err != nil || held(c) {
		t.Fatalf("still held: %v", err)
	}
	rest := make([]byte, BufferSize+3)
	if _, err := io.ReadFull(peer, rest); err != nil || !bytes.Equal(rest, append(body(BufferSize), "END"...)) {
		t.Fatalf("stream: %v", err)
	}
}

// writeSyscalls reads the process's count of write system calls (/proc/self/io syscw).
func writeSyscalls(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skipf("no /proc/self/io: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	t.Skip("no syscw in /proc/self/io")
	return 0
}

// TestOneWritePerAnswer: an 8-KB answer (the cached HTML widget's size) costs the server one
// write system call fewer over Listener than over the bare listener. The fewest calls seen over
// 20 answers is compared (another thread of the runtime may write in between).
func TestOneWritePerAnswer(t *testing.T) {
	b := body(8030)
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	})
	fewest := func(coalesced bool) int {
		url := serve(t, coalesced, h)
		c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		r := bufio.NewReader(c)
		best := 1 << 30
		for range 20 {
			before := writeSyscalls(t)
			if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !bytes.Equal(got, b) {
				t.Fatalf("coalesced=%v: body of %d bytes", coalesced, len(got))
			}
			best = min(best, writeSyscalls(t)-before)
		}
		return best
	}
	plain, coalesced := fewest(false), fewest(true)
	if coalesced != plain-1 {
		t.Errorf("write calls per answer (client's included): %d over Listener, %d bare; want one fewer", coalesced, plain)
	}
}

// TestConcurrentAnswers: many connections at once, answers of mixed sizes (run with -race).
func TestConcurrentAnswers(t *testing.T) {
	url := serve(t, true, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		_, _ = w.Write(body(n))
	}))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 20 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				n := sizes[(g+i)%len(sizes)]
				resp, err := client.Get(fmt.Sprintf("%s/?n=%d", url, n))
				if err != nil {
					errs <- err
					return
				}
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || !bytes.Equal(got, body(n)) {
					errs <- fmt.Errorf("n=%d: %d bytes, %v", n, len(got), err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
