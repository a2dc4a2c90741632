/**
 * Units of time are defined once, in lib/time/units.ts. A day or an hour in
 * milliseconds written out as a literal elsewhere is a second definition to
 * keep in step (and a typo such as 8_640_000 reads the same at a glance).
 * Tests may still write literals where a literal is clearer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, MINUTES_PER_DAY, WEEK_MS } from '@/lib/time/units';

const root = path.resolve(__dirname, '..');
const LITERAL = /\b(86_?400_?000|3_?600_?000)\b/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('units of time', () => {
  it('are written as literals only in lib/time/units.ts', () => {
    const files = ['app', 'lib', 'components', 'db'].flatMap(sourceFiles);
    expect(files).toContain(path.join('lib', 'time', 'units.ts'));
    const offenders = files.flatMap((f) =>
      fs
        .readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (LITERAL.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it('agree with each other and with the calendar', () => {
    expect(DAY_MS).toBe(86_400_000);
    expect(HOUR_MS).toBe(3_600_000);
    expect(MINUTES_PER_DAY * MINUTE_MS).toBe(DAY_MS);
    expect(WEEK_MS).toBe(7 * 86_400_000);
  });

  it('the literal check finds what it looks for', () => {
    for (const text of ['now - 86_400_000', 'x / 3600000', 'DAY = 86400000', 'h * 3_600_000']) expect(text).toMatch(LITERAL);
    for (const text of ['86_400_0000', '13_600_000', 'DAY_MS']) expect(text).not.toMatch(LITERAL);
  });
});
