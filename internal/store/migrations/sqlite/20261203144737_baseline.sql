-- Create "api_tokens" table
CREATE TABLE `api_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `prefix` text NOT NULL, `token_hash` blob NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NULL, `last_used_at` datetime NULL, `revoked_at` datetime NULL, `org_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `api_tokens_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `api_tokens_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Create index "api_tokens_token_hash_key" to table: "api_tokens"
CREATE UNIQUE INDEX `api_tokens_token_hash_key` ON `api_tokens` (`token_hash`);
-- Create index "apitoken_org_id" to table: "api_tokens"
CREATE INDEX `apitoken_org_id` ON `api_tokens` (`org_id`);
-- Create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `website` text NULL, `phone` text NULL, `industry` text NULL, `billing_street` text NULL, `billing_city` text NULL, `billing_state` text NULL, `billing_zip` text NULL, `billing_country` text NULL, `description` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, CONSTRAINT `accounts_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `accounts_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("accounts", 4294967296);
-- Create index "account_org_id" to table: "accounts"
CREATE INDEX `account_org_id` ON `accounts` (`org_id`);
-- Create index "account_org_id_created_at" to table: "accounts"
CREATE INDEX `account_org_id_created_at` ON `accounts` (`org_id`, `created_at`);
-- Create "attachments" table
CREATE TABLE `attachments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `file_name` text NOT NULL, `content_type` text NOT NULL DEFAULT ('application/octet-stream'), `size` integer NOT NULL, `sha256` text NOT NULL, `blob_key` text NOT NULL, `org_id` integer NOT NULL, `lead_id` integer NULL, `contact_id` integer NULL, `account_id` integer NULL, `deal_id` integer NULL, `task_id` integer NULL, `event_id` integer NULL, `support_case_id` integer NULL, CONSTRAINT `attachments_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `attachments_leads_lead` FOREIGN KEY (`lead_id`) REFERENCES `leads` (`id`) ON DELETE SET NULL, CONSTRAINT `attachments_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL, CONSTRAINT `attachments_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `attachments_deals_deal` FOREIGN KEY (`deal_id`) REFERENCES `deals` (`id`) ON DELETE SET NULL, CONSTRAINT `attachments_tasks_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE SET NULL, CONSTRAINT `attachments_events_event` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE SET NULL, CONSTRAINT `attachments_support_cases_support_case` FOREIGN KEY (`support_case_id`) REFERENCES `support_cases` (`id`) ON DELETE SET NULL);
-- Set sequence for "attachments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("attachments", 8589934592);
-- Create index "attachment_org_id" to table: "attachments"
CREATE INDEX `attachment_org_id` ON `attachments` (`org_id`);
-- Create "audit_events" table
CREATE TABLE `audit_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `actor_name` text NOT NULL, `action` text NOT NULL, `target_type` text NULL, `target_id` text NULL, `summary` text NOT NULL, `details` json NULL, `org_id` integer NOT NULL, `actor_id` integer NULL, CONSTRAINT `audit_events_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `audit_events_users_actor` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "audit_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_events", 12884901888);
-- Create index "auditevent_org_id" to table: "audit_events"
CREATE INDEX `auditevent_org_id` ON `audit_events` (`org_id`);
-- Create index "auditevent_org_id_created_at" to table: "audit_events"
CREATE INDEX `auditevent_org_id_created_at` ON `audit_events` (`org_id`, `created_at`);
-- Create "backup_files" table
CREATE TABLE `backup_files` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `part` integer NOT NULL, `name` text NOT NULL, `blob_key` text NOT NULL, `token_hash` blob NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `expires_at` datetime NOT NULL, `deleted_at` datetime NULL, `org_id` integer NOT NULL, `run_id` integer NOT NULL, CONSTRAINT `backup_files_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `backup_files_backup_runs_files` FOREIGN KEY (`run_id`) REFERENCES `backup_runs` (`id`) ON DELETE NO ACTION);
-- Set sequence for "backup_files" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("backup_files", 85899345920);
-- Create index "backup_files_token_hash_key" to table: "backup_files"
CREATE UNIQUE INDEX `backup_files_token_hash_key` ON `backup_files` (`token_hash`);
-- Create index "backupfile_org_id" to table: "backup_files"
CREATE INDEX `backupfile_org_id` ON `backup_files` (`org_id`);
-- Create "backup_runs" table
CREATE TABLE `backup_runs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `repeat_type` text NOT NULL, `slot_at` datetime NOT NULL, `slot_key` text NOT NULL, `state` text NOT NULL DEFAULT ('SCHEDULED'), `cover` text NULL, `quota_month` text NULL, `records_done` integer NOT NULL DEFAULT (0), `records_total` integer NOT NULL DEFAULT (0), `record_counts` json NULL, `attachments` integer NOT NULL DEFAULT (0), `total_bytes` integer NOT NULL DEFAULT (0), `attempts` integer NOT NULL DEFAULT (0), `heartbeat_at` datetime NULL, `error` text NULL, `requested_by_name` text NULL, `queued_at` datetime NULL, `started_at` datetime NULL, `archived_at` datetime NULL, `ready_at` datetime NULL, `expires_at` datetime NULL, `ended_at` datetime NULL, `org_id` integer NOT NULL, `schedule_id` integer NULL, CONSTRAINT `backup_runs_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `backup_runs_backup_schedules_runs` FOREIGN KEY (`schedule_id`) REFERENCES `backup_schedules` (`id`) ON DELETE SET NULL);
-- Set sequence for "backup_runs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("backup_runs", 90194313216);
-- Create index "backup_runs_slot_key_key" to table: "backup_runs"
CREATE UNIQUE INDEX `backup_runs_slot_key_key` ON `backup_runs` (`slot_key`);
-- Create index "backuprun_org_id" to table: "backup_runs"
CREATE INDEX `backuprun_org_id` ON `backup_runs` (`org_id`);
-- Create index "backuprun_org_id_slot_at" to table: "backup_runs"
CREATE INDEX `backuprun_org_id_slot_at` ON `backup_runs` (`org_id`, `slot_at`);
-- Create index "backuprun_state_slot_at" to table: "backup_runs"
CREATE INDEX `backuprun_state_slot_at` ON `backup_runs` (`state`, `slot_at`);
-- Create index "backuprun_state_expires_at" to table: "backup_runs"
CREATE INDEX `backuprun_state_expires_at` ON `backup_runs` (`state`, `expires_at`);
-- Create "backup_schedules" table
CREATE TABLE `backup_schedules` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `repeat_type` text NOT NULL, `weekday` text NULL, `day_of_month` integer NULL, `week_of_month` text NULL, `start_date` text NOT NULL, `hour` integer NOT NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `next_run_at` datetime NULL, `created_by_id` integer NULL, `created_by_name` text NOT NULL, `stopped_at` datetime NULL, `stopped_by_name` text NULL, `org_id` integer NOT NULL, CONSTRAINT `backup_schedules_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "backup_schedules" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("backup_schedules", 94489280512);
-- Create index "backupschedule_org_id" to table: "backup_schedules"
CREATE INDEX `backupschedule_org_id` ON `backup_schedules` (`org_id`);
-- Create index "backupschedule_one_active_per_org" to table: "backup_schedules"
CREATE UNIQUE INDEX `backupschedule_one_active_per_org` ON `backup_schedules` (`org_id`) WHERE status = 'ACTIVE';
-- Create "billing_subscriptions" table
CREATE TABLE `billing_subscriptions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `plan` text NOT NULL, `cycle` text NOT NULL DEFAULT ('MONTHLY'), `currency` text NOT NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `regular_licenses` integer NOT NULL DEFAULT (1), `team_licenses` integer NOT NULL DEFAULT (0), `add_ons` json NULL, `balance` integer NOT NULL DEFAULT (0), `trial_plan` text NULL, `trial_started_at` datetime NULL, `trial_ends_at` datetime NULL, `tried_plans` json NULL, `retries_done` integer NOT NULL DEFAULT (0), `locked_at` datetime NULL, `last_failure` text NULL, `backup_units` integer NOT NULL DEFAULT (0), `next_action` text NULL, `next_action_at` datetime NULL, `org_id` integer NOT NULL, CONSTRAINT `billing_subscriptions_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "billing_subscriptions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("billing_subscriptions", 73014444032);
-- Create index "billingsubscription_org_id" to table: "billing_subscriptions"
CREATE INDEX `billingsubscription_org_id` ON `billing_subscriptions` (`org_id`);
-- Create index "billingsubscription_one_per_org" to table: "billing_subscriptions"
CREATE UNIQUE INDEX `billingsubscription_one_per_org` ON `billing_subscriptions` (`org_id`);
-- Create index "billingsubscription_next_action_at" to table: "billing_subscriptions"
CREATE INDEX `billingsubscription_next_action_at` ON `billing_subscriptions` (`next_action_at`);
-- Create "contacts" table
CREATE TABLE `contacts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `first_name` text NULL, `last_name` text NOT NULL, `email` text NULL, `title` text NULL, `department` text NULL, `phone` text NULL, `home_phone` text NULL, `other_phone` text NULL, `fax` text NULL, `mobile` text NULL, `assistant` text NULL, `asst_phone` text NULL, `reports_to` text NULL, `mailing_street` text NULL, `mailing_city` text NULL, `mailing_state` text NULL, `mailing_zip` text NULL, `mailing_country` text NULL, `other_street` text NULL, `other_city` text NULL, `other_state` text NULL, `other_zip` text NULL, `other_country` text NULL, `description` text NULL, `date_of_birth` datetime NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, `account_id` integer NULL, CONSTRAINT `contacts_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `contacts_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `contacts_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- Set sequence for "contacts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("contacts", 17179869184);
-- Create index "contact_org_id" to table: "contacts"
CREATE INDEX `contact_org_id` ON `contacts` (`org_id`);
-- Create index "contact_org_id_created_at" to table: "contacts"
CREATE INDEX `contact_org_id_created_at` ON `contacts` (`org_id`, `created_at`);
-- Create index "contact_org_id_email" to table: "contacts"
CREATE INDEX `contact_org_id_email` ON `contacts` (`org_id`, `email`);
-- Create "deals" table
CREATE TABLE `deals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `amount` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('USD'), `stage` text NOT NULL DEFAULT ('QUALIFICATION'), `closing_date` datetime NULL, `description` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, `account_id` integer NULL, `contact_id` integer NULL, CONSTRAINT `deals_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `deals_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `deals_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `deals_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL);
-- Set sequence for "deals" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("deals", 21474836480);
-- Create index "deal_org_id" to table: "deals"
CREATE INDEX `deal_org_id` ON `deals` (`org_id`);
-- Create index "deal_org_id_created_at" to table: "deals"
CREATE INDEX `deal_org_id_created_at` ON `deals` (`org_id`, `created_at`);
-- Create "emails" table
CREATE TABLE `emails` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject` text NOT NULL, `from_address` text NOT NULL, `from_name` text NULL, `to_addresses` json NULL, `cc_addresses` json NULL, `body` text NULL, `sent_at` datetime NOT NULL, `direction` text NOT NULL, `message_id` text NULL, `org_id` integer NOT NULL, `support_case_id` integer NULL, CONSTRAINT `emails_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `emails_support_cases_support_case` FOREIGN KEY (`support_case_id`) REFERENCES `support_cases` (`id`) ON DELETE SET NULL);
-- Set sequence for "emails" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("emails", 25769803776);
-- Create index "email_org_id" to table: "emails"
CREATE INDEX `email_org_id` ON `emails` (`org_id`);
-- Create "events" table
CREATE TABLE `events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject` text NOT NULL, `start_at` datetime NOT NULL, `end_at` datetime NOT NULL, `venue` text NULL, `description` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, CONSTRAINT `events_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `events_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("events", 30064771072);
-- Create index "event_org_id" to table: "events"
CREATE INDEX `event_org_id` ON `events` (`org_id`);
-- Create index "event_org_id_created_at" to table: "events"
CREATE INDEX `event_org_id_created_at` ON `events` (`org_id`, `created_at`);
-- Create "event_participants" table
CREATE TABLE `event_participants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NULL, `org_id` integer NOT NULL, `event_id` integer NOT NULL, `contact_id` integer NULL, `lead_id` integer NULL, `user_id` integer NULL, CONSTRAINT `event_participants_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `event_participants_events_event` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE NO ACTION, CONSTRAINT `event_participants_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL, CONSTRAINT `event_participants_leads_lead` FOREIGN KEY (`lead_id`) REFERENCES `leads` (`id`) ON DELETE SET NULL, CONSTRAINT `event_participants_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "event_participants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("event_participants", 34359738368);
-- Create index "eventparticipant_org_id" to table: "event_participants"
CREATE INDEX `eventparticipant_org_id` ON `event_participants` (`org_id`);
-- Create "leads" table
CREATE TABLE `leads` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `first_name` text NULL, `last_name` text NOT NULL, `email` text NULL, `company` text NULL, `title` text NULL, `phone` text NULL, `mobile` text NULL, `lead_source` text NULL, `status` text NOT NULL DEFAULT ('NEW'), `description` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, CONSTRAINT `leads_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `leads_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "leads" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("leads", 38654705664);
-- Create index "lead_org_id" to table: "leads"
CREATE INDEX `lead_org_id` ON `leads` (`org_id`);
-- Create index "lead_org_id_created_at" to table: "leads"
CREATE INDEX `lead_org_id_created_at` ON `leads` (`org_id`, `created_at`);
-- Create "mail_messages" table
CREATE TABLE `mail_messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `to` text NOT NULL, `subject` text NOT NULL, `body` text NOT NULL, `kind` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `sent_at` datetime NULL, `attempts` integer NOT NULL DEFAULT (0), `heartbeat_at` datetime NULL, `error` text NULL, `org_id` integer NOT NULL, CONSTRAINT `mail_messages_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "mail_messages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("mail_messages", 98784247808);
-- Create index "mailmessage_org_id" to table: "mail_messages"
CREATE INDEX `mailmessage_org_id` ON `mail_messages` (`org_id`);
-- Create index "mailmessage_org_id_created_at" to table: "mail_messages"
CREATE INDEX `mailmessage_org_id_created_at` ON `mail_messages` (`org_id`, `created_at`);
-- Create index "mailmessage_status" to table: "mail_messages"
CREATE INDEX `mailmessage_status` ON `mail_messages` (`status`);
-- Create "notes" table
CREATE TABLE `notes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NULL, `body` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, `lead_id` integer NULL, `contact_id` integer NULL, `account_id` integer NULL, `deal_id` integer NULL, `support_case_id` integer NULL, CONSTRAINT `notes_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `notes_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `notes_leads_lead` FOREIGN KEY (`lead_id`) REFERENCES `leads` (`id`) ON DELETE SET NULL, CONSTRAINT `notes_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL, CONSTRAINT `notes_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `notes_deals_deal` FOREIGN KEY (`deal_id`) REFERENCES `deals` (`id`) ON DELETE SET NULL, CONSTRAINT `notes_support_cases_support_case` FOREIGN KEY (`support_case_id`) REFERENCES `support_cases` (`id`) ON DELETE SET NULL);
-- Set sequence for "notes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notes", 42949672960);
-- Create index "note_org_id" to table: "notes"
CREATE INDEX `note_org_id` ON `notes` (`org_id`);
-- Create index "note_org_id_created_at" to table: "notes"
CREATE INDEX `note_org_id_created_at` ON `notes` (`org_id`, `created_at`);
-- Create "notifications" table
CREATE TABLE `notifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `type` text NOT NULL, `title` text NOT NULL, `payload` json NULL, `audience` text NOT NULL DEFAULT ('ADMINS'), `published_at` datetime NULL, `org_id` integer NOT NULL, CONSTRAINT `notifications_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "notifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notifications", 47244640256);
-- Create index "notification_org_id" to table: "notifications"
CREATE INDEX `notification_org_id` ON `notifications` (`org_id`);
-- Create index "notification_org_id_created_at" to table: "notifications"
CREATE INDEX `notification_org_id_created_at` ON `notifications` (`org_id`, `created_at`);
-- Create "organizations" table
CREATE TABLE `organizations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `region` text NOT NULL, `time_zone` text NOT NULL, `currency` text NOT NULL, `status` text NOT NULL DEFAULT ('ACTIVE'));
-- Set sequence for "organizations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("organizations", 51539607552);
-- Create "payments" table
CREATE TABLE `payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `reference` text NOT NULL, `kind` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `source` text NOT NULL DEFAULT ('CARD'), `amount` integer NOT NULL, `balance_applied` integer NOT NULL DEFAULT (0), `currency` text NOT NULL, `product` text NOT NULL DEFAULT ('CRM'), `plan` text NOT NULL, `description` text NOT NULL, `lines` json NULL, `card_brand` text NULL, `card_last4` text NULL, `gateway_ref` text NULL, `failure_reason` text NULL, `idempotency_key` text NULL, `idempotency_fingerprint` text NULL, `org_id` integer NOT NULL, CONSTRAINT `payments_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "payments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payments", 77309411328);
-- Create index "payments_reference_key" to table: "payments"
CREATE UNIQUE INDEX `payments_reference_key` ON `payments` (`reference`);
-- Create index "payment_org_id" to table: "payments"
CREATE INDEX `payment_org_id` ON `payments` (`org_id`);
-- Create index "payment_org_id_idempotency_key" to table: "payments"
CREATE UNIQUE INDEX `payment_org_id_idempotency_key` ON `payments` (`org_id`, `idempotency_key`);
-- Create index "payment_org_id_created_at" to table: "payments"
CREATE INDEX `payment_org_id_created_at` ON `payments` (`org_id`, `created_at`);
-- Create "payment_methods" table
CREATE TABLE `payment_methods` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `gateway` text NOT NULL, `token` text NOT NULL, `brand` text NOT NULL, `last4` text NOT NULL, `exp_month` integer NOT NULL, `exp_year` integer NOT NULL, `org_id` integer NOT NULL, CONSTRAINT `payment_methods_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "payment_methods" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payment_methods", 81604378624);
-- Create index "paymentmethod_org_id" to table: "payment_methods"
CREATE INDEX `paymentmethod_org_id` ON `payment_methods` (`org_id`);
-- Create index "paymentmethod_one_per_org" to table: "payment_methods"
CREATE UNIQUE INDEX `paymentmethod_one_per_org` ON `payment_methods` (`org_id`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` blob NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `user_agent` text NULL, `org_id` integer NOT NULL, `user_id` integer NOT NULL, CONSTRAINT `sessions_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `sessions_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 55834574848);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create index "session_org_id" to table: "sessions"
CREATE INDEX `session_org_id` ON `sessions` (`org_id`);
-- Create "support_cases" table
CREATE TABLE `support_cases` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject` text NOT NULL, `status` text NOT NULL DEFAULT ('NEW'), `priority` text NOT NULL DEFAULT ('MEDIUM'), `origin` text NOT NULL DEFAULT ('EMAIL'), `email` text NULL, `contact_name` text NULL, `description` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, `contact_id` integer NULL, `account_id` integer NULL, CONSTRAINT `support_cases_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `support_cases_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `support_cases_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL, CONSTRAINT `support_cases_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- Set sequence for "support_cases" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("support_cases", 60129542144);
-- Create index "supportcase_org_id" to table: "support_cases"
CREATE INDEX `supportcase_org_id` ON `support_cases` (`org_id`);
-- Create index "supportcase_org_id_created_at" to table: "support_cases"
CREATE INDEX `supportcase_org_id_created_at` ON `support_cases` (`org_id`, `created_at`);
-- Create "tasks" table
CREATE TABLE `tasks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject` text NOT NULL, `due_date` datetime NULL, `priority` text NOT NULL DEFAULT ('NORMAL'), `status` text NOT NULL DEFAULT ('NOT_STARTED'), `description` text NULL, `org_id` integer NOT NULL, `owner_id` integer NULL, `contact_id` integer NULL, `deal_id` integer NULL, CONSTRAINT `tasks_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `tasks_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL, CONSTRAINT `tasks_deals_deal` FOREIGN KEY (`deal_id`) REFERENCES `deals` (`id`) ON DELETE SET NULL);
-- Set sequence for "tasks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("tasks", 64424509440);
-- Create index "task_org_id" to table: "tasks"
CREATE INDEX `task_org_id` ON `tasks` (`org_id`);
-- Create index "task_org_id_created_at" to table: "tasks"
CREATE INDEX `task_org_id_created_at` ON `tasks` (`org_id`, `created_at`);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `role` text NOT NULL DEFAULT ('STANDARD'), `status` text NOT NULL DEFAULT ('ACTIVE'), `license_kind` text NOT NULL DEFAULT ('REGULAR'), `password_hash` text NULL, `locale` text NOT NULL DEFAULT ('en'), `must_change_password` bool NOT NULL DEFAULT (false), `last_sign_in_at` datetime NULL, `org_id` integer NOT NULL, CONSTRAINT `users_organizations_organization` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Set sequence for "users" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("users", 68719476736);
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create index "user_org_id" to table: "users"
CREATE INDEX `user_org_id` ON `users` (`org_id`);
-- Create "email_leads" table
CREATE TABLE `email_leads` (`email_id` integer NOT NULL, `lead_id` integer NOT NULL, PRIMARY KEY (`email_id`, `lead_id`), CONSTRAINT `email_leads_email_id` FOREIGN KEY (`email_id`) REFERENCES `emails` (`id`) ON DELETE CASCADE, CONSTRAINT `email_leads_lead_id` FOREIGN KEY (`lead_id`) REFERENCES `leads` (`id`) ON DELETE CASCADE);
-- Create "email_contacts" table
CREATE TABLE `email_contacts` (`email_id` integer NOT NULL, `contact_id` integer NOT NULL, PRIMARY KEY (`email_id`, `contact_id`), CONSTRAINT `email_contacts_email_id` FOREIGN KEY (`email_id`) REFERENCES `emails` (`id`) ON DELETE CASCADE, CONSTRAINT `email_contacts_contact_id` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE);
-- Create "email_deals" table
CREATE TABLE `email_deals` (`email_id` integer NOT NULL, `deal_id` integer NOT NULL, PRIMARY KEY (`email_id`, `deal_id`), CONSTRAINT `email_deals_email_id` FOREIGN KEY (`email_id`) REFERENCES `emails` (`id`) ON DELETE CASCADE, CONSTRAINT `email_deals_deal_id` FOREIGN KEY (`deal_id`) REFERENCES `deals` (`id`) ON DELETE CASCADE);
