CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`minutes` integer,
	`quantity_milli` integer DEFAULT 1000 NOT NULL,
	`unit_price_cents` integer DEFAULT 0 NOT NULL,
	`amount_cents` integer NOT NULL,
	`tax_rate_milli` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`number` text,
	`seq` integer,
	`seq_scope` text,
	`issue_date` text,
	`due_date` text,
	`printed` text,
	`subtotal_cents` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`sent_at` integer,
	`finalised_at` integer,
	`voided_at` integer,
	`void_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_firm_number_unique` ON `invoices` (`firm_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_firm_seq_unique` ON `invoices` (`firm_id`,`seq_scope`,`seq`);--> statement-breakpoint
CREATE INDEX `invoices_firm_client_idx` ON `invoices` (`firm_id`,`client_id`,`status`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`received_on` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`method` text NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`reversed_at` integer,
	`reversal_reason` text,
	`created_by_user_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
ALTER TABLE `clients` ADD `billing_address` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `tax_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `tax_exempt` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `invoice_number_format` text DEFAULT '{YYYY}-{seq:4}' NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `default_tax_rate_milli` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `payment_terms_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `billing_address` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `tax_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `firms` ADD `payment_instructions` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `time_entries` ADD `invoice_line_id` integer;--> statement-breakpoint
CREATE INDEX `time_entries_invoice_line_idx` ON `time_entries` (`invoice_line_id`);