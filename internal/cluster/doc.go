// Package cluster holds the multi-process tests of issue 15 (items 3 to 5), run by
// `make test-cluster` (part of `make test`): the built crmadmin binary as two API nodes
// (`CRM_RUN_WORKER=false crmadmin serve`) and two `crmadmin worker` processes on one
// PostgreSQL and one redis-server; a Redis Sentinel failing over while a backup runs; and the
// upgrade of a database of the previous release by `crmadmin migrate`; a one-node Redis
// Cluster under a backup, pub/sub and the sign-in limiter. Its tests carry the
// build tag `cluster` so that `go test ./...` does not run them twice; the package has no
// production code.
package cluster
