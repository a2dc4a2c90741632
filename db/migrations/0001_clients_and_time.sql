CREATE TABLE `charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`billed_at` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `charges_firm_billed_idx` ON `charges` (`firm_id`,`billed_at`);--> statement-breakpoint
CREATE INDEX `charges_firm_client_cover_idx` ON `charges` (`firm_id`,`client_id`,`billed_at`,`amount_cents`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`name` text NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`seats` integer NOT NULL,
	`has_server` integer DEFAULT false NOT NULL,
	`hourly_rate_cents` integer,
	`monthly_recurring_cents` integer DEFAULT 0 NOT NULL,
	`growth` text DEFAULT 'flat' NOT NULL,
	`expected_seats_24m` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`default_travel_minutes` integer DEFAULT 0 NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`tier_override` text,
	`tier_override_reason` text,
	`tier` text NOT NULL,
	`tier_reason` text NOT NULL,
	`server_added_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_firm_name_unique` ON `clients` (`firm_id`,`name`);--> statement-breakpoint
CREATE INDEX `clients_firm_tier_idx` ON `clients` (`firm_id`,`tier`);--> statement-breakpoint
CREATE INDEX `clients_firm_status_idx` ON `clients` (`firm_id`,`status`);--> statement-breakpoint
CREATE TABLE `tier_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`from_tier` text,
	`to_tier` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tier_changes_firm_idx` ON `tier_changes` (`firm_id`,`at`);--> statement-breakpoint
CREATE INDEX `tier_changes_client_idx` ON `tier_changes` (`client_id`,`at`);--> statement-breakpoint
CREATE TABLE `time_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`client_id` integer,
	`category` text NOT NULL,
	`started_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`travel_minutes` integer DEFAULT 0 NOT NULL,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `time_entries_firm_started_idx` ON `time_entries` (`firm_id`,`started_at`,`user_id`,`client_id`,`category`,`minutes`,`travel_minutes`);--> statement-breakpoint
CREATE INDEX `time_entries_firm_client_cover_idx` ON `time_entries` (`firm_id`,`client_id`,`started_at`,`minutes`,`travel_minutes`,`amount_cents`);--> statement-breakpoint
CREATE INDEX `time_entries_user_started_idx` ON `time_entries` (`user_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `firms` ADD `tiers_computed_at` integer DEFAULT 0 NOT NULL;