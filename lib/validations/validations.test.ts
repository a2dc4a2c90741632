import { describe, expect, it } from 'vitest';
import { signupSchema } from './auth';
import { firmSettingsSchema } from './firm';
import { addMemberSchema } from './team';
import { clientSchema } from './clients';
import { timeEntrySchema } from './timesheets';
import { clockTime, workingHoursSchema } from './schedule';

const validFirm = {
  name: 'Northside',
  timeZone: 'America/Chicago',
  microMaxSeats: '5',
  sweetSpotMinSeats: '10',
  sweetSpotRequiresServer: 'on',
  sweetSpotMinRevenueCents: '5,000',
  largeMinSeats: '100',
  targetHourlyRateCents: '99.50',
  weeklyMarketingTargetMinutes: '7.5',
  billingIncrementMinutes: '15',
  hourClock: '24h',
};

describe('firm settings', () => {
  it('turns form strings into cents, minutes and booleans', () => {
    const parsed = firmSettingsSchema.parse(validFirm);
    expect(parsed.sweetSpotMinRevenueCents).toBe(500_000);
    expect(parsed.targetHourlyRateCents).toBe(9_950);
    expect(parsed.weeklyMarketingTargetMinutes).toBe(450);
    expect(parsed.sweetSpotRequiresServer).toBe(true);
    expect(firmSettingsSchema.parse({ ...validFirm, sweetSpotRequiresServer: undefined }).sweetSpotRequiresServer).toBe(false);
  });

  it.each([
    ['microMaxSeats', '', 'Enter the micro seat limit.'],
    ['microMaxSeats', '2.5', 'Enter the micro seat limit as a whole number.'],
    ['sweetSpotMinSeats', '5', 'Sweet spot must start above the micro seat limit.'],
    ['largeMinSeats', '10', 'Large must start above the sweet-spot seat minimum.'],
    ['targetHourlyRateCents', '0', 'The target hourly rate must be at least $0.01.'],
    ['targetHourlyRateCents', '12.345', 'Enter the target hourly rate in dollars, like 100 or 99.50.'],
    ['weeklyMarketingTargetMinutes', '81', 'The weekly marketing target must be at most 80 hours.'],
    ['timeZone', 'Mars/Olympus', 'Choose a time zone from the list.'],
    ['billingIncrementMinutes', '7', 'Choose a billing increment from the list.'],
    ['hourClock', '13h', 'Choose how times are written.'],
  ])('%s = %j is refused with a message for that field', (field, value, message) => {
    const result = firmSettingsSchema.safeParse({ ...validFirm, [field]: value });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toBe(message);
  });

  it('refuses fields that are not settings (mass assignment)', () => {
    const result = firmSettingsSchema.safeParse({ ...validFirm, id: '2' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});

describe('sign-up and team', () => {
  it('normalises the email and requires 8 characters of password', () => {
    const ok = signupSchema.parse({ firmName: ' A ', timeZone: 'UTC', name: 'Ann', email: ' Ann@Example.COM ', password: '12345678' });
    expect(ok.email).toBe('ann@example.com');
    expect(ok.firmName).toBe('A');
    const short = signupSchema.safeParse({ firmName: 'A', timeZone: 'UTC', name: 'Ann', email: 'a@b.co', password: '1234567' });
    expect(short.error?.issues[0]?.message).toBe('Use at least 8 characters.');
  });

  it('adds consultants or staff, never owners, and nothing else', () => {
    expect(addMemberSchema.safeParse({ name: 'B', email: 'b@b.co', role: 'owner' }).success).toBe(false);
    expect(addMemberSchema.safeParse({ name: 'B', email: 'b@b.co', role: 'staff', firmId: '9' }).success).toBe(false);
    expect(addMemberSchema.parse({ name: 'B', email: 'b@b.co', role: 'staff' }).role).toBe('staff');
  });

  it('refuses line breaks and control characters in the names that go into mail, next to the field', () => {
    const signup = { firmName: 'Evil', timeZone: 'UTC', name: 'Eve', email: 'e@b.co', password: '12345678' };
    const broken = ['Evil\r\nBcc: x@evil.example', 'Evil\n\nYour account is locked: https://evil.example', 'A\u0000B', 'A\u2028B', 'A\tB'];
    for (const bad of broken) {
      const asFirm = signupSchema.safeParse({ ...signup, firmName: bad });
      expect(asFirm.success).toBe(false);
      expect(asFirm.error?.issues[0]).toMatchObject({ path: ['firmName'], message: expect.stringContaining('one line') });
      expect(signupSchema.safeParse({ ...signup, name: bad }).error?.issues[0]?.path).toEqual(['name']);
      expect(addMemberSchema.safeParse({ name: bad, email: 'b@b.co', role: 'staff' }).error?.issues[0]?.path).toEqual(['name']);
      expect(firmSettingsSchema.safeParse({ ...validFirm, name: bad }).error?.issues[0]?.path).toEqual(['name']);
    }
    // Accents, apostrophes, ampersands and emoji are names, not control characters.
    expect(signupSchema.parse({ ...signup, firmName: 'Ça & Co’s IT 🖥', name: 'Zoë O’Brien' }).firmName).toBe('Ça & Co’s IT 🖥');
  });
});

describe('client fields', () => {
  const base = { name: 'Acme Dental', seats: '4', growth: 'flat', status: 'active' };

  it('leaves blank optional fields empty and reads an unticked server box as no', () => {
    const parsed = clientSchema.parse({ ...base, hourlyRateCents: '', expectedSeats24m: '' });
    expect(parsed).toMatchObject({
      hasServer: false,
      hourlyRateCents: null,
      expectedSeats24m: null,
      monthlyRecurringCents: 0,
      defaultTravelMinutes: 0,
    });
  });

  it('keeps the field message for a typed optional value', () => {
    const result = clientSchema.safeParse({ ...base, hourlyRateCents: 'abc', expectedSeats24m: '1.5' });
    const messages = Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(messages.hourlyRateCents).toBe('Enter the hourly rate in dollars, like 100 or 99.50.');
    expect(messages.expectedSeats24m).toBe('Enter the expected seats in 24 months as a whole number.');
  });

  it('requires a reason for a tier set by hand', () => {
    const result = clientSchema.safeParse({ ...base, tierOverride: 'sweet_spot' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['tierOverrideReason'], message: 'Say why this client’s tier is set by hand.' });
    expect(clientSchema.parse({ ...base, tierOverride: 'sweet_spot', tierOverrideReason: 'Signing a contract' }).tierOverride).toBe(
      'sweet_spot',
    );
  });
});

describe('time entry duration', () => {
  const parse = (duration: string) =>
    timeEntrySchema.safeParse({ userId: '1', category: 'marketing', duration, date: '2026-12-01', start: '09:00' });

  it.each(['1:30', '1h30', '1,5', '1.5', '90m', '90'])('takes %j as an hour and a half', (duration) => {
    const r = parse(duration);
    expect(r.success && r.data.duration).toBe(90);
  });

  it('refuses garbage next to the field with examples that work', () => {
    const r = parse('an hour-ish');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ['duration'],
      message: expect.stringMatching(/^Enter how long, like 1\.5, 1:30, 1h30 or 45m/),
    });
  });
});

describe('a time field', () => {
  it('takes a time written on either clock, and says how to write one otherwise', () => {
    const start = clockTime('the start time');
    expect(start.parse('14:30')).toBe(870);
    expect(start.parse('2:30 pm')).toBe(870);
    expect(start.parse(' 2:30 PM ')).toBe(870);
    const refused = start.safeParse('half two');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('Enter the start time as a time of day, like 14:30 or 2:30 PM.');
    expect(clockTime('the end time', true).parse('12:00 AM')).toBe(1440);
  });
});

describe('working hours', () => {
  const day = (text: string) => workingHoursSchema.safeParse({ userId: '1', day1: text });
  it('reads intervals on either clock, and the end of the day', () => {
    const want = [
      [480, 720],
      [780, 1020],
    ];
    expect(day('08:00-12:00, 13:00-17:00').data?.day1).toEqual(want);
    expect(day('8:00 AM-12:00 PM, 1:00 PM-5:00 PM').data?.day1).toEqual(want);
    expect(day('8 am – 12 pm, 1 pm-5 pm').data?.day1).toEqual(want);
    expect(day('6:00 PM-12:00 AM').data?.day1).toEqual([[1080, 1440]]);
  });
  it('refuses what is not an interval of times, next to the day', () => {
    for (const text of ['noon-5', '8-12', '13:00 PM-14:00', '09:00']) {
      const r = day(text);
      expect(r.success, text).toBe(false);
      expect(r.error?.issues[0]?.message, text).toMatch(/^Monday: write intervals like/);
    }
    expect(day('5:00 PM-9:00 AM').error?.issues[0]?.message).toBe('Monday: 9:00 AM must be after 5:00 PM.');
  });
});
