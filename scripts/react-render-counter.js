// Loaded as text into the page by scripts/bench-drag.ts before any of the page's scripts (so it is plain JavaScript:
// a TypeScript loader's helpers would not exist there). A stand-in for React DevTools: React calls the hook after
// every commit, and this counts the components that commit rendered into window.__renderStats. Benchmarks only.
(() => {
  const stats = { commits: 0, rendered: 0, items: 0, contents: 0, columns: 0, maxItemsInCommit: 0 };
  // Function, class, forwardRef, memo and simple memo components; flag 1 is React's PerformedWork.
  const COMPONENT = new Set([0, 1, 11, 14, 15]);
  const HOST = 5;
  const walk = (first, commit) => {
    for (let f = first; f; f = f.sibling) {
      const alt = f.alternate;
      if (COMPONENT.has(f.tag) && (alt === null || (f.flags & 1) === 1)) {
        stats.rendered++;
        const host = f.child && f.child.tag === HOST ? f.child.stateNode : null;
        // A card's frame (the list item with its drag handle), and what is on the card (its words and buttons).
        if (host && host.dataset && host.dataset.testid === 'week-item') commit.items++;
        if (host && host.tagName === 'DIV' && host.parentElement && host.parentElement.dataset.testid === 'week-item') stats.contents++;
        if (host && host.parentElement && host.parentElement.matches('li[data-date]') && host.querySelector('ul')) stats.columns++;
      }
      // A child list React did not clone was not visited by this commit.
      if (f.child && (alt === null || alt.child !== f.child)) walk(f.child, commit);
    }
  };
  let nextId = 1;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => nextId++,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: (_id, root) => {
      stats.commits++;
      const commit = { items: 0 };
      walk(root.current.child, commit);
      stats.items += commit.items;
      stats.maxItemsInCommit = Math.max(stats.maxItemsInCommit, commit.items);
    },
  };
  window.__renderStats = stats;
})();
