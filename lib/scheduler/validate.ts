import { parseDate, parseDateTime, parseTime } from './clock';
import type { Instance } from './types';

/** Invalid input: the message names the field and says why, on one line. */
export class InstanceError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (path: string, why: string): never => {
  throw new InstanceError(`${path}: ${why}`);
};

function obj(v: unknown, path: string): Obj {
  return isObj(v) ? v : fail(path, 'must be an object');
}
function arr(v: unknown, path: string): unknown[] {
  return Array.isArray(v) ? v : fail(path, v === undefined ? 'is required' : 'must be an array');
}
function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (v === undefined) fail(`${path}.${key}`, 'is required');
  return typeof v === 'string' && v.length > 0 ? v : fail(`${path}.${key}`, 'must be a non-empty string');
}
function int(o: Obj, key: string, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[key];
  if (v === undefined) fail(`${path}.${key}`, 'is required');
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${path}.${key}`, `must be a whole number, not ${JSON.stringify(v)}`);
  if ((v as number) < min || (v as number) > max)
    fail(
      `${path}.${key}`,
      max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}, not ${v}` : `must be from ${min} to ${max}, not ${v}`,
    );
  return v as number;
}
function dateTime(o: Obj, key: string, path: string): number {
  if (o[key] === undefined) fail(`${path}.${key}`, 'is required');
  return parseDateTime(o[key]) ?? fail(`${path}.${key}`, `must be a real local time YYYY-MM-DDTHH:mm, not ${JSON.stringify(o[key])}`);
}
function interval(o: Obj, path: string): void {
  const start = dateTime(o, 'start', path);
  const end = dateTime(o, 'end', path);
  if (end <= start) fail(`${path}.end`, `must be after start (${String(o.start)})`);
}

/** Checks an instance against the contract; throws InstanceError naming the first bad field. */
export function validateInstance(input: unknown): Instance {
  const root = obj(input, 'instance');
  const slot = int(root, 'slotMinutes', 'instance', 1, 1440);
  if (1440 % slot !== 0) fail('instance.slotMinutes', `must divide 1440 (a day), ${slot} does not`);

  const horizon = obj(root.horizon ?? fail('instance.horizon', 'is required'), 'instance.horizon');
  const hs =
    parseDate(horizon.start) ?? fail('instance.horizon.start', `must be a real date YYYY-MM-DD, not ${JSON.stringify(horizon.start)}`);
  const he = parseDate(horizon.end) ?? fail('instance.horizon.end', `must be a real date YYYY-MM-DD, not ${JSON.stringify(horizon.end)}`);
  if (he < hs) fail('instance.horizon.end', `must not be before horizon.start (${String(horizon.start)})`);

  const consultantIds = new Set<string>();
  arr(root.consultants, 'instance.consultants').forEach((raw, i) => {
    const path = `consultants[${i}]`;
    const c = obj(raw, path);
    const id = str(c, 'id', path);
    if (consultantIds.has(id)) fail(`${path}.id`, `duplicate consultant id "${id}"`);
    consultantIds.add(id);
    arr(c.workingHours, `${path}.workingHours`).forEach((rawWh, j) => {
      const wpath = `${path}.workingHours[${j}]`;
      const wh = obj(rawWh, wpath);
      int(wh, 'weekday', wpath, 1, 7);
      if (wh.start === undefined) fail(`${wpath}.start`, 'is required');
      if (wh.end === undefined) fail(`${wpath}.end`, 'is required');
      const s = parseTime(wh.start, false) ?? fail(`${wpath}.start`, `must be a time HH:mm, not ${JSON.stringify(wh.start)}`);
      const e = parseTime(wh.end, true) ?? fail(`${wpath}.end`, `must be a time HH:mm (24:00 allowed), not ${JSON.stringify(wh.end)}`);
      if (e <= s) fail(`${wpath}.end`, `must be after start (${String(wh.start)})`);
    });
    if (c.maxMicroMinutesPerWeek !== undefined) int(c, 'maxMicroMinutesPerWeek', path, 0);
  });

  const known = (o: Obj, path: string) => {
    const id = str(o, 'consultantId', path);
    if (!consultantIds.has(id)) fail(`${path}.consultantId`, `unknown consultant id "${id}"`);
  };
  const blockIds = new Set<string>();
  arr(root.protectedBlocks, 'instance.protectedBlocks').forEach((raw, i) => {
    const path = `protectedBlocks[${i}]`;
    const b = obj(raw, path);
    const id = str(b, 'id', path);
    if (blockIds.has(id)) fail(`${path}.id`, `duplicate protected block id "${id}"`);
    blockIds.add(id);
    known(b, path);
    if (b.kind !== undefined && typeof b.kind !== 'string') fail(`${path}.kind`, 'must be a string');
    interval(b, path);
  });
  arr(root.busy, 'instance.busy').forEach((raw, i) => {
    const path = `busy[${i}]`;
    const b = obj(raw, path);
    known(b, path);
    interval(b, path);
  });
  const visitIds = new Set<string>();
  arr(root.visits, 'instance.visits').forEach((raw, i) => {
    const path = `visits[${i}]`;
    const v = obj(raw, path);
    const id = str(v, 'id', path);
    if (visitIds.has(id)) fail(`${path}.id`, `duplicate visit id "${id}"`);
    visitIds.add(id);
    str(v, 'clientId', path);
    int(v, 'durationMinutes', path, 1);
    int(v, 'travelMinutes', path, 0);
    int(v, 'priority', path, 1, 5);
    const ids = arr(v.consultantIds, `${path}.consultantIds`);
    if (ids.length === 0) fail(`${path}.consultantIds`, 'must name at least one consultant');
    ids.forEach((cid, j) => {
      if (typeof cid !== 'string' || !consultantIds.has(cid))
        fail(`${path}.consultantIds[${j}]`, `unknown consultant id ${JSON.stringify(cid)}`);
    });
    if (v.windows !== undefined) {
      const windows = arr(v.windows, `${path}.windows`);
      if (windows.length === 0) fail(`${path}.windows`, 'must not be empty (leave it out for the whole horizon)');
      windows.forEach((w, j) => interval(obj(w, `${path}.windows[${j}]`), `${path}.windows[${j}]`));
    }
  });
  return root as unknown as Instance;
}
