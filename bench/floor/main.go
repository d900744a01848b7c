// Command floor is bench/run's net/http floor: the bare standard-library server answering every
// request with one file's bytes, headers assigned from pre-built slices, no middleware, no log.
// What it reaches against nginx bounds what any net/http service can (issue 11 item 5).
//
// With HEADER: VALUE arguments (bench/run gives the cached HTML widget's), it sends them too,
// and a fresh X-Request-Id when one is named: the floor of an answer with the widget's headers,
// whose number is a cost of net/http (it clones, sorts and writes the header map).
//
// With FLOOR_COALESCE=1 in its environment it listens through internal/coalesce, as the
// service does by default (http.coalesce_writes): one writev per answer over 4 KiB.
//
//	floor ADDR FILE [HEADER: VALUE…]
package main

import (
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/ijwidgets/ijwidgets/internal/coalesce"
)

func main() {
	if len(os.Args) < 3 {
		log.Fatal("usage: floor ADDR FILE [HEADER: VALUE…]")
	}
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	length, contentType := []string{strconv.Itoa(len(body))}, []string{"text/html; charset=UTF-8"}
	var keys []string
	var values [][]string
	requestID := false
	for _, a := range os.Args[3:] {
		k, v, ok := strings.Cut(a, ":")
		if !ok {
			log.Fatalf("floor: %q is not HEADER: VALUE", a)
		}
		k = http.CanonicalHeaderKey(strings.TrimSpace(k))
		switch k {
		case "Content-Type":
			contentType = []string{strings.TrimSpace(v)}
		case "Content-Length", "Date":
		case "X-Request-Id":
			requestID = true
		default:
			keys, values = append(keys, k), append(values, []string{strings.TrimSpace(v)})
		}
	}
	ln, err := net.Listen("tcp", os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	if os.Getenv("FLOOR_COALESCE") == "1" {
		ln = coalesce.Listener(ln)
	}
	var n atomic.Uint64
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		for i, k := range keys {
			h[k] = values[i]
		}
		if requestID {
			h["X-Request-Id"] = []string{strconv.FormatUint(n.Add(1), 36)}
		}
		h["Content-Type"], h["Content-Length"] = contentType, length
		_, _ = w.Write(body)
	})))
}
