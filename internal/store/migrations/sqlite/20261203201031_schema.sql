-- Create "bundles" table
CREATE TABLE `bundles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state` text NOT NULL, `trial_started_at` datetime NULL, `trial_ends_at` datetime NULL, `extended` bool NOT NULL DEFAULT (false), `notices_sent` integer NOT NULL DEFAULT (0), `ended_at` datetime NULL, `crm_credited_until` datetime NULL, `contract_cycle` text NULL, `contract_users` integer NOT NULL DEFAULT (0), `contract_add_ons` json NULL, `contract_started_at` datetime NULL, `contract_period_end` datetime NULL, `contract_price` integer NOT NULL DEFAULT (0), `contract_currency` text NULL, `contract_payment_id` integer NULL, `org_id` integer NOT NULL, CONSTRAINT `bundles_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "bundles" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("bundles", 154618822656);
-- Create index "bundle_org_id" to table: "bundles"
CREATE INDEX `bundle_org_id` ON `bundles` (`org_id`);
-- Create index "bundle_one_per_org" to table: "bundles"
CREATE UNIQUE INDEX `bundle_one_per_org` ON `bundles` (`org_id`);
-- Create index "bundle_state_trial_ends_at" to table: "bundles"
CREATE INDEX `bundle_state_trial_ends_at` ON `bundles` (`state`, `trial_ends_at`);
-- Create "member_subscriptions" table
CREATE TABLE `member_subscriptions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `service` text NOT NULL, `cycle` text NOT NULL, `users` integer NOT NULL, `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `paid` integer NOT NULL, `currency` text NOT NULL, `credited_until` datetime NULL, `ended_at` datetime NULL, `payment_id` integer NULL, `org_id` integer NOT NULL, `super_admin_id` integer NOT NULL, `price_id` integer NULL, CONSTRAINT `member_subscriptions_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `member_subscriptions_users_super_admin` FOREIGN KEY (`super_admin_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION, CONSTRAINT `member_subscriptions_plan_prices_price` FOREIGN KEY (`price_id`) REFERENCES `plan_prices` (`id`) ON DELETE SET NULL);
-- Set sequence for "member_subscriptions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("member_subscriptions", 158913789952);
-- Create index "membersubscription_org_id" to table: "member_subscriptions"
CREATE INDEX `membersubscription_org_id` ON `member_subscriptions` (`org_id`);
-- Create index "membersubscription_org_id_service" to table: "member_subscriptions"
CREATE INDEX `membersubscription_org_id_service` ON `member_subscriptions` (`org_id`, `service`);
