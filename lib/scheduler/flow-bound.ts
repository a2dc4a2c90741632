import type { Board } from './board';
import type { Prepared, Visit } from './prepare';

/**
 * A window-aware upper bound on the priority an instance can reach: a
 * fractional relaxation solved exactly as a flow.
 *
 * Every placed visit's footprint (travel, visit, travel) lies inside one free
 * piece and inside the reach of one of its segments, and footprints do not
 * overlap. Cut each piece at the ends of every reach into elementary
 * intervals: a schedule then sends each placed visit's minutes to the
 * intervals its footprint covers, an interval receiving at most its length.
 * Allowing a visit to be cut (a fraction of it placed, its minutes spread over
 * any intervals it can reach) gives a flow network, visits → intervals →
 * groups → sink, whose best value is at least the optimum. The minutes a
 * visit sends are `units(v)`, its value per minute `priority / units(v)`.
 *
 * Two networks are bounded this way, and the smaller value kept:
 * - footprints against free time (groups are unbounded);
 * - visit minutes against the weekly micro caps (a group is one consultant's
 *   week, bounded by its cap); uncapped visits are counted whole.
 *
 * The vectors of minutes the visits can send form a polymatroid, so taking
 * visits by value per minute and pushing as much of each as the residual
 * network lets through (augmenting paths that may reroute earlier visits but
 * never reduce them) reaches the best fractional value.
 */

export type Network = {
  /** Per visit: the intervals it can send minutes to. */
  reach: number[][];
  /** Per interval: its length in minutes and its group. */
  length: number[];
  group: number[];
  /** Per group: what it passes on to the sink. */
  groupCap: number[];
};

/** Intervals of each piece cut at the reach ends of the given visits, and each visit's intervals. */
function cut(p: Prepared, visits: Visit[], groupOf: (piece: number) => number): Omit<Network, 'groupCap'> {
  const ends = p.pieces.map((piece) => new Set<number>([piece.a, piece.b]));
  const reachOf = (v: Visit, s: Visit['segments'][number]) => {
    const piece = p.pieces[s.piece]!;
    return [Math.max(piece.a, s.lo - v.travel), Math.min(piece.b, s.hi + v.duration + v.travel)] as const;
  };
  for (const v of visits)
    for (const s of v.segments) {
      const [a, b] = reachOf(v, s);
      ends[s.piece]!.add(a).add(b);
    }
  const length: number[] = [];
  const group: number[] = [];
  const first: number[] = [];
  const points = ends.map((set) => [...set].sort((x, y) => x - y));
  points.forEach((pts, pi) => {
    first.push(length.length);
    for (let i = 0; i + 1 < pts.length; i++) {
      length.push(pts[i + 1]! - pts[i]!);
      group.push(groupOf(pi));
    }
  });
  const reach = visits.map((v) => {
    const out = new Set<number>();
    for (const s of v.segments) {
      const [a, b] = reachOf(v, s);
      const pts = points[s.piece]!;
      for (let i = pts.indexOf(a); pts[i]! < b; i++) out.add(first[s.piece]! + i);
    }
    return [...out];
  });
  return { reach, length, group };
}

/**
 * A residual graph with integer-free capacities; nodes are numbers, edges stored in flat typed arrays (sized for
 * `edges` edges up front) with their reverse at `e ^ 1`.
 */
class Graph {
  readonly head: Int32Array;
  readonly next: Int32Array;
  readonly to: Int32Array;
  readonly cap: Float64Array;
  private edges = 0;
  /** The work space of a phase: each node's distance from the source, the search's queue, each node's next edge to try. */
  private readonly level: Int32Array;
  private readonly queue: Int32Array;
  private readonly arc: Int32Array;
  /** Nodes from which no augmenting path leads to the sink any more. */
  private readonly dead: Uint8Array;

  constructor(nodes: number, edges: number) {
    this.head = new Int32Array(nodes).fill(-1);
    this.next = new Int32Array(2 * edges);
    this.to = new Int32Array(2 * edges);
    this.cap = new Float64Array(2 * edges);
    this.level = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
    this.arc = new Int32Array(nodes);
    this.dead = new Uint8Array(nodes);
  }

  edge(a: number, b: number, cap: number) {
    this.half(a, b, cap);
    this.half(b, a, 0);
  }

  private half(x: number, y: number, c: number) {
    const e = this.edges++;
    this.to[e] = y;
    this.cap[e] = c;
    this.next[e] = this.head[x]!;
    this.head[x] = e;
  }

  /**
   * Pushes up to `want` units from `from` to `sink` along shortest augmenting paths; returns how many went. In phases
   * (Dinic): one breadth-first search numbers the nodes by their distance from `from`, then depth-first searches
   * push along every shortest path it found, each edge tried once a phase (`arc`).
   */
  push(from: number, sink: number, want: number): number {
    let sent = this.pushDirect(from, sink, want);
    const { level, queue, dead, arc, head } = this;
    while (sent < want) {
      level.fill(-1);
      level[from] = 0;
      queue[0] = from;
      let tail = 1;
      for (let q = 0; q < tail && level[sink] === -1; q++)
        for (let e = head[queue[q]!]!; e !== -1; e = this.next[e]!) {
          const y = this.to[e]!;
          if (this.cap[e]! > 1e-9 && level[y] === -1 && dead[y] === 0) {
            level[y] = level[queue[q]!]! + 1;
            queue[tail++] = y;
          }
        }
      if (level[sink] === -1) {
        // Nothing the search reached leads to the sink, and nothing ever will: augmenting paths only add residual
        // edges among their own nodes, which do lead there. Later searches pass them by.
        for (let q = 0; q < tail; q++) dead[queue[q]!] = 1;
        break;
      }
      arc.set(head);
      for (let d = this.augment(from, sink, want - sent); d > 1e-9 && sent < want; d = this.augment(from, sink, want - sent)) sent += d;
    }
    return sent;
  }

