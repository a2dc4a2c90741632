/**
 * The README is a guide and names where the rest lives: every benchmark
 * script is listed in its "Benchmarks" section and has its own section of
 * docs/benchmarks.md, where the figures are; every document it links exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const benches = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts).filter((s) =>
  s.startsWith('bench:'),
);

const section = (text: string, heading: string) => {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, `a "${heading}" section`).toBeGreaterThan(-1);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
};

describe('README and docs/', () => {
  it('lists every benchmark in the README and gives each its own section of docs/benchmarks.md', () => {
    expect(benches.length).toBeGreaterThanOrEqual(6);
    const listed = [...section(read('README.md'), '## Benchmarks').matchAll(/`npm run (bench:[\w-]+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...benches].sort());
    const headings = [...read('docs/benchmarks.md').matchAll(/^## (bench:[\w-]+):/gm)].map((m) => m[1]);
    expect(headings.sort()).toEqual([...benches].sort());
  });

  it('links only documents that exist', () => {
    const links = [...read('README.md').matchAll(/\]\((docs\/[\w.-]+\.md)(#[\w-]+)?\)/g)].map((m) => m[1]!);
    expect(links).toEqual(expect.arrayContaining(['docs/benchmarks.md', 'docs/security.md']));
    for (const l of links) expect(fs.existsSync(path.join(root, l)), l).toBe(true);
  });
});
