# syntax=docker/dockerfile:1
# ijwidgets: a static, non-root image with a health check.
#
# Build:             docker build --build-arg VERSION=v1.0.0 -t ijwidgets:v1.0.0 .
#                    (podman build works the same; deploy/image/build builds and checks it)
# Run the demo:      docker run -p 8080:8080 ijwidgets
# Run on real data:  docker run -p 8080:8080 -v /path/to/data:/data:ro ijwidgets serve --data /data
# Version:           docker run --rm ijwidgets --version
# Reload the data:   docker kill --signal=HUP CONTAINER   (or POST /admin/reload with admin.token)
# Stop gracefully:   docker stop CONTAINER                (SIGTERM: in-flight requests finish)

# The base images are arguments so that a machine without access to their registries can build
# from local stand-ins (deploy/image/build); the defaults are the published images.
ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
# The release, for ijwidgets --version, /healthz and X-Ijwidgets-Version.
ARG VERSION=devel
WORKDIR /src
COPY go.mod go.sum ./
# Cache mounts keep modules and compiled packages between builds (BuildKit, buildah, podman).
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# A static binary: no libc needed in the runtime image.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath \
    -ldflags="-s -w -X github.com/ijwidgets/ijwidgets/internal/version.version=${VERSION}" \
    -o /out/ijwidgets ./cmd/ijwidgets

FROM ${RUNTIME_IMAGE}
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
