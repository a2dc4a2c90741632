import type { Board } from './board';

/**
 * Step 2: greedy, in three orders: by priority, and by priority per minute of
 * visit (weekly caps bind) or of footprint (free time binds); each visit at its
 * earliest free start. The best wins and is left on the board.
 */
export function greedy(board: Board): void {
  const order = board.p.order;
  const greedyOrders = [
    order,
    order.slice().sort((x, y) => y.priority / y.duration - x.priority / x.duration || x.starts - y.starts),
    order
      .slice()
      .sort((x, y) => y.priority / (y.duration + 2 * y.travel) - x.priority / (x.duration + 2 * x.travel) || x.starts - y.starts),
  ];
  for (const list of greedyOrders) {
    board.clear();
    for (const v of list) {
      const spot = board.earliest(v);
      if (spot) board.place(v, spot);
    }
    board.record();
  }
  board.restore(board.bestAt);
}
