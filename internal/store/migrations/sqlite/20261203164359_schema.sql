-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_billing_subscriptions" table
CREATE TABLE `new_billing_subscriptions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `plan` text NOT NULL, `cycle` text NOT NULL DEFAULT ('MONTHLY'), `currency` text NOT NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `regular_licenses` integer NOT NULL DEFAULT (1), `team_licenses` integer NOT NULL DEFAULT (0), `add_ons` json NULL, `balance` integer NOT NULL DEFAULT (0), `trial_plan` text NULL, `trial_started_at` datetime NULL, `trial_ends_at` datetime NULL, `tried_plans` json NULL, `retries_done` integer NOT NULL DEFAULT (0), `locked_at` datetime NULL, `last_failure` text NULL, `backup_units` integer NOT NULL DEFAULT (0), `next_action` text NULL, `next_action_at` datetime NULL, `org_id` integer NOT NULL, `price_id` integer NULL, `next_price_id` integer NULL, CONSTRAINT `billing_subscriptions_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `billing_subscriptions_plan_prices_price` FOREIGN KEY (`price_id`) REFERENCES `plan_prices` (`id`) ON DELETE SET NULL, CONSTRAINT `billing_subscriptions_plan_prices_next_price` FOREIGN KEY (`next_price_id`) REFERENCES `plan_prices` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_billing_subscriptions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_billing_subscriptions", 73014444032);
-- Copy rows from old table "billing_subscriptions" to new temporary table "new_billing_subscriptions"
INSERT INTO `new_billing_subscriptions` (`id`, `created_at`, `updated_at`, `plan`, `cycle`, `currency`, `status`, `period_start`, `period_end`, `regular_licenses`, `team_licenses`, `add_ons`, `balance`, `trial_plan`, `trial_started_at`, `trial_ends_at`, `tried_plans`, `retries_done`, `locked_at`, `last_failure`, `backup_units`, `next_action`, `next_action_at`, `org_id`) SELECT `id`, `created_at`, `updated_at`, `plan`, `cycle`, `currency`, `status`, `period_start`, `period_end`, `regular_licenses`, `team_licenses`, `add_ons`, `balance`, `trial_plan`, `trial_started_at`, `trial_ends_at`, `tried_plans`, `retries_done`, `locked_at`, `last_failure`, `backup_units`, `next_action`, `next_action_at`, `org_id` FROM `billing_subscriptions`;
-- Drop "billing_subscriptions" table after copying rows
DROP TABLE `billing_subscriptions`;
-- Rename temporary table "new_billing_subscriptions" to "billing_subscriptions"
ALTER TABLE `new_billing_subscriptions` RENAME TO `billing_subscriptions`;
-- Create index "billingsubscription_org_id" to table: "billing_subscriptions"
CREATE INDEX `billingsubscription_org_id` ON `billing_subscriptions` (`org_id`);
-- Create index "billingsubscription_one_per_org" to table: "billing_subscriptions"
CREATE UNIQUE INDEX `billingsubscription_one_per_org` ON `billing_subscriptions` (`org_id`);
-- Create index "billingsubscription_next_action_at" to table: "billing_subscriptions"
CREATE INDEX `billingsubscription_next_action_at` ON `billing_subscriptions` (`next_action_at`);
-- Create "catalogue_plans" table
CREATE TABLE `catalogue_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `code` text NOT NULL, `product` text NOT NULL DEFAULT ('CRM'), `name_en` text NOT NULL, `name_ja` text NOT NULL, `name_fr` text NOT NULL, `rank` integer NOT NULL, `features` json NULL, `max_users` integer NOT NULL, `record_limit` integer NOT NULL, `storage_gb` integer NOT NULL, `free_backups_per_month` integer NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL);
-- Set sequence for "catalogue_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("catalogue_plans", 128849018880);
-- Create index "catalogue_plans_code_key" to table: "catalogue_plans"
CREATE UNIQUE INDEX `catalogue_plans_code_key` ON `catalogue_plans` (`code`);
-- Create "licenses" table
CREATE TABLE `licenses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `state` text NOT NULL DEFAULT ('FREE'), `assigned_at` datetime NULL, `released_at` datetime NULL, `org_id` integer NOT NULL, `holder_id` integer NULL, CONSTRAINT `licenses_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `licenses_users_holder` FOREIGN KEY (`holder_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "licenses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("licenses", 133143986176);
-- Create index "license_org_id" to table: "licenses"
CREATE INDEX `license_org_id` ON `licenses` (`org_id`);
-- Create index "license_org_id_kind_state" to table: "licenses"
CREATE INDEX `license_org_id_kind_state` ON `licenses` (`org_id`, `kind`, `state`);
-- Create index "license_holder_id" to table: "licenses"
CREATE UNIQUE INDEX `license_holder_id` ON `licenses` (`holder_id`);
-- Create "plan_prices" table
CREATE TABLE `plan_prices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `cycle` text NOT NULL, `currency` text NOT NULL, `regular_amount` integer NOT NULL, `team_amount` integer NOT NULL, `add_on_prices` json NULL, `version` integer NOT NULL, `active_from` datetime NOT NULL, `plan_id` integer NOT NULL, CONSTRAINT `plan_prices_catalogue_plans_prices` FOREIGN KEY (`plan_id`) REFERENCES `catalogue_plans` (`id`) ON DELETE NO ACTION);
-- Set sequence for "plan_prices" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plan_prices", 137438953472);
-- Create index "planprice_plan_id_cycle_currency_version" to table: "plan_prices"
CREATE UNIQUE INDEX `planprice_plan_id_cycle_currency_version` ON `plan_prices` (`plan_id`, `cycle`, `currency`, `version`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
