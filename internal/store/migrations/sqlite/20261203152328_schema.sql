-- Create "sync_changes" table
CREATE TABLE `sync_changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL, `module` text NOT NULL, `record_id` integer NOT NULL, `op` text NOT NULL, `changed_at` datetime NOT NULL, `org_id` integer NOT NULL, CONSTRAINT `sync_changes_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sync_changes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sync_changes", 103079215104);
-- Create index "syncchange_org_id" to table: "sync_changes"
CREATE INDEX `syncchange_org_id` ON `sync_changes` (`org_id`);
-- Create index "syncchange_org_id_module_record_id" to table: "sync_changes"
CREATE UNIQUE INDEX `syncchange_org_id_module_record_id` ON `sync_changes` (`org_id`, `module`, `record_id`);
-- Create index "syncchange_org_id_module_seq" to table: "sync_changes"
CREATE INDEX `syncchange_org_id_module_seq` ON `sync_changes` (`org_id`, `module`, `seq`);
-- Create index "syncchange_op_changed_at" to table: "sync_changes"
CREATE INDEX `syncchange_op_changed_at` ON `sync_changes` (`op`, `changed_at`);
-- Create "sync_clients" table
CREATE TABLE `sync_clients` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL DEFAULT ('PLUGIN'), `last_sync_at` datetime NULL, `org_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `sync_clients_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `sync_clients_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sync_clients" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sync_clients", 107374182400);
-- Create index "syncclient_org_id" to table: "sync_clients"
CREATE INDEX `syncclient_org_id` ON `sync_clients` (`org_id`);
-- Create "sync_counters" table
CREATE TABLE `sync_counters` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL DEFAULT (0), `pruned` integer NOT NULL DEFAULT (0), `backfilled` bool NOT NULL DEFAULT (false), `org_id` integer NOT NULL, CONSTRAINT `sync_counters_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sync_counters" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sync_counters", 111669149696);
-- Create index "synccounter_org_id" to table: "sync_counters"
CREATE INDEX `synccounter_org_id` ON `sync_counters` (`org_id`);
-- Create index "synccounter_one_per_org" to table: "sync_counters"
CREATE UNIQUE INDEX `synccounter_one_per_org` ON `sync_counters` (`org_id`);
-- Create "sync_items" table
CREATE TABLE `sync_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `user_id` integer NOT NULL, `module` text NOT NULL, `client_item_id` text NOT NULL, `client_version` datetime NOT NULL, `record_id` integer NULL, `crm_seq` integer NOT NULL DEFAULT (0), `state` text NOT NULL, `ignore_field` text NULL, `ignore_limit` integer NULL, `reason` text NULL, `misses` integer NOT NULL DEFAULT (0), `raw` json NULL, `conflict` json NULL, `client_id` integer NOT NULL, `org_id` integer NOT NULL, CONSTRAINT `sync_items_sync_clients_items` FOREIGN KEY (`client_id`) REFERENCES `sync_clients` (`id`) ON DELETE NO ACTION, CONSTRAINT `sync_items_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sync_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sync_items", 115964116992);
-- Create index "syncitem_org_id" to table: "sync_items"
CREATE INDEX `syncitem_org_id` ON `sync_items` (`org_id`);
-- Create index "syncitem_client_id_module_client_item_id" to table: "sync_items"
CREATE UNIQUE INDEX `syncitem_client_id_module_client_item_id` ON `sync_items` (`client_id`, `module`, `client_item_id`);
-- Create index "syncitem_client_id_module_record_id" to table: "sync_items"
CREATE INDEX `syncitem_client_id_module_record_id` ON `sync_items` (`client_id`, `module`, `record_id`);
-- Create "sync_runs" table
CREATE TABLE `sync_runs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `user_id` integer NOT NULL, `user_name` text NOT NULL, `module` text NOT NULL, `direction` text NOT NULL, `batch_key` text NOT NULL, `automatic` bool NOT NULL DEFAULT (false), `full_listing` bool NOT NULL DEFAULT (false), `state` text NOT NULL DEFAULT ('QUEUED'), `added` integer NOT NULL DEFAULT (0), `updated` integer NOT NULL DEFAULT (0), `deleted` integer NOT NULL DEFAULT (0), `ignored` integer NOT NULL DEFAULT (0), `conflicts` integer NOT NULL DEFAULT (0), `refused` integer NOT NULL DEFAULT (0), `skipped` integer NOT NULL DEFAULT (0), `report` json NULL, `batch` blob NULL, `started_at` datetime NOT NULL, `finished_at` datetime NULL, `error` text NULL, `client_id` integer NOT NULL, `org_id` integer NOT NULL, CONSTRAINT `sync_runs_sync_clients_runs` FOREIGN KEY (`client_id`) REFERENCES `sync_clients` (`id`) ON DELETE NO ACTION, CONSTRAINT `sync_runs_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sync_runs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sync_runs", 120259084288);
-- Create index "syncrun_org_id" to table: "sync_runs"
CREATE INDEX `syncrun_org_id` ON `sync_runs` (`org_id`);
-- Create index "syncrun_client_id_batch_key" to table: "sync_runs"
CREATE UNIQUE INDEX `syncrun_client_id_batch_key` ON `sync_runs` (`client_id`, `batch_key`);
-- Create index "syncrun_state" to table: "sync_runs"
CREATE INDEX `syncrun_state` ON `sync_runs` (`state`);
-- Create "sync_settings" table
CREATE TABLE `sync_settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `user_id` integer NOT NULL, `module` text NOT NULL, `enabled` bool NOT NULL DEFAULT (true), `direction` text NOT NULL DEFAULT ('BOTH'), `mode` text NOT NULL DEFAULT ('MANUAL'), `folders` json NULL, `category` text NULL, `automatic_since` datetime NULL, `automatic_seq` integer NOT NULL DEFAULT (0), `client_id` integer NOT NULL, `org_id` integer NOT NULL, CONSTRAINT `sync_settings_sync_clients_settings` FOREIGN KEY (`client_id`) REFERENCES `sync_clients` (`id`) ON DELETE NO ACTION, CONSTRAINT `sync_settings_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sync_settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sync_settings", 124554051584);
-- Create index "syncsetting_org_id" to table: "sync_settings"
CREATE INDEX `syncsetting_org_id` ON `sync_settings` (`org_id`);
-- Create index "syncsetting_client_id_module" to table: "sync_settings"
CREATE UNIQUE INDEX `syncsetting_client_id_module` ON `sync_settings` (`client_id`, `module`);
