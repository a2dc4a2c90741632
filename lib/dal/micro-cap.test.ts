import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import type { Tier } from '@/db/schema';
import { addDays, mondayOf, today } from '@/lib/time/zoned';
import { visitRequestSchema, workingHoursSchema } from '@/lib/validations/schedule';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { previewAutoSchedule } from './auto-schedule';
import { createVisitRequest, placeVisit } from './visits';
import { setMicroCap, setWorkingHours } from './working-hours';

const ZONE = 'America/Chicago';

/**
 * The weekly cap limits micro-client visits only: the point of it is to keep
 * micro work from eating the week, not to turn sweet-spot work away. A
 * sweet-spot visit neither needs room under the cap nor uses any.
 */
function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`day${d}`, '08:00-12:00, 13:00-17:00']));
  setWorkingHours(owner, workingHoursSchema.parse({ userId: String(ana.userId), ...hours }));
  setMicroCap(owner, ana.userId, 60);
  const client = (name: string, tier: Tier, seats: number) =>
    getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name, seats, hasServer: tier !== 'micro', tier, tierReason: '', defaultTravelMinutes: 15 })
      .returning()
      .get().id;
  const micro = client(`Corner Shop ${firm.id}`, 'micro', 3);
  const sweet = client(`Vista Accounting ${firm.id}`, 'sweet_spot', 18);
  // Next Monday, so every day of the test lies ahead of "now".
  const monday = addDays(mondayOf(today(ZONE)), 7);
  const request = (clientId: number, minutes: number) =>
    createVisitRequest(
      owner,
      visitRequestSchema.parse({
        clientId: String(clientId),
        durationMinutes: String(minutes),
        priority: '3',
        earliestDate: monday,
        latestDate: addDays(monday, 4),
      }),
    );
  return { firm, owner, ana, micro, sweet, monday, request };
}

describe('the weekly micro cap', () => {
  it('lets a sweet-spot visit be booked over a full cap, and does not count it against the micro visits', () => {
    const { owner, ana, micro, sweet, monday, request } = setup();
    // Two hours of sweet-spot work with a one-hour cap.
    placeVisit(owner, request(sweet, 120), ana.userId, monday, 8 * 60 + 15);
    // The hour of micro work still fits: the sweet-spot visit used none of the cap.
    placeVisit(owner, request(micro, 60), ana.userId, addDays(monday, 1), 8 * 60 + 15);
    // Now the cap is full, for micro work only.
    const more = request(micro, 60);
    const before = firmRows(owner.firmId);
    expect(() => placeVisit(owner, more, ana.userId, addDays(monday, 2), 8 * 60 + 15)).toThrow(
      /at 2 h of micro-client visits .* over the weekly cap of 1 h\./,
    );
    expect(firmRows(owner.firmId)).toBe(before);
    placeVisit(owner, request(sweet, 90), ana.userId, addDays(monday, 2), 8 * 60 + 15);
  });

  it('auto-schedule places sweet-spot requests over a full cap, and micro requests beside booked sweet-spot work', async () => {
    const { owner, ana, micro, sweet, monday, request } = setup();
    // Booked: two hours of sweet-spot work on Monday (the cap is untouched by it).
    placeVisit(owner, request(sweet, 120), ana.userId, monday, 8 * 60 + 15);
    const microHour = request(micro, 60);
    const sweetSpot = request(sweet, 90);
    const preview = await previewAutoSchedule(owner, 2, false);
    // The micro hour fills the cap, and the 90-minute sweet-spot visit is placed all the same.
    expect(preview.proposals.map((p) => p.visitId).sort((a, b) => a - b)).toEqual([microHour, sweetSpot]);
    expect(preview.unplaced).toEqual([]);

    // With the cap full of micro work, another micro hour waits; another sweet-spot visit does not.
    placeVisit(owner, microHour, ana.userId, addDays(monday, 1), 8 * 60 + 15);
    const secondMicro = request(micro, 60);
    const again = await previewAutoSchedule(owner, 2, false);
    expect(again.proposals.map((p) => p.visitId)).toEqual([sweetSpot]);
    expect(again.unplaced).toEqual([
      {
        visitId: secondMicro,
        clientName: expect.stringContaining('Corner Shop'),
        reason: 'Ana’s weekly micro cap is reached in every week it could go',
      },
    ]);
  });
});
