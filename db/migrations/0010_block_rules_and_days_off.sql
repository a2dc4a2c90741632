CREATE TABLE `firm_holidays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `firm_holidays_firm_date_unique` ON `firm_holidays` (`firm_id`,`date`);--> statement-breakpoint
CREATE TABLE `time_off` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`first_date` text NOT NULL,
	`last_date` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`by_user_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `time_off_firm_user_idx` ON `time_off` (`firm_id`,`user_id`,`first_date`);--> statement-breakpoint
ALTER TABLE `marketing_blocks` ADD `rrule` text;--> statement-breakpoint
ALTER TABLE `marketing_exceptions` ADD `to_date` text;