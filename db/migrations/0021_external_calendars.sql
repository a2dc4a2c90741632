CREATE TABLE `external_busy` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`calendar_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`calendar_id`) REFERENCES `external_calendars`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `external_busy_user_idx` ON `external_busy` (`firm_id`,`user_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `external_busy_calendar_idx` ON `external_busy` (`calendar_id`);--> statement-breakpoint
CREATE TABLE `external_calendars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`url` text NOT NULL,
	`status` text DEFAULT 'never' NOT NULL,
	`status_message` text DEFAULT '' NOT NULL,
	`last_attempt_at` integer,
	`last_fetched_at` integer,
	`event_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `external_calendars_firm_user_idx` ON `external_calendars` (`firm_id`,`user_id`);