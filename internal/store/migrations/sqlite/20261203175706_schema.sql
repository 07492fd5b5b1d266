-- Add column "html_body" to table: "emails"
ALTER TABLE `emails` ADD COLUMN `html_body` text NULL;
-- Create index "email_org_id_message_id" to table: "emails"
CREATE UNIQUE INDEX `email_org_id_message_id` ON `emails` (`org_id`, `message_id`) WHERE message_id IS NOT NULL AND message_id <> '';
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
