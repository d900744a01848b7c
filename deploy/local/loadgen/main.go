// Command loadgen puts steady load on a list of URLs and counts every answer exactly (issue 15
// item 3, deploy/local/run): it runs until SIGTERM, SIGINT or -max, then prints one line
//
//	requests=N failed=F cached=C p50_ms=… p99_ms=…
//
// failed counts transport errors and any status but 200 and 304; cached counts answers whose
// X-Cache-Status (nginx's $upstream_cache_status) says the cache served them (HIT, STALE,
// UPDATING, REVALIDATED). Each worker cycles through the URLs; every third request of a URL
// already seen revalidates with If-None-Match (a browser's reload), every other one asks gzip,
// and every -bust-th one goes past the cache to a replica with a query parameter of its own.
// A failure is printed on stderr (the first 20), so a run that fails says why, and so are the
// counts of each X-Cache-Status.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	urlsFile := flag.String("urls", "", "file with one URL a line")
	workers := flag.Int("c", 16, "concurrent workers")
	maxDur := flag.Duration("max", 5*time.Minute, "stop after this long even without a signal")
	rate := flag.Float64("rate", 0, "requests per second per worker (0: as fast as answers come)")
	bust := flag.Int("bust", 10, "every Nth request adds a query parameter of its own, which the cache has never seen (0: none)")
	flag.Parse()
	urls, err := readLines(*urlsFile)
	if err != nil || len(urls) == 0 {
		fmt.Fprintf(os.Stderr, "loadgen: -urls %q: %v (no URL)\n", *urlsFile, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *maxDur)
	defer cancel()

	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConnsPerHost: *workers, DisableCompression: true, // we ask gzip ourselves
		},
	}
	var (
		total, failed atomic.Int64
		cached        atomic.Int64
		statuses      sync.Map // X-Cache-Status → *atomic.Int64
		logged        atomic.Int64
		mu            sync.Mutex
		latencies     []time.Duration
		wg            sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		failed.Add(1)
		if logged.Add(1) <= 20 {
			fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
		}
	}
	for w := range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			etags := map[string]string{}
			var mine []time.Duration
			var tick <-chan time.Time
			if *rate > 0 {
				t := time.NewTicker(time.Duration(float64(time.Second) / *rate))
				defer t.Stop()
				tick = t.C
			}
			for i := w; ctx.Err() == nil; i++ {
				if tick != nil {
					select {
					case <-tick:
					case <-ctx.Done():
						continue
					}
				}
				u := urls[i%len(urls)]
				target := u
				if *bust > 0 && i%*bust == 0 {
					// Past the cache to a replica (ijwidgets ignores unknown parameters): the
					// replicas keep serving while they restart, as uncacheable traffic makes them.
					target = withParam(u, fmt.Sprintf("lg=%d-%d", w, i))
				}
				// A request is not cut by the end of the run: it finishes and counts.
				req, _ := http.NewRequest(http.MethodGet, target, nil)
				if i%2 == 0 {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				if et, ok := etags[u]; ok && i%3 == 0 {
					req.Header.Set("If-None-Match", et)
				}
				total.Add(1)
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					fail("%s: %v", u, err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(start))
				switch {
				case err != nil:
					fail("%s: reading the body: %v", u, err)
				case resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified:
					fail("%s: HTTP %d", u, resp.StatusCode)
				}
				if et := resp.Header.Get("ETag"); et != "" {
					etags[u] = et
				}
				cs := resp.Header.Get("X-Cache-Status")
				switch cs {
				case "HIT", "STALE", "UPDATING", "REVALIDATED":
					cached.Add(1)
				}
				n, _ := statuses.LoadOrStore(cs, new(atomic.Int64))
				n.(*atomic.Int64).Add(1)
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(latencies)
	var counts []string
	statuses.Range(func(k, v any) bool {
		counts = append(counts, fmt.Sprintf("%s=%d", k, v.(*atomic.Int64).Load()))
		return true
	})
	slices.Sort(counts)
	fmt.Fprintf(os.Stderr, "loadgen: X-Cache-Status %s\n", strings.Join(counts, " "))
	// Latencies are those of answers; a request without one counts in requests and failed only.
	fmt.Printf("requests=%d failed=%d cached=%d p50_ms=%.2f p99_ms=%.2f\n", total.Load(), failed.Load(), cached.Load(),
		ms(quantile(latencies, 0.50)), ms(quantile(latencies, 0.99)))
	if failed.Load() > 0 {
		os.Exit(1)
	}
}

// quantile is the q-quantile of sorted durations (nearest rank), 0 for none.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// withParam adds the query parameter kv ("name=value") to u.
func withParam(u, kv string) string {
	if strings.Contains(u, "?") {
		return u + "&" + kv
	}
	return u + "?" + kv
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && l[0] != '#' {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
