CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`name` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`monthly_fee_cents` integer DEFAULT 0 NOT NULL,
	`per_seat_cents` integer DEFAULT 0 NOT NULL,
	`included_minutes` integer DEFAULT 0 NOT NULL,
	`overage_rate_cents` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contracts_firm_client_idx` ON `contracts` (`firm_id`,`client_id`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `prepared_for` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `contract_id` integer REFERENCES contracts(id);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_prepared_unique` ON `invoices` (`firm_id`,`client_id`,`prepared_for`) WHERE "invoices"."prepared_for" is not null and "invoices"."status" <> 'void';