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
