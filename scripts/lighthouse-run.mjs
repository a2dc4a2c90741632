// Runs Lighthouse in plain Node for scripts/bench-lighthouse.ts. Lighthouse
// sends some of its own functions to the page as source text, and a TypeScript
// loader's helper names (tsx's __name) would break them, so this file is not
// transformed. Input: JSON {pages:[{url, cookie?}], runs, chrome, flags, userDataDir}
// in argv[2]; output: one JSON line per page and run. With LH_DUMP=<dir> each
// run's full report is also written there as JSON, to see where the time goes.
import fs from 'node:fs';
import path from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

const { pages, chrome: chromePath, flags, userDataDir, runs } = JSON.parse(process.argv[2]);
const chrome = await launch({ chromePath, chromeFlags: flags, userDataDir });
try {
  for (let i = 0; i < pages.length * runs; i++) {
    const { url, cookie } = pages[Math.floor(i / runs)];
    // The default config is Lighthouse's mobile one: an emulated phone, simulated slow 4G and 4× CPU slowdown.
    const audit = () =>
      lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        extraHeaders: cookie ? { Cookie: cookie } : undefined,
      });
    let result = await audit();
    // A trace that could not be recorded (NO_NAVSTART and the like) is Lighthouse's own hiccup: try that run up to twice more.
    for (let retry = 0; retry < 2 && result?.lhr.runtimeError; retry++) result = await audit();
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (process.env.LH_DUMP) {
      fs.mkdirSync(process.env.LH_DUMP, { recursive: true });
      fs.writeFileSync(path.join(process.env.LH_DUMP, `${new URL(url).pathname.slice(1) || 'root'}-${i % runs}.json`), JSON.stringify(lhr));
    }
    const ms = (id) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
    const weighted = new Set((lhr.categories.accessibility?.auditRefs ?? []).filter((r) => r.weight > 0).map((r) => r.id));
    console.log(
      JSON.stringify({
        url,
        finalUrl: lhr.finalDisplayedUrl,
        runtimeError: lhr.runtimeError?.message,
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        fcp: ms('first-contentful-paint'),
        lcp: ms('largest-contentful-paint'),
        tbt: ms('total-blocking-time'),
        cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
        failingA11y: Object.values(lhr.audits)
          .filter((a) => a.score === 0 && weighted.has(a.id))
          .map((a) => a.id),
      }),
    );
  }
} finally {
  chrome.kill();
}
