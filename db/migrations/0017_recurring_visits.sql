CREATE TABLE `visit_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`rrule` text NOT NULL,
	`first_date` text NOT NULL,
	`window_days` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`priority` integer NOT NULL,
	`travel_minutes` integer NOT NULL,
	`allowed_user_ids` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_by_user_id` integer,
	`ended_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visit_series_firm_idx` ON `visit_series` (`firm_id`,`client_id`);--> statement-breakpoint
ALTER TABLE `visits` ADD `series_id` integer REFERENCES visit_series(id);--> statement-breakpoint
ALTER TABLE `visits` ADD `occurrence_date` text;--> statement-breakpoint
CREATE UNIQUE INDEX `visits_series_occurrence_unique` ON `visits` (`series_id`,`occurrence_date`);