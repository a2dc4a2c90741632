import { describe, expect, it } from 'vitest';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  PENDING_SIGN_IN_MS,
  pendingSignInUser,
  pendingSignInValid,
  recoveryCodeHash,
  sealSecret,
  signPendingSignIn,
  totpCode,
  totpUri,
} from './two-factor';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// 2030-01-15 12:00:00 UTC sits exactly on a 30-second step boundary.
const NOW = Date.UTC(2030, 0, 15, 12);
const STEP = NOW / 30_000;

describe('TOTP codes', () => {
  it('matches RFC 6238’s SHA-1 test vector (so any authenticator app agrees)', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits); the last 6 are what a 6-digit app shows.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
  });

  it('takes the code of this step and of one step either side, and no further', () => {
    expect(matchTotp(SECRET, totpCode(SECRET, NOW), NOW, null)).toBe(STEP);
    expect(matchTotp(SECRET, totpCode(SECRET, NOW - 30_000), NOW, null)).toBe(STEP - 1);
    expect(matchTotp(SECRET, totpCode(SECRET, NOW + 30_000), NOW, null)).toBe(STEP + 1);
    expect(matchTotp(SECRET, totpCode(SECRET, NOW - 60_000), NOW, null)).toBeNull();
    expect(matchTotp(SECRET, totpCode(SECRET, NOW + 60_000), NOW, null)).toBeNull();
  });

  it('refuses a code of a step already used, or older, and takes a newer one', () => {
    const code = totpCode(SECRET, NOW);
    expect(matchTotp(SECRET, code, NOW, STEP)).toBeNull();
    expect(matchTotp(SECRET, totpCode(SECRET, NOW - 30_000), NOW, STEP)).toBeNull();
    expect(matchTotp(SECRET, totpCode(SECRET, NOW + 30_000), NOW, STEP)).toBe(STEP + 1);
  });

  it('refuses anything but six digits (spaces are forgiven), and another secret’s code', () => {
    const code = totpCode(SECRET, NOW);
    expect(matchTotp(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, NOW, null)).toBe(STEP);
    expect(matchTotp(SECRET, `${code}0`, NOW, null)).toBeNull();
    expect(matchTotp(SECRET, 'abcdef', NOW, null)).toBeNull();
    expect(matchTotp(newTotpSecret(), code, NOW, null)).toBeNull();
  });

  it('puts the secret, issuer and email in the QR address', () => {
    const uri = totpUri(SECRET, 'sam@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Sweetspot:sam%40example\.com\?/);
    expect(uri).toContain(`secret=${SECRET}`);
    expect(uri).toContain('issuer=Sweetspot');
  });
});

describe('secrets at rest', () => {
  it('are sealed (never the plain secret) and open again under the same AUTH_SECRET only', () => {
    const sealed = sealSecret(SECRET);
    expect(sealed).not.toContain(SECRET);
    expect(sealSecret(SECRET)).not.toBe(sealed);
    expect(openSecret(sealed)).toBe(SECRET);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(openSecret(tampered)).toBeNull();
    const saved = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = 'another secret entirely, long enough';
    try {
      expect(openSecret(sealed)).toBeNull();
    } finally {
      process.env.AUTH_SECRET = saved;
    }
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes whose hash ignores case, spaces and dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const c = codes[0]!;
    expect(recoveryCodeHash(` ${c.toUpperCase().replace('-', ' ')} `)).toBe(recoveryCodeHash(c));
    expect(recoveryCodeHash(c)).not.toBe(recoveryCodeHash(codes[1]!));
    expect(recoveryCodeHash(c)).not.toContain(c.replace('-', ''));
  });
});

describe('the pending sign-in token', () => {
  it('names its user, holds for a few minutes, and dies with a password change or any edit', () => {
    const token = signPendingSignIn(42, 'hash-a', NOW);
    expect(pendingSignInUser(token)).toBe(42);
    expect(pendingSignInValid(token, 'hash-a', NOW + PENDING_SIGN_IN_MS)).toBe(true);
    expect(pendingSignInValid(token, 'hash-a', NOW + PENDING_SIGN_IN_MS + 1)).toBe(false);
    expect(pendingSignInValid(token, 'hash-b', NOW)).toBe(false);
    expect(pendingSignInValid(token.replace(/^42\./, '43.'), 'hash-a', NOW)).toBe(false);
    const later = token.replace(/\.(\d+)\./, (_, exp: string) => `.${Number(exp) + 3_600_000}.`);
    expect(pendingSignInValid(later, 'hash-a', NOW + PENDING_SIGN_IN_MS + 1)).toBe(false);
    expect(pendingSignInUser('garbage')).toBeNull();
  });
});
