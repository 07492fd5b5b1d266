# crmadmin — the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
BIN       ?= bin/crmadmin
export CGO_ENABLED := 1
# pipefail: `go test -json | skipcheck` fails when go test does.
SHELL     := bash
.SHELLFLAGS := -o pipefail -c
# Relays `go test -json` like `go test` and lists skipped tests; in CI (CI=true) a skip not in
# .ci/allowed-skips (with its reason) fails the run.
SKIPCHECK ?= $(GO) run ./internal/skipcheck .ci/allowed-skips

.PHONY: run test test-go test-node test-ui test-pg test-cluster ui bench demo generate check-generated build vet lint clean

build: ## build the binary (cgo: SQLite)
	$(GO) build -o $(BIN) .

run: ui build ## serve on :8080 with embedded defaults (SQLite in ./data, in-process Redis)
	./$(BIN) serve

demo: build ## load a demo organization and print its sign-in (again: how to sign in); DEMO_FLAGS="--email a@b.test --password '…'" or "--reset-password"
	./$(BIN) demo $(DEMO_FLAGS)

test: test-node ## every test: unit, integration (in-process server, real SQLite, miniredis and redis-server), websocket client
	$(GO) test -json -count=1 -timeout 20m ./... | $(SKIPCHECK)
	@echo "the tests whose outcome depends on the Redis backend (named *_Redis) again on a real redis-server:"
	CRM_TEST_BACKEND=redis-server $(GO) test -json -count=1 -timeout 10m -run '_Redis$$' ./internal/e2e/ | $(SKIPCHECK)
	@if [ "$$CI" = true ] || pg_isready -q -t 3 -d "$(PG_URL)" 2>/dev/null; then \
		echo "the database suites again on PostgreSQL ($(PG_URL)):"; \
		$(MAKE) test-pg; \
	else echo "no PostgreSQL at $(PG_URL): the database suites on PostgreSQL are skipped (make test-pg; CRM_TEST_PG_URL)"; fi
	$(MAKE) test-cluster
	$(MAKE) test-ui

# The suites on PostgreSQL (issue 15): each test server gets a fresh database copied from a
# template migrated once per package, dropped after the test. CRM_TEST_PG_URL names a server
# whose role may create databases (default: the local one, trust auth; .ci/run starts one
# where none runs).
PG_URL       ?= $(or $(CRM_TEST_PG_URL),postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)
# PG_PACKAGES: every package whose tests open a database (apptest servers, pgtest, enttest
# switched by CRM_TEST_DB); the others (graph/ included) never touch one.
# pgtest.EachDatabase tests (store, mail, datasync, billing's concurrency) run on both databases
# in either pass.
PG_PACKAGES  ?= ./internal/e2e/ ./internal/abuse/ ./internal/billing/ ./internal/backup/... ./internal/store/ \
	./internal/accounts/ ./internal/change/ ./internal/demo/ ./internal/datasync/... ./internal/mail/
# PG_SKIP: a regexp of tests not to run on PostgreSQL (-skip); empty: every test runs.
PG_SKIP      ?=
test-pg: ## every database suite (integration, abuse, sync, billing, backup, accounts, store…) on PostgreSQL (CRM_TEST_PG_URL)
	CRM_TEST_DB=postgres CRM_TEST_PG_URL="$(PG_URL)" $(GO) test -json -count=1 -timeout 20m $(if $(PG_SKIP),-skip '$(PG_SKIP)') $(PG_PACKAGES) | $(SKIPCHECK)

# The multi-process tests (issue 15 items 3-5, internal/cluster, build tag `cluster`): the binary
# built once, as two API nodes and two workers on PostgreSQL (a fresh database) and a real
# redis-server; a Redis Sentinel (primary, replica, sentinel) failing over during a backup; a
# database of the previous release upgraded by `crmadmin migrate`; a one-node Redis Cluster.
# 2.5 minutes measured on a loaded 2-core machine (1 of them the binary's build).
test-cluster: ## multi-node, Sentinel failover and upgrade tests of the built binary (PostgreSQL: CRM_TEST_PG_URL; redis-server)
	CRM_TEST_PG_URL="$(PG_URL)" $(GO) test -tags cluster -json -count=1 -timeout 10m ./internal/cluster/ | $(SKIPCHECK)

# The websocket integration test drives the real npm graphql-ws client with node.
test-node:
	@if command -v npm >/dev/null 2>&1; then \
		cd internal/e2e/wsclient && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error); \
	else echo "npm not found: the graphql-ws client test will be skipped"; fi

# The admin SPA (ui/). Its build, ui/dist, is committed and embedded in the binary, so the Go
# build never needs Node. `make ui` rebuilds it only when its sources changed (the hash of
# ui/scripts/source-hash.sh against ui/dist/.source-hash); commit ui/dist afterwards.
ui: ## rebuild ui/dist from the SPA sources when they changed (needs Node and npm)
	@cd ui && if [ "$$(sh scripts/source-hash.sh)" = "$$(cat dist/.source-hash 2>/dev/null)" ]; then \
		echo "ui/dist is current"; \
	elif ! command -v npm >/dev/null 2>&1; then \
		echo "warning: ui/src changed since ui/dist was built, and npm is not installed: serving the committed ui/dist"; \
	else npm ci --no-audit --no-fund --loglevel=error && npm run build; fi

# SPA checks (generated types current, typecheck, unit tests, ui/dist current and within the
# bundle budget), then the browser tests: Debian's chromium driving the binary `make build` made.
test-ui: build ## SPA unit tests and browser end-to-end tests against bin/crmadmin (needs npm and /usr/bin/chromium)
	cd ui && sh scripts/deps.sh && npm test
	cd ui && CRM_E2E_BIN=$(abspath $(BIN)) npm run e2e

bench: test-node ## benchmarks side by side with their baselines (see README "Performance")
	$(GO) test -run='^$$' -bench=. -benchtime=1x -count=1 -timeout 30m ./internal/bench/ | tee bench.out

generate: ## regenerate ent and gqlgen code from ent/schema and graph/*.graphqls, and write a migration file for a schema change (needs PostgreSQL: CRM_DEV_PG_URL)
	$(GO) generate ./...

# CI: the committed generated code is what the schemas generate (ent, entgql, gqlgen).
check-generated: generate
	@test -z "$$(git status --porcelain -- ent graph gqlgen.yml internal/store/migrations)" || { git status --short -- ent graph gqlgen.yml internal/store/migrations; \
		echo "generated code or migration files are out of date: run 'make generate' and commit the result"; exit 1; }

vet:
	$(GO) vet ./...

# CI: formatting, vet and the layering of DESIGN.md (internal/archtest; it runs in `make test` too).
lint: vet
	$(GO) vet -tags cluster ./internal/cluster/
	@out="$$(gofmt -l $$(git ls-files '*.go'))"; if [ -n "$$out" ]; then echo "gofmt -l lists:"; echo "$$out"; exit 1; fi
	$(GO) test -count=1 ./internal/archtest/

clean:
	rm -rf bin bench.out
