import { describe, expect, it } from 'vitest';
import { idOrNotFound, orNotFound } from './not-found';
import { ForbiddenError, NotFoundError } from './permissions';

/** What next/navigation's notFound() throws: Next renders the 404 page for it. */
const is404 = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { digest?: string }).digest === 'NEXT_HTTP_ERROR_FALLBACK;404';
  }
  return false;
};

describe('orNotFound', () => {
  it('answers the 404 page for a missing record, another firm’s and one the caller may not see', () => {
    expect(
      is404(() =>
        orNotFound(() => {
          throw new NotFoundError('That visit');
        }),
      ),
    ).toBe(true);
    expect(
      is404(() =>
        orNotFound(() => {
          throw new ForbiddenError('schedule.manage');
        }),
      ),
    ).toBe(true);
  });

  it('passes the value through, and any other error on', () => {
    expect(orNotFound(() => 42)).toBe(42);
    const boom = new Error('database is locked');
    expect(() =>
      orNotFound(() => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(
      is404(() =>
        orNotFound(() => {
          throw boom;
        }),
      ),
    ).toBe(false);
  });
});

describe('idOrNotFound', () => {
  it('takes positive integers only', () => {
    expect(idOrNotFound('17')).toBe(17);
    for (const bad of ['0', '-3', '1.5', 'abc', '', '1e400'])
      expect(
        is404(() => idOrNotFound(bad)),
        bad,
      ).toBe(true);
  });
});