  /** One augmenting path of the current phase from x (up to `limit`), pushed; how much went (0: none left). */
  private augment(x: number, sink: number, limit: number): number {
    if (x === sink) return limit;
    const { arc, level, cap, to } = this;
    for (; arc[x] !== -1; arc[x] = this.next[arc[x]!]!) {
      const e = arc[x]!;
      const y = to[e]!;
      if (cap[e]! <= 1e-9 || level[y] !== level[x]! + 1) continue;
      const d = this.augment(y, sink, Math.min(limit, cap[e]!));
      if (d > 1e-9) {
        cap[e]! -= d;
        cap[e ^ 1]! += d;
        return d;
      }
    }
    return 0;
  }

  /**
   * Pushes up to `want` units along the paths of three edges from `from` to `sink` (visit, interval, group, sink),
   * without a search: the shortest augmenting paths, which `push` would otherwise find one breadth-first search at a
   * time. Looks at each node's edges to the sink first (the networks add them last, so they head the lists).
   */
  private pushDirect(from: number, sink: number, want: number): number {
    const { head, next, to, cap } = this;
    let sent = 0;
    for (let e = head[from]!; e !== -1 && sent < want; e = next[e]!) {
      const x = to[e]!;
      for (let f = head[x]!; f !== -1 && sent < want && cap[e]! > 1e-9; f = next[f]!) {
        if (cap[f]! <= 1e-9) continue;
        for (let g = head[to[f]!]!; g !== -1; g = next[g]!) {
          if (to[g] !== sink) continue;
          const amount = Math.min(want - sent, cap[e]!, cap[f]!, cap[g]!);
          if (amount > 1e-9) {
            cap[e]! -= amount;
            cap[e ^ 1]! += amount;
            cap[f]! -= amount;
            cap[f ^ 1]! += amount;
            cap[g]! -= amount;
            cap[g ^ 1]! += amount;
            sent += amount;
          }
          break;
        }
      }
    }
    return sent;
  }
}

/** The best fractional value of the network: visits by value per minute, each pushed as far as it goes. */
export function maxValue(visits: Visit[], units: (v: Visit) => number, n: Network): number {
  // nodes: visits, then intervals, then groups, then the sink
  const iv = visits.length;
  const gr = iv + n.length.length;
  const sink = gr + n.groupCap.length;
  const edges = n.reach.reduce((s, r) => s + r.length, 0) + n.length.length + n.groupCap.length;
  const g = new Graph(sink + 1, edges);
  n.reach.forEach((r, k) => {
    for (const i of r) g.edge(k, iv + i, Infinity);
  });
  n.length.forEach((len, i) => g.edge(iv + i, gr + n.group[i]!, len));
  n.groupCap.forEach((c, k) => g.edge(gr + k, sink, c));
  const order = visits.map((_, k) => k).sort((x, y) => visits[y]!.priority / units(visits[y]!) - visits[x]!.priority / units(visits[x]!));
  let value = 0;
  for (const k of order) {
    const v = visits[k]!;
    const w = units(v);
    value += (v.priority * g.push(k, sink, w)) / w;
  }
  return value;
}

/** Footprints against free time, on the empty board. */
export function freeTimeFlowBound(board: Board, visits: Visit[] = board.p.order): number {
  const p = board.p;
  const net = cut(p, visits, (piece) => piece);
  return maxValue(visits, (v) => v.duration + 2 * v.travel, { ...net, groupCap: p.pieces.map(() => Infinity) });
}

/** Visit minutes against the weekly micro caps left (and the free time they lie in), on the empty board; uncapped visits counted whole. */
export function capFlowBound(board: Board, visits: Visit[] = board.p.order): number {
  const p = board.p;
  const capped = visits.filter((v) => v.capMinutes > 0);
  const uncapped = visits.reduce((s, v) => s + (v.capMinutes > 0 ? 0 : v.priority), 0);
  const weeks = new Map<string, number>();
  const groupCap: number[] = [];
  const groupOf = (piece: number) => {
    const { consultant, week, cw } = p.pieces[piece]!;
    const key = `${consultant}:${week}`;
    let g = weeks.get(key);
    if (g === undefined) {
      g = groupCap.length;
      weeks.set(key, g);
      groupCap.push(Math.max(0, p.caps[consultant]! - board.use[cw]!));
    }
    return g;
  };
  const net = cut(p, capped, groupOf);
  return uncapped + maxValue(capped, (v) => v.capMinutes, { ...net, groupCap });
}

/** Both flow relaxations on the empty board, as a whole priority (rounding errors of the fractions forgiven). */
export function flowBound(board: Board): number {
  return Math.floor(Math.min(freeTimeFlowBound(board), capFlowBound(board)) + 1e-6);
}
