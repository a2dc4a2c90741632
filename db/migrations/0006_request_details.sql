ALTER TABLE `clients` ADD `details_to_confirm` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `public_requests` ADD `address` text;--> statement-breakpoint
ALTER TABLE `public_requests` ADD `seats` integer;--> statement-breakpoint
ALTER TABLE `public_requests` ADD `has_server` integer;