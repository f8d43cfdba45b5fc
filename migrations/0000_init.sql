CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`allow_gateway_keys` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `modules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`account_id` text,
	`key_hash` text NOT NULL,
	`key_last4` text NOT NULL,
	`previous_key_hash` text,
	`previous_key_expires_at` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`expires_at` integer,
	`rate_limit_per_hour` integer,
	`rate_limit_per_visitor_per_hour` integer,
	`max_output_tokens` integer,
	`allowed_origins` text DEFAULT '[]' NOT NULL,
	`allowed_models` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`expiry_notice_sent_at` integer,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `modules_key_hash_idx` ON `modules` (`key_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `modules_previous_key_hash_idx` ON `modules` (`previous_key_hash`);--> statement-breakpoint
CREATE INDEX `modules_account_idx` ON `modules` (`account_id`);--> statement-breakpoint
CREATE INDEX `modules_created_idx` ON `modules` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `provider_keys` (
	`account_id` text NOT NULL,
	`provider` text NOT NULL,
	`ciphertext` text NOT NULL,
	`iv` text NOT NULL,
	`key_version` integer DEFAULT 1 NOT NULL,
	`last4` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `provider`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
