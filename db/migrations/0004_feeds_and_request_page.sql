CREATE TABLE `calendar_feeds` (
	`token` text PRIMARY KEY NOT NULL,
	`firm_id` integer NOT NULL,
	`user_id` integer,
	`created_by_user_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendar_feeds_firm_user_idx` ON `calendar_feeds` (`firm_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `public_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`status_token` text NOT NULL,
	`name` text NOT NULL,
	`company` text NOT NULL,
	`email` text NOT NULL,
	`phone` text NOT NULL,
	`problem` text NOT NULL,
	`urgency` text NOT NULL,
	`preferred_dates` text NOT NULL,
	`client_id` integer,
	`visit_id` integer,
	`declined_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `public_requests_status_token_unique` ON `public_requests` (`status_token`);--> statement-breakpoint
CREATE INDEX `public_requests_firm_idx` ON `public_requests` (`firm_id`,`visit_id`);--> statement-breakpoint
CREATE TABLE `request_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_attempts_address_idx` ON `request_attempts` (`address`,`at`);--> statement-breakpoint
ALTER TABLE `firms` ADD `request_page_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `firms_request_page_token_unique` ON `firms` (`request_page_token`);--> statement-breakpoint
ALTER TABLE `visits` ADD `sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written: every writer of a visit (booking, moving, auto-schedule, cancel, check-in) bumps the calendar SEQUENCE.
CREATE TRIGGER `visits_sequence_bump` AFTER UPDATE OF `starts_at`, `ends_at`, `user_id`, `status` ON `visits`
WHEN old.starts_at IS NOT new.starts_at OR old.ends_at IS NOT new.ends_at OR old.user_id IS NOT new.user_id OR (old.status IS NOT new.status AND new.status = 'cancelled')
BEGIN
  UPDATE `visits` SET `sequence` = old.sequence + 1 WHERE `id` = new.id;
END;
