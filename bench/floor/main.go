// Command floor is bench/run's net/http floor: the bare standard-library server answering every
// request with one file's bytes, headers assigned from pre-built slices, no middleware, no log.
// What it reaches against nginx bounds what any net/http service can (issue 11 item 5).
//
//	floor ADDR FILE
package main

import (
	"log"
	"net/http"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: floor ADDR FILE")
	}
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	length, contentType := []string{strconv.Itoa(len(body))}, []string{"text/html; charset=UTF-8"}
	log.Fatal(http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h["Content-Type"], h["Content-Length"] = contentType, length
		_, _ = w.Write(body)
	})))
}
