import bcrypt from 'bcryptjs';
import { randomInt } from 'node:crypto';

// 11 rounds is about 150 ms in bcryptjs on a small server; BCRYPT_COST lowers it for unit tests only.
const COST = Math.min(14, Math.max(4, Number(process.env.BCRYPT_COST) || 11));

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Spent on unknown emails too, so response time does not reveal which addresses exist.
const DUMMY_HASH = bcrypt.hashSync('sweetspot-timing-equaliser', COST);
export function burnPasswordCheck(password: string): Promise<boolean> {
  return bcrypt.compare(password, DUMMY_HASH);
}

/** A temporary password a person can read out over the phone: 4 groups of 4. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
