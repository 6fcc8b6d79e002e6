# The product in a container: a static binary (pure-Go SQLite and pgx, no
# cgo) on a distroless image, run as a non-root user.
#
#   docker build -t wfm --build-arg VERSION=$(git describe --always --dirty) \
#     --build-arg COMMIT=$(git rev-parse HEAD) \
#     --build-arg BUILT_AT=$(git log -1 --format=%cI) .
#   docker run -p 8080:8080 -v wfm-data:/data wfm            # SQLite in /data
#   docker compose up                                       # PostgreSQL with the demo loaded
#
# cmd/wfm/container_test.go runs this file's build command in CI, checks the
# binary is static and that it serves and answers `wfm healthcheck`: no
# container registry is reachable from CI to build the image itself.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
ARG COMMIT=
ARG BUILT_AT=
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w -X wfm/version.release=${VERSION} -X wfm/version.commit=${COMMIT} -X wfm/version.builtAt=${BUILT_AT}" -o /out/wfm ./cmd/wfm
# The SQLite default needs a folder the non-root user can write.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wfm /usr/local/bin/wfm
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV WFM_ADDR=:8080 \
    WFM_DATABASE_URL=file:/data/wfm.db
VOLUME /data
EXPOSE 8080
# distroless has no shell or curl: the binary asks its own /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
  CMD ["/usr/local/bin/wfm", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/wfm"]
CMD ["serve"]
