CREATE TABLE `mail_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`firm_id` integer NOT NULL,
	`email` text NOT NULL,
	`token_hash` text NOT NULL,
	`nonce` text NOT NULL,
	`opted_out_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_recipients_token_hash_unique` ON `mail_recipients` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `mail_recipients_firm_email_unique` ON `mail_recipients` (`firm_id`,`email`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `attachments` text;--> statement-breakpoint
ALTER TABLE `public_requests` ADD `status_nonce` text;