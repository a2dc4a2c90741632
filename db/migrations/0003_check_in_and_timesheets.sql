CREATE TABLE `client_ops` (
	`op_id` text PRIMARY KEY NOT NULL,
	`firm_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`visit_id` integer,
	`response` text NOT NULL,
	`at` integer NOT NULL,
	`received_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_ops_user_idx` ON `client_ops` (`user_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `timesheet_weeks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`week_start` text NOT NULL,
	`submitted_at` integer NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timesheet_weeks_user_week_unique` ON `timesheet_weeks` (`user_id`,`week_start`);--> statement-breakpoint
ALTER TABLE `time_entries` ADD `visit_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `time_entries_visit_unique` ON `time_entries` (`visit_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `share_location` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `unplanned` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `checked_in_at` integer;--> statement-breakpoint
ALTER TABLE `visits` ADD `checked_out_at` integer;--> statement-breakpoint
ALTER TABLE `visits` ADD `check_in_lat` real;--> statement-breakpoint
ALTER TABLE `visits` ADD `check_in_lng` real;--> statement-breakpoint
ALTER TABLE `visits` ADD `check_in_accuracy_m` real;--> statement-breakpoint
ALTER TABLE `visits` ADD `check_out_lat` real;--> statement-breakpoint
ALTER TABLE `visits` ADD `check_out_lng` real;--> statement-breakpoint
ALTER TABLE `visits` ADD `check_out_accuracy_m` real;--> statement-breakpoint
ALTER TABLE `visits` ADD `summary` text;