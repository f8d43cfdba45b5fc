CREATE TABLE `usage_hourly` (
	`module_id` text NOT NULL,
	`account_id` text,
	`hour` integer NOT NULL,
	`model` text NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`module_id`, `hour`, `model`)
);
--> statement-breakpoint
CREATE INDEX `usage_hourly_account_idx` ON `usage_hourly` (`account_id`,`hour`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`delivered_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_dedupe_idx` ON `webhook_events` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_events_due_idx` ON `webhook_events` (`delivered_at`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `budget` text;--> statement-breakpoint
ALTER TABLE `modules` ADD `key_format` text DEFAULT 'egw_pub' NOT NULL;--> statement-breakpoint
ALTER TABLE `modules` ADD `allow_passthrough` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `modules` ADD `allowed_builtin_tools` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `modules` ADD `budget` text;--> statement-breakpoint
ALTER TABLE `modules` ADD `disabled_at` integer;