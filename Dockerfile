# syntax=docker/dockerfile:1
# Build: docker build -t ijwidgets .
# Run the demo:      docker run -p 8080:8080 ijwidgets
# Run on real data:  docker run -p 8080:8080 -v /path/to/data:/data:ro ijwidgets serve --data /data
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ijwidgets ./cmd/ijwidgets

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ijwidgets /ijwidgets
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/ijwidgets", "render", "/healthz"]
ENTRYPOINT ["/ijwidgets"]
CMD ["serve", "--addr", ":8080"]
