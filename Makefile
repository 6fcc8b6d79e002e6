# Everyday commands. Each target is one line you could type yourself;
# the README's two commands (run, test) need nothing but Go.
#
#   make run        the demo center on ./wfm.db, served (prints logins)
#   make test       the README's test command (SQLite)
#   make test-pg    the tests on SQLite and a local PostgreSQL ($(PG_URL))
#   make browser    the browser tests too (Chromium) on both engines
#   make lint       gofmt, go vet, go mod tidy, staticcheck: what CI refuses
#   make bench      the speed table and the Go benchmarks
#   make golden     rewrite testdata/*.golden from the code (the OpenAPI document, the solver's
#                   results), and the Go client generated from it (apiclient); review the diff
#   make openapi    print the OpenAPI document the API serves
#   make ci         what CI runs (.ci/run: provisions PostgreSQL and Chromium)

PG_URL ?= postgres://wfm_dev:wfm_dev@localhost:5432/wfm_dev?sslmode=disable

.PHONY: run test test-pg browser lint bench golden openapi ci

run:
	go run ./cmd/wfm demo

test:
	go test -timeout 30m ./...

test-pg:
	WFM_TEST_DATABASE_URL='$(PG_URL)' go test -timeout 30m ./...

browser:
	WFM_BROWSER=1 WFM_TEST_DATABASE_URL='$(PG_URL)' go test -timeout 30m ./...

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'gofmt: the files above need formatting'; exit 1; }
	go vet ./...
	go mod tidy -diff
	go tool staticcheck ./...

bench:
	go run ./cmd/wfm bench
	go test -run '^$$' -bench . -benchtime 3x ./staffing ./store ./kpi

golden:
	go test ./api -run Golden -update
	go test ./schedule -run TestSolveGolden -update
	go generate ./apiclient

openapi:
	@go test ./api -run TestGoldenOpenAPIDocument >/dev/null && cat api/testdata/openapi.golden.json

ci:
	bash .ci/run
