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
-- Add column "html_body" to table: "emails"
ALTER TABLE `emails` ADD COLUMN `html_body` text NULL;
-- Create index "email_org_id_message_id" to table: "emails"
CREATE UNIQUE INDEX `email_org_id_message_id` ON `emails` (`org_id`, `message_id`) WHERE message_id IS NOT NULL AND message_id <> '';
-- Create "catalogue_plans" table
CREATE TABLE `catalogue_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `code` text NOT NULL, `product` text NOT NULL DEFAULT ('CRM'), `name_en` text NOT NULL, `name_ja` text NOT NULL, `name_fr` text NOT NULL, `rank` integer NOT NULL, `features` json NULL, `max_users` integer NOT NULL, `record_limit` integer NOT NULL, `storage_gb` integer NOT NULL, `free_backups_per_month` integer NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL);
-- Set sequence for "catalogue_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("catalogue_plans", 141733920768);
-- Create index "catalogue_plans_code_key" to table: "catalogue_plans"
CREATE UNIQUE INDEX `catalogue_plans_code_key` ON `catalogue_plans` (`code`);
-- Create "email_dropboxes" table
CREATE TABLE `email_dropboxes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `user_id` integer NOT NULL, `token_hash` blob NOT NULL, `token_sealed` blob NOT NULL, `created_at` datetime NOT NULL, `rotated_at` datetime NOT NULL, `org_id` integer NOT NULL, CONSTRAINT `email_dropboxes_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "email_dropboxes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("email_dropboxes", 128849018880);
-- Create index "email_dropboxes_user_id_key" to table: "email_dropboxes"
CREATE UNIQUE INDEX `email_dropboxes_user_id_key` ON `email_dropboxes` (`user_id`);
-- Create index "email_dropboxes_token_hash_key" to table: "email_dropboxes"
CREATE UNIQUE INDEX `email_dropboxes_token_hash_key` ON `email_dropboxes` (`token_hash`);
-- Create index "emaildropbox_org_id" to table: "email_dropboxes"
CREATE INDEX `emaildropbox_org_id` ON `email_dropboxes` (`org_id`);
-- Create "email_settings" table
CREATE TABLE `email_settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `match_with` text NOT NULL DEFAULT ('BOTH'), `add_sent_automatically` bool NOT NULL DEFAULT (true), `keep_attachments` bool NOT NULL DEFAULT (true), `org_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `email_settings_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `email_settings_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Set sequence for "email_settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("email_settings", 137438953472);
-- Create index "emailsetting_org_id" to table: "email_settings"
CREATE INDEX `emailsetting_org_id` ON `email_settings` (`org_id`);
-- Create index "emailsetting_user_id" to table: "email_settings"
CREATE UNIQUE INDEX `emailsetting_user_id` ON `email_settings` (`user_id`);
-- Create "inbound_emails" table
CREATE TABLE `inbound_emails` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `user_id` integer NOT NULL, `message_id` text NOT NULL, `blob_key` text NOT NULL, `size` integer NOT NULL, `state` text NOT NULL DEFAULT ('QUEUED'), `error` text NULL, `email_id` integer NULL, `received_at` datetime NOT NULL, `done_at` datetime NULL, `org_id` integer NOT NULL, CONSTRAINT `inbound_emails_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "inbound_emails" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("inbound_emails", 133143986176);
-- Create index "inboundemail_org_id" to table: "inbound_emails"
CREATE INDEX `inboundemail_org_id` ON `inbound_emails` (`org_id`);
-- Create index "inboundemail_org_id_message_id" to table: "inbound_emails"
CREATE UNIQUE INDEX `inboundemail_org_id_message_id` ON `inbound_emails` (`org_id`, `message_id`);
-- Create index "inboundemail_state_received_at" to table: "inbound_emails"
CREATE INDEX `inboundemail_state_received_at` ON `inbound_emails` (`state`, `received_at`);
-- Create "licenses" table
CREATE TABLE `licenses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `state` text NOT NULL DEFAULT ('FREE'), `assigned_at` datetime NULL, `released_at` datetime NULL, `org_id` integer NOT NULL, `holder_id` integer NULL, CONSTRAINT `licenses_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `licenses_users_holder` FOREIGN KEY (`holder_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "licenses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("licenses", 146028888064);
-- Create index "license_org_id" to table: "licenses"
CREATE INDEX `license_org_id` ON `licenses` (`org_id`);
-- Create index "license_org_id_kind_state" to table: "licenses"
CREATE INDEX `license_org_id_kind_state` ON `licenses` (`org_id`, `kind`, `state`);
-- Create index "license_holder_id" to table: "licenses"
CREATE UNIQUE INDEX `license_holder_id` ON `licenses` (`holder_id`);
-- Create "plan_prices" table
CREATE TABLE `plan_prices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `cycle` text NOT NULL, `currency` text NOT NULL, `regular_amount` integer NOT NULL, `team_amount` integer NOT NULL, `add_on_prices` json NULL, `version` integer NOT NULL, `active_from` datetime NOT NULL, `plan_id` integer NOT NULL, CONSTRAINT `plan_prices_catalogue_plans_prices` FOREIGN KEY (`plan_id`) REFERENCES `catalogue_plans` (`id`) ON DELETE NO ACTION);
-- Set sequence for "plan_prices" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plan_prices", 150323855360);
-- Create index "planprice_plan_id_cycle_currency_version" to table: "plan_prices"
CREATE UNIQUE INDEX `planprice_plan_id_cycle_currency_version` ON `plan_prices` (`plan_id`, `cycle`, `currency`, `version`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
