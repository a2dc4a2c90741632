import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type DB } from '../db';
import * as schema from '../db/schema';
import { E2E_DB } from '../playwright.config';

let db: DB | undefined;
/** The same SQLite file the production server under test uses (WAL lets both read and write). */
export function testDb(): DB {
  db ??= openDatabase(E2E_DB, { migrate: false });
  return db;
}

export type TestUser = { id: number; name: string; email: string; password: string; role: schema.Role };
export type TestFirm = { id: number; name: string; owner: TestUser; consultant: TestUser; staff: TestUser };

const hashCache = new Map<string, string>();
function hash(password: string) {
  let h = hashCache.get(password);
  if (!h) hashCache.set(password, (h = bcrypt.hashSync(password, 4)));
  return h;
}

export function uniqueEmail(label: string) {
  return `${label}-${randomUUID().slice(0, 8)}@e2e.example`;
}

/** A firm of this test's own: an owner, a consultant and an office staff member. */
export function createFirm(label = 'Firm'): TestFirm {
  const d = testDb();
  const id = randomUUID().slice(0, 6);
  const firm = d
    .insert(schema.firms)
    .values({ name: `${label} ${id}`, timeZone: 'America/New_York' })
    .returning()
    .get();
  const make = (role: schema.Role, name: string): TestUser => {
    const email = uniqueEmail(`${role}`);
    const password = `pw-${role}-${id}`;
    const row = d
      .insert(schema.users)
      .values({ firmId: firm.id, name, email, role, passwordHash: hash(password) })
      .returning()
      .get();
    return { id: row.id, name, email, password, role };
  };
  return {
    id: firm.id,
    name: firm.name,
    owner: make('owner', 'Olive Owner'),
    consultant: make('consultant', 'Cole Consultant'),
    staff: make('staff', 'Sam Staff'),
  };
}

/** The page signing in lands on (lib/landing.ts): Today for a consultant on a phone-sized screen, else the dashboard. */
export function landingFor(page: Page, role: schema.Role | undefined): RegExp {
  const narrow = (page.viewportSize()?.width ?? 1280) < 768;
  if (role === undefined) return /\/(dashboard|today)$/;
  return role === 'consultant' && narrow ? /\/today$/ : /\/dashboard$/;
}

export async function login(page: Page, user: { email: string; password: string; role?: schema.Role }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  // The form's script measures the screen (where to land); a person takes longer to type than it takes to run.
  await page.locator('input[name="screen"]').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(landingFor(page, user.role));
}

/** Signs out with the header button and waits for the sign-in page: navigating on at once could cancel the sign-out (seen in CI). */
export async function logout(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/**
 * Adds a member the way an owner does: an invitation from Settings → Team (the owner's `page` is signed in).
 * The tests run without a mail server, so the invitation's link is read where the owner is shown it then: the
 * list of waiting invitations. Returns the link's path.
 */
export async function inviteMember(page: Page, who: { name: string; email: string; role: 'consultant' | 'staff' }): Promise<string> {
  await page.goto('/settings/team');
  const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add member' }) });
  await add.getByLabel('Name').fill(who.name);
  await add.getByLabel('Email').fill(who.email);
  await add.getByLabel('Role').selectOption(who.role);
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(add.getByRole('status')).toContainText(`The invitation to ${who.email} waits`);
  const link = await page.getByTestId(`invitation-${who.email}`).getByTestId('invitation-link').inputValue();
  return /(\/invite\/[A-Za-z0-9_-]{43})$/.exec(link)![1]!;
}

/** The invitee opens the link (signed out), keeps their name and chooses a password; they land signed in (where, the app decides without the sign-in form's screen size). */
export async function acceptInvitation(page: Page, invitePath: string, password: string) {
  await page.goto(invitePath);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page).toHaveURL(landingFor(page, undefined));
}

/**
 * Every row that belongs to these firms (their firm rows, users, sessions and
 * audit log), for before/after comparison around a refused action. Scoped to the
 * test's own firms so tests running in parallel do not disturb it.
 */
export function snapshot(firmIds: number[]): string {
  const sqlite = testDb().$client;
  const list = firmIds.map(Number).join(',');
  return JSON.stringify([
    sqlite.prepare(`select * from firms where id in (${list}) order by id`).all(),
    sqlite.prepare(`select * from users where firm_id in (${list}) order by id`).all(),
    sqlite.prepare(`select s.* from auth_sessions s join users u on u.id = s.user_id where u.firm_id in (${list}) order by s.id`).all(),
    sqlite.prepare(`select * from audit_log where firm_id in (${list}) order by id`).all(),
    ...[
      'working_hours',
      'marketing_blocks',
      'marketing_exceptions',
      'marketing_windows',
      'firm_holidays',
      'time_off',
      'appointments',
      'visit_series',
      'visits',
      'public_requests',
      'invoices',
      'invoice_lines',
      'payments',
      'contracts',
      'outbox',
      'invitations',
      'external_calendars',
      'external_busy',
    ].map((t) => sqlite.prepare(`select * from ${t} where firm_id in (${list}) order by id`).all()),
    sqlite.prepare(`select * from calendar_feeds where firm_id in (${list}) order by rowid`).all(),
  ]);
}

export function count(sql: string, ...params: unknown[]): number {
  return (
    testDb()
      .$client.prepare(sql)
      .get(...params) as { n: number }
  ).n;
}

