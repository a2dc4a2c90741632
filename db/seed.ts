import { eq } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import type { DB } from './index';
import * as schema from './schema';

export const DEMO_FIRM_NAME = 'Northside Computer Consulting';

/** Known demo logins, printed by `npm run demo`. Demo data only: never reuse these passwords. */
export const DEMO_USERS = [
  { name: 'Dana Whitfield', email: 'owner@northside.example', role: 'owner', password: 'northside-owner' },
  { name: 'Marcus Lee', email: 'marcus@northside.example', role: 'consultant', password: 'northside-marcus' },
  { name: 'Priya Nair', email: 'priya@northside.example', role: 'consultant', password: 'northside-priya' },
  { name: 'Jo Alvarez', email: 'jo@northside.example', role: 'staff', password: 'northside-office' },
] as const satisfies readonly { name: string; email: string; role: schema.Role; password: string }[];

export function isEmpty(db: DB): boolean {
  return db.select({ id: schema.firms.id }).from(schema.firms).limit(1).all().length === 0;
}

export function firmNames(db: DB): string[] {
  return db.select({ name: schema.firms.name }).from(schema.firms).all().map((f) => f.name);
}

/** Seeds the demo firm in one transaction: either all of it lands or none. */
export function seedDemo(db: DB): { firmId: number } {
  const hashes = DEMO_USERS.map((u) => bcrypt.hashSync(u.password, 10));
  return db.transaction(
    (tx) => {
      const firm = tx.insert(schema.firms).values({ name: DEMO_FIRM_NAME, timeZone: 'America/Chicago' }).returning().get();
      const ids = DEMO_USERS.map((u, i) =>
        tx
          .insert(schema.users)
          .values({ firmId: firm.id, name: u.name, email: u.email, role: u.role, passwordHash: hashes[i]! })
          .returning({ id: schema.users.id })
          .get(),
      );
      const ownerId = ids[0]!.id;
      tx.insert(schema.auditLog)
        .values({ firmId: firm.id, actorUserId: ownerId, action: 'firm.created', entityType: 'firm', entityId: firm.id, after: { name: firm.name, timeZone: firm.timeZone } })
        .run();
      DEMO_USERS.slice(1).forEach((u, i) =>
        tx
          .insert(schema.auditLog)
          .values({
            firmId: firm.id,
            actorUserId: ownerId,
            action: 'team.member_added',
            entityType: 'user',
            entityId: ids[i + 1]!.id,
            after: { name: u.name, email: u.email, role: u.role },
          })
          .run(),
      );
      return { firmId: firm.id };
    },
    { behavior: 'immediate' },
  );
}

export function demoFirmExists(db: DB): boolean {
  return Boolean(db.select({ id: schema.firms.id }).from(schema.firms).where(eq(schema.firms.name, DEMO_FIRM_NAME)).get());
}
