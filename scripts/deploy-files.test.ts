/**
 * deploy/ and the README's "Running it in production" must not drift from
 * the app: the systemd files parse, name npm scripts that exist, environment
 * variables the code reads, and paths that agree with each other.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const deploy = path.join(root, 'deploy');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

type Unit = Map<string, [string, string][]>;

/** A systemd unit file as sections of key=value lines (comments, blank lines and `\` continuations allowed). */
function parseUnit(text: string, name: string): Unit {
  const unit: Unit = new Map();
  let section: [string, string][] | null = null;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      if (unit.has(header[1]!)) throw new Error(`${name}:${i + 1}: section [${header[1]}] twice`);
      section = [];
      unit.set(header[1]!, section);
      return;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!pair) throw new Error(`${name}:${i + 1}: not a key=value line: ${line}`);
    if (!section) throw new Error(`${name}:${i + 1}: ${pair[1]} before any [section]`);
    (section as [string, string][]).push([pair[1]!, pair[2]!]);
  });
  return unit;
}

const units = Object.fromEntries(
  ['sweetspot.service', 'sweetspot-backup.service', 'sweetspot-backup.timer'].map((f) => [
    f,
    parseUnit(fs.readFileSync(path.join(deploy, f), 'utf8'), f),
  ]),
) as Record<string, Unit>;
const values = (unit: Unit, section: string, key: string) => (unit.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);
const one = (unit: Unit, section: string, key: string) => {
  const v = values(unit, section, key);
  expect(v, `${section} ${key}`).toHaveLength(1);
  return v[0]!;
};
const environment = (unit: Unit) =>
  new Map(values(unit, 'Service', 'Environment').map((v) => v.split(/=(.*)/s).slice(0, 2) as [string, string]));

/** `npm start`, `npm run x`, `npm test`: the package.json scripts a command line runs. */
function npmScripts(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\bnpm (?:run(?:-script)? )?([a-z][\w:-]*)/g)) {
    const name = m[1]!;
    if (['ci', 'install', 'run'].includes(name)) continue; // npm's own commands
    found.push(name);
  }
  return found;
}

/** Every source file of the app that can read an environment variable. */
function sourceText(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs|js)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  for (const d of ['app', 'lib', 'db', 'scripts']) walk(path.join(root, d));
  out.push(read('next.config.js'));
  return out.join('\n');
}

const productionSection = () => {
  const readme = read('README.md');
  const start = readme.indexOf('## Running it in production');
  expect(start, 'README has a "Running it in production" section').toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
};

