//go:build ignore

package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphqls"),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithRelaySpec(true),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy, gen.FeatureEntQL, gen.FeatureGlobalID,
			gen.FeatureUpsert, gen.FeatureExecQuery, gen.FeatureIntercept, gen.FeatureVersionedMigration,
		},
	}, entc.Extensions(ex),
		// ent/template: ent's templates overridden (create_bulk_tx.tmpl: a CreateBulk outside a
		// transaction runs in one, issue 11).
		entc.TemplateDir("./ent/template"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
