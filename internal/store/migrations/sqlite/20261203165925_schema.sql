-- Add column "html_body" to table: "emails"
ALTER TABLE `emails` ADD COLUMN `html_body` text NULL;
-- Create index "email_org_id_message_id" to table: "emails"
CREATE UNIQUE INDEX `email_org_id_message_id` ON `emails` (`org_id`, `message_id`) WHERE message_id IS NOT NULL AND message_id <> '';
-- Create "email_settings" table
CREATE TABLE `email_settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `match_with` text NOT NULL DEFAULT ('BOTH'), `add_sent_automatically` bool NOT NULL DEFAULT (true), `keep_attachments` bool NOT NULL DEFAULT (true), `org_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `email_settings_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `email_settings_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Set sequence for "email_settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("email_settings", 128849018880);
-- Create index "emailsetting_org_id" to table: "email_settings"
CREATE INDEX `emailsetting_org_id` ON `email_settings` (`org_id`);
-- Create index "emailsetting_user_id" to table: "email_settings"
CREATE UNIQUE INDEX `emailsetting_user_id` ON `email_settings` (`user_id`);
