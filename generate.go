package main

// One place that orders the generators: ent (+ entgql schema) first, then the versioned
// migration files of any schema change (internal/store/migrations), then gqlgen, then the
// rewrite of gqlgen's list marshalling to serial (internal/tools/gqlserial says why).
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run ./internal/store/migrategen
//go:generate go run -mod=mod github.com/99designs/gqlgen generate
//go:generate go run ./internal/tools/gqlserial graph/generated.go
