import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath, getDb } from '@/db';
import { publicRequestSchema } from '@/lib/validations/requests';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { feedCalendar, getFeedTokens, regenerateFeed } from './feeds';
import { getRequestPageToken, publicFirm, publicRequestStatus, setRequestPage, submitPublicRequest } from './requests';

/** Every byte SQLite has written for the database: the file and, if any, its WAL. */
function rawBytes(): string {
  getDb().$client.pragma('wal_checkpoint(TRUNCATE)');
  return ['', '-wal']
    .map((suffix) => (fs.existsSync(databasePath() + suffix) ? fs.readFileSync(databasePath() + suffix).toString('latin1') : ''))
    .join('');
}

const secret = process.env.AUTH_SECRET;
afterEach(() => {
  process.env.AUTH_SECRET = secret;
});

describe('secret links', () => {
  it('the database file holds no feed, request page or status token, yet each opens its page and Settings shows the links', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const ana = asMember(makeUser(firm.id, 'consultant'));
    const mine = regenerateFeed(ana, 'me');
    const team = regenerateFeed(owner, 'firm');
    const page = setRequestPage(owner, true)!;
    const pf = publicFirm(page)!;
    const status = submitPublicRequest(
      pf,
      publicRequestSchema.parse({
        name: 'Lee',
        company: 'Unknown Co',
        phone: '555-0100',
        problem: 'Slow PC',
        urgency: 'whenever',
        address: '1 Main St',
        seats: '3',
        hasServer: 'no',
      }),
    );

    const raw = rawBytes();
    for (const token of [mine, team, page, status]) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(raw.includes(token), `token ${token} in the file`).toBe(false);
    }
    expect(feedCalendar(mine)).not.toBeNull();
    expect(feedCalendar(team)).not.toBeNull();
    expect(pf.firmId).toBe(firm.id);
    expect(publicRequestStatus(status)).toMatchObject({ state: 'received' });
    // The app remakes the links it may show from what it stored and its secret.
    expect(getFeedTokens(ana)).toEqual({ me: { token: mine }, firm: null });
    expect(getFeedTokens(owner)).toEqual({ me: null, firm: { token: team } });
    expect(getRequestPageToken(owner)).toEqual({ token: page });

    // With another AUTH_SECRET the links cannot be remade (shown as "make a new one") but keep working: lookups need only the hash.
    process.env.AUTH_SECRET = 'another-secret-entirely-0123456789abcdef';
    expect(getFeedTokens(ana)).toEqual({ me: { token: null }, firm: null });
    expect(getRequestPageToken(owner)).toEqual({ token: null });
    expect(feedCalendar(mine)).not.toBeNull();
    expect(publicFirm(page)).toEqual(pf);
    // And without one, no link is made at all rather than one from a guessable key.
    delete process.env.AUTH_SECRET;
    expect(() => regenerateFeed(ana, 'me')).toThrow(/AUTH_SECRET/);
    expect(feedCalendar(mine)).not.toBeNull();
  });

  it('switching the page off or on again ends the old link; a token of the wrong shape opens nothing', () => {
    const firm = makeFirm();
    const owner = asMember(makeUser(firm.id, 'owner'));
    const first = setRequestPage(owner, true)!;
    const second = setRequestPage(owner, true)!;
    expect(second).not.toBe(first);
    expect(publicFirm(first)).toBeNull();
    expect(publicFirm(second)?.firmId).toBe(firm.id);
    expect(setRequestPage(owner, false)).toBeNull();
    expect(publicFirm(second)).toBeNull();
    expect(getRequestPageToken(owner)).toBeNull();
    for (const bad of ['', 'x', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`]) {
      expect(publicFirm(bad)).toBeNull();
      expect(feedCalendar(bad)).toBeNull();
      expect(publicRequestStatus(bad)).toBeNull();
    }
  });
});
