# crmadmin — the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
BIN       ?= bin/crmadmin
export CGO_ENABLED := 1

.PHONY: run test test-go test-node bench demo generate build vet clean

build: ## build the binary (cgo: SQLite)
	$(GO) build -o $(BIN) .

run: build ## serve on :8080 with embedded defaults (SQLite in ./data, in-process Redis)
	./$(BIN) serve

demo: build ## load a demo organization and print its sign-in
	./$(BIN) demo

test: test-node ## every test: unit, integration (in-process server, real SQLite, miniredis and redis-server), websocket client
	$(GO) test -count=1 -timeout 20m ./...
	@echo "integration suite again on a real redis-server:"
	CRM_TEST_BACKEND=redis-server $(GO) test -count=1 -timeout 10m ./internal/e2e/

# The websocket integration test drives the real npm graphql-ws client with node.
test-node:
	@if command -v npm >/dev/null 2>&1; then \
		cd internal/e2e/wsclient && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error); \
	else echo "npm not found: the graphql-ws client test will be skipped"; fi

bench: test-node ## benchmarks side by side with their baselines (see README "Performance")
	$(GO) test -run='^$$' -bench=. -benchtime=1x -count=1 -timeout 30m ./internal/bench/ | tee bench.out

generate: ## regenerate ent and gqlgen code from ent/schema and graph/*.graphqls
	$(GO) generate ./...

vet:
	$(GO) vet ./...

clean:
	rm -rf bin bench.out
