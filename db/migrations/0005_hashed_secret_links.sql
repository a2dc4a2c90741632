ALTER TABLE `calendar_feeds` RENAME COLUMN "token" TO "token_hash";--> statement-breakpoint
ALTER TABLE `firms` RENAME COLUMN "request_page_token" TO "request_page_token_hash";--> statement-breakpoint
ALTER TABLE `public_requests` RENAME COLUMN "status_token" TO "status_token_hash";--> statement-breakpoint
ALTER TABLE `calendar_feeds` ADD `nonce` text;--> statement-breakpoint
DROP INDEX `firms_request_page_token_unique`;--> statement-breakpoint
ALTER TABLE `firms` ADD `request_page_nonce` text;--> statement-breakpoint
CREATE UNIQUE INDEX `firms_request_page_token_hash_unique` ON `firms` (`request_page_token_hash`);--> statement-breakpoint
DROP INDEX `public_requests_status_token_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `public_requests_status_token_hash_unique` ON `public_requests` (`status_token_hash`);--> statement-breakpoint
-- Hand-written: every stored token becomes its SHA-256 (hex), which is what lookups compare with now, so
-- existing links keep working while the file no longer holds them. SQLite has no hash function: openDatabase
-- (db/index.ts) defines sweetspot_sha256_hex on its connection, so migrate through it (npm run db:migrate or any
-- start), never with drizzle-kit migrate. It also runs migrations with secure_delete on and checkpoints after,
-- so the old values are not left in freed space of the file or in the WAL.
UPDATE `calendar_feeds` SET `token_hash` = sweetspot_sha256_hex(`token_hash`);--> statement-breakpoint
UPDATE `firms` SET `request_page_token_hash` = sweetspot_sha256_hex(`request_page_token_hash`) WHERE `request_page_token_hash` IS NOT NULL;--> statement-breakpoint
UPDATE `public_requests` SET `status_token_hash` = sweetspot_sha256_hex(`status_token_hash`);
