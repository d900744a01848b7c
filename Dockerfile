# syntax=docker/dockerfile:1
# ijwidgets: a static, non-root image with a health check.
#
# Build:             docker build -t ijwidgets .
# Run the demo:      docker run -p 8080:8080 ijwidgets
# Run on real data:  docker run -p 8080:8080 -v /path/to/data:/data:ro ijwidgets serve --data /data
# Reload the data:   docker kill --signal=HUP CONTAINER   (or POST /admin/reload with admin.token)
# Stop gracefully:   docker stop CONTAINER                (SIGTERM: in-flight requests finish)

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A static binary: no libc needed in the runtime image.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ijwidgets ./cmd/ijwidgets

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ijwidgets /ijwidgets
USER nonroot:nonroot
EXPOSE 8080
# /metrics listens on 127.0.0.1:9464 by default: set IJWIDGETS_METRICS_ADDR=:9464 for a scraper
# on the private network (never publish that port).
STOPSIGNAL SIGTERM
# distroless has no shell and no curl: the binary checks itself over HTTP.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/ijwidgets", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/ijwidgets"]
CMD ["serve", "--addr", ":8080"]