type ManifestEntry = { filename?: string; exportedName?: string };
/** The id of a server action in the production build, as an attacker would read it from the page's JavaScript. */
export function actionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, ManifestEntry>;
  };
  const hit = Object.entries(manifest.node).find(([, v]) => v.filename === filename && v.exportedName === exportedName);
  if (!hit) throw new Error(`No server action ${exportedName} in ${filename}`);
  return hit[0];
}

/**
 * Posts a `(prevState, formData)` server action directly, encoded as React's
 * client does, to any URL of the app. Returns the raw RSC response text.
 */
export async function postAction(
  request: APIRequestContext,
  id: string,
  fields: Record<string, string>,
  options: { url?: string; origin?: string } = {},
): Promise<{ status: number; body: string; redirect: string }> {
  // A real FormData: Playwright sends a plain object's values as file parts, which React ignores.
  const multipart = new FormData();
  for (const [k, v] of Object.entries(fields)) multipart.append(`_1_${k}`, v);
  multipart.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3210}`;
  const res = await request.post(options.url ?? '/login', {
    headers: { 'Next-Action': id, Origin: options.origin ?? baseURL, Accept: 'text/x-component' },
    multipart,
    maxRedirects: 0,
  });
  // Where a redirecting action sends the browser (Next's x-action-redirect: "<path>;push").
  return { status: res.status(), body: await res.text(), redirect: (res.headers()['x-action-redirect'] ?? '').split(';')[0]! };
}

export const test = base;
export { expect };

type ClientSeed = {
  name: string;
  seats: number;
  hasServer?: boolean;
  hourlyRateCents?: number | null;
  growth?: 'shrinking' | 'flat' | 'growing';
  status?: 'active' | 'prospect' | 'referred_out' | 'archived';
};

/** A client row as the app stores it; its tier is computed by the app (the firm is marked stale). */
export function addClient(firmId: number, c: ClientSeed): number {
  const row = testDb()
    .insert(schema.clients)
    .values({
      firmId,
      name: c.name,
      seats: c.seats,
      hasServer: c.hasServer ?? false,
      hourlyRateCents: c.hourlyRateCents ?? null,
      growth: c.growth ?? 'flat',
      status: c.status ?? 'active',
      tier: 'micro',
      tierReason: '',
    })
    .returning({ id: schema.clients.id })
    .get();
  testDb().update(schema.firms).set({ tiersComputedAt: 0 }).where(eq(schema.firms.id, firmId)).run();
  return row.id;
}

export function addEntry(e: {
  firmId: number;
  userId: number;
  clientId?: number | null;
  category: schema.TimeCategory;
  startedAt: number;
  minutes: number;
  travelMinutes?: number;
  amountCents?: number;
}) {
  testDb()
    .insert(schema.timeEntries)
    .values({ ...e, clientId: e.clientId ?? null, travelMinutes: e.travelMinutes ?? 0, amountCents: e.amountCents ?? 0 })
    .run();
}

export function addCharge(firmId: number, clientId: number, billedAt: number, amountCents: number) {
  testDb().insert(schema.charges).values({ firmId, clientId, billedAt, amountCents }).run();
}

/** Rows of the client tables for these firms, to prove a refused action changed nothing. */
export function clientSnapshot(firmIds: number[]): string {
  const sqlite = testDb().$client;
  const list = firmIds.map(Number).join(',');
  return JSON.stringify(
    ['clients', 'tier_changes', 'audit_log', 'time_entries', 'charges'].map((t) =>
      sqlite.prepare(`select * from ${t} where firm_id in (${list}) order by id`).all(),
    ),
  );
}

/** A one-off protected marketing block on `date` (a Monday unless `weekday` says otherwise), minutes of the local day. */
export function addOnceBlock(firmId: number, userId: number, date: string, startMinute: number, endMinute: number, weekday = 1): number {
  return testDb()
    .insert(schema.marketingBlocks)
    .values({ firmId, userId, kind: 'direct_mail', repeat: 'once', weekday, startMinute, endMinute, firstDate: date, lastDate: date })
    .returning({ id: schema.marketingBlocks.id })
    .get().id;
}

/** A visit scheduled for `userId` from `startsAt` for `minutes`, as the scheduler would book it. */
export function addVisit(firmId: number, clientId: number, userId: number, startsAt: number, minutes = 60, travelMinutes = 0): number {
  const date = new Date(startsAt).toISOString().slice(0, 10);
  return testDb()
    .insert(schema.visits)
    .values({
      firmId,
      clientId,
      durationMinutes: minutes,
      priority: 3,
      earliestDate: date,
      latestDate: date,
      allowedUserIds: [],
      travelMinutes,
      status: 'scheduled',
      userId,
      startsAt,
      endsAt: startsAt + minutes * 60_000,
      notes: 'Printer offline',
    })
    .returning({ id: schema.visits.id })
    .get().id;
}

export function visitRow(id: number) {
  return testDb().select().from(schema.visits).where(eq(schema.visits.id, id)).get()!;
}

/** Signs in through Auth.js's credentials endpoint, for API-level tests; the context keeps the cookie. */
export async function apiLogin(request: APIRequestContext, user: { email: string; password: string }) {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: user.email, password: user.password, callbackUrl: '/dashboard' },
    maxRedirects: 0,
  });
  expect([302, 303]).toContain(res.status());
}

/** A signed-out browser page with the current project's screen (a phone on the phone project), e.g. a client on the public request page. */
export async function visitorPage(browser: import('@playwright/test').Browser): Promise<Page> {
  const { viewport, isMobile, hasTouch, deviceScaleFactor } = test.info().project.use;
  const context = await browser.newContext({ viewport, isMobile, hasTouch, deviceScaleFactor });
  return context.newPage();
}