describe('deploy/ systemd files', () => {
  it('parse as key=value sections', () => {
    expect([...units['sweetspot.service']!.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect([...units['sweetspot-backup.service']!.keys()]).toEqual(['Unit', 'Service']);
    expect([...units['sweetspot-backup.timer']!.keys()]).toEqual(['Unit', 'Timer', 'Install']);
    expect(() => parseUnit('Key=before section\n', 'x')).toThrow(/before any/);
    expect(() => parseUnit('[Service]\nnot a pair\n', 'x')).toThrow(/not a key=value/);
  });

  it('run npm scripts that exist in package.json', () => {
    const server = units['sweetspot.service']!;
    expect(npmScripts(one(server, 'Service', 'ExecStart'))).toEqual(['start']);
    const backup = units['sweetspot-backup.service']!;
    expect(npmScripts(one(backup, 'Service', 'ExecStart'))).toEqual(['backup']);
    for (const [name, unit] of Object.entries(units))
      for (const [key, value] of unit.get('Service') ?? [])
        if (key.startsWith('Exec'))
          for (const s of npmScripts(value)) expect(scripts, `${name} ${key} runs npm script "${s}"`).toContain(s);
  });

  it('escape % and $ for systemd, so the shell gets the date command', () => {
    for (const [name, unit] of Object.entries(units))
      for (const [, entries] of unit)
        for (const [key, value] of entries) {
          expect(value.replace(/%%/g, ''), `${name} ${key}: a lone % is a systemd specifier`).not.toContain('%');
          expect(value.replace(/\$\$/g, ''), `${name} ${key}: $( must be written $$(`).not.toContain('$(');
        }
    const start = one(units['sweetspot-backup.service']!, 'Service', 'ExecStart');
    expect(start).toMatch(/^\/bin\/sh -c '.*\$\$\(date \+[^)]+\).*'$/);
  });

  it('keep the server restarting, as its own user, hardened, writing only its data', () => {
    const s = units['sweetspot.service']!;
    expect(one(s, 'Service', 'Restart')).toBe('always');
    expect(one(s, 'Service', 'User')).toBe('sweetspot');
    expect(one(s, 'Service', 'EnvironmentFile')).toBe('/etc/sweetspot.env');
    expect(one(s, 'Service', 'NoNewPrivileges')).toBe('true');
    expect(one(s, 'Service', 'ProtectSystem')).toBe('strict');
    expect(one(s, 'Service', 'PrivateTmp')).toBe('true');
    expect(one(s, 'Service', 'UMask')).toBe('0077');
    const env = environment(s);
    expect(env.get('TRUSTED_PROXY_HOPS')).toBe('1');
    for (const unit of [s, units['sweetspot-backup.service']!]) {
      const db = environment(unit).get('DATABASE_PATH');
      expect(db, 'DATABASE_PATH set').toBeDefined();
      expect(values(unit, 'Service', 'ReadWritePaths'), 'the database folder is writable').toContain(path.posix.dirname(db!));
      expect(one(unit, 'Service', 'EnvironmentFile')).toBe('/etc/sweetspot.env');
    }
  });

  it('back up into a writable folder and prune that same folder, on a timer that names the service', () => {
    const b = units['sweetspot-backup.service']!;
    const folder = /npm run backup -- "([^"]+)\/sweetspot-/.exec(one(b, 'Service', 'ExecStart'))?.[1];
    expect(folder).toBeDefined();
    expect(values(b, 'Service', 'ReadWritePaths')).toContain(folder);
    expect(one(b, 'Service', 'ExecStartPost')).toMatch(new RegExp(`^/usr/bin/find ${folder} .*-mtime \\+\\d+ -delete$`));
    const timer = units['sweetspot-backup.timer']!;
    const target = one(timer, 'Timer', 'Unit');
    expect(fs.existsSync(path.join(deploy, target)), `deploy/${target}`).toBe(true);
    expect(one(timer, 'Timer', 'OnCalendar')).toMatch(/^\*-\*-\* \d\d:\d\d/);
    expect(one(timer, 'Install', 'WantedBy')).toBe('timers.target');
  });

  it('set only environment variables the code reads', () => {
    const code = sourceText();
    const example = fs.readFileSync(path.join(deploy, 'sweetspot.env.example'), 'utf8');
    const names = new Set([
      ...[...example.matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!),
      ...Object.values(units).flatMap((u) => [...environment(u).keys()]),
    ]);
    names.delete('NODE_ENV'); // read by Next.js and Node, not by our code
    expect([...names]).toEqual(expect.arrayContaining(['AUTH_SECRET', 'APP_URL', 'DATABASE_PATH', 'PORT', 'TRUSTED_PROXY_HOPS']));
    for (const n of names) expect(code.includes(`process.env.${n}`), `process.env.${n} is read somewhere`).toBe(true);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)('pass systemd-analyze verify (where systemd is installed)', () => {
    for (const f of Object.keys(units)) {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', path.join(deploy, f)], { encoding: 'utf8' });
      const about = (r.stdout + r.stderr).split('\n').filter((l) => l.includes(f));
      expect(about, f).toEqual([]);
    }
  });
});

describe('deploy/nginx.conf', () => {
  it('proxies to the port the service listens on, with the headers the app reads', () => {
    const conf = fs.readFileSync(path.join(deploy, 'nginx.conf'), 'utf8');
    const port = environment(units['sweetspot.service']!).get('PORT');
    expect(conf).toContain(`proxy_pass http://127.0.0.1:${port};`);
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(conf).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
    expect(conf).toContain('proxy_set_header Host $host;');
    expect(conf).toMatch(/client_max_body_size 4m;/);
    expect(conf).toMatch(/listen 443 ssl/);
  });
});

describe('README "Running it in production"', () => {
  it('names npm scripts and deploy files that exist', () => {
    const section = productionSection();
    const named = npmScripts(section);
    expect(named).toEqual(expect.arrayContaining(['build', 'start', 'backup', 'restore']));
    for (const s of named) expect(scripts, `README runs npm script "${s}"`).toContain(s);
    const files = [...section.matchAll(/deploy\/([\w.-]+)/g)].map((m) => m[1]!.replace(/\.$/, ''));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(fs.existsSync(path.join(deploy, f)), `deploy/${f}`).toBe(true);
    expect(section).toMatch(/TRUSTED_PROXY_HOPS/);
  });

  it('is where the deploy files say it is', () => {
    for (const f of fs.readdirSync(deploy)) {
      const text = fs.readFileSync(path.join(deploy, f), 'utf8');
      for (const m of text.matchAll(/deploy\/([\w.-]+)/g))
        expect(fs.existsSync(path.join(deploy, m[1]!.replace(/\.$/, ''))), `${f} names deploy/${m[1]}`).toBe(true);
      for (const s of npmScripts(text)) expect(scripts, `${f} mentions npm script "${s}"`).toContain(s);
    }
  });
});
