import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feedCalendar, getFeedTokens, regenerateFeed } from '@/lib/dal/feeds';
import { getRequestPageToken, publicFirm, publicRequestStatus } from '@/lib/dal/requests';
import { asMember } from '@/test/factories';
import { databaseAt, journal } from '@/test/migrations';
import { databasePath, getDb } from './index';

// Tokens as the release before hashing made them: feeds 43 characters, the request page and status links 32.
const FEED = 'F'.repeat(10) + 'feedTokenOfAnaMadeByTheOldRelease';
const TEAM = 'T'.repeat(10) + 'teamTokenMadeByTheOldRelease_-abc';
const PAGE = 'requestPageTokenOldRelease012345';
const STATUS = 'statusTokenOfAClientOldRelease_1';

/** Every byte of the database as it lies on disk now: the file and its WAL, read without checkpointing. */
const onDisk = () =>
  ['', '-wal'].map((s) => (fs.existsSync(databasePath() + s) ? fs.readFileSync(databasePath() + s).toString('latin1') : '')).join('');

describe('upgrading to hashed secret links', () => {
  it('keeps every link of an existing firm working, and leaves none of them in the file', () => {
    // The release before: migrations up to (not including) the one that hashes tokens, at the file the app opens.
    const hashing = journal().entries.findIndex((e) => e.tag === '0005_hashed_secret_links');
    const old = databaseAt(databasePath(), hashing);
    old.pragma('journal_mode = WAL');
    old.exec(`
      insert into firms (name, time_zone, request_page_token) values ('Old Firm', 'America/Chicago', '${PAGE}');
      insert into users (firm_id, name, email, role, password_hash) values (1, 'Old Owner', 'old@x.example', 'owner', 'h'), (1, 'Ana', 'ana@x.example', 'consultant', 'h');
      insert into clients (firm_id, name, seats, tier, tier_reason) values (1, 'Old Client', 3, 'micro', 'small');
      insert into visits (firm_id, client_id, duration_minutes, priority, earliest_date, latest_date, allowed_user_ids, travel_minutes, status, user_id, starts_at, ends_at)
        values (1, 1, 60, 3, '2026-01-01', '2026-12-31', '[]', 0, 'scheduled', 2, ${Date.now() + 86_400_000}, ${Date.now() + 90_000_000});
      insert into calendar_feeds (token, firm_id, user_id, created_by_user_id) values ('${FEED}', 1, 2, 2), ('${TEAM}', 1, null, 1);
      insert into public_requests (firm_id, status_token, name, company, email, phone, problem, urgency, preferred_dates, client_id)
        values (1, '${STATUS}', 'Lee', 'Old Client', '', '', 'Slow PC', 'whenever', '[]', 1);
    `);
    old.pragma('wal_checkpoint(TRUNCATE)');
    for (const t of [FEED, TEAM, PAGE, STATUS]) expect(onDisk().includes(t), `${t} before the upgrade`).toBe(true);
    old.close();

    const db = getDb(); // the app opens it: migrates at open
    const raw = onDisk();
    for (const t of [FEED, TEAM, PAGE, STATUS]) expect(raw.includes(t), `${t} left on disk after the upgrade`).toBe(false);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');

    // Every old link still opens what it opened.
    expect(feedCalendar(FEED)).toContain('UID:visit-1@sweetspot');
    expect(feedCalendar(TEAM)).toContain('SUMMARY:Visit: Old Client (Ana)');
    expect(publicFirm(PAGE)).toMatchObject({ firmId: 1, name: 'Old Firm' });
    expect(publicRequestStatus(STATUS)).toMatchObject({ firmName: 'Old Firm', state: 'received' });
    expect(feedCalendar('F'.repeat(43))).toBeNull();

    // Settings cannot show them again (nothing to remake them from) and says so; a new address can be shown.
    const owner = asMember({ id: 1, firmId: 1, role: 'owner', name: 'Old Owner', email: 'old@x.example' });
    const ana = asMember({ id: 2, firmId: 1, role: 'consultant', name: 'Ana', email: 'ana@x.example' });
    expect(getFeedTokens(ana)).toEqual({ me: { token: null }, firm: null });
    expect(getFeedTokens(owner)).toEqual({ me: null, firm: { token: null } });
    expect(getRequestPageToken(owner)).toEqual({ token: null });
    const fresh = regenerateFeed(ana, 'me');
    expect(getFeedTokens(ana).me).toEqual({ token: fresh });
    expect(feedCalendar(FEED)).toBeNull();
    expect(feedCalendar(fresh)).toContain('UID:visit-1@sweetspot');
  });
});
