/**
 * A little Prometheus HTTP API client for tests: instant queries, and waiting until given targets
 * were scraped a number of times after a moment (so the samples a test asserts on are really there).
 */

export interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

interface ActiveTarget {
  scrapeUrl: string;
  labels: Record<string, string>;
  health: string;
  lastScrape: string;
  lastError: string;
}

async function api<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
  return body.data;
}

/** instant query; the vector's series (a scalar result counts as one series) */
export async function instantQuery(base: string, expr: string): Promise<Series[]> {
  const data = await api<{ resultType: string; result: unknown }>(
    base,
    `/api/v1/query?query=${encodeURIComponent(expr)}`,
  );
  if (data.resultType === 'scalar') return [{ metric: {}, value: data.result as [number, string] }];
  return data.result as Series[];
}

export async function activeTargets(base: string): Promise<ActiveTarget[]> {
  return (await api<{ activeTargets: ActiveTarget[] }>(base, '/api/v1/targets?state=active')).activeTargets;
}

/**
 * Resolve once every target whose `host:port` is in `addresses` has `times` distinct healthy scrapes
 * that started after `since`; throws after `limitMs` naming the targets still short.
 */
export async function waitForScrapes(
  base: string,
  addresses: string[],
  since: Date,
  opts: { times: number; limitMs: number },
): Promise<void> {
  const seen = new Map<string, Set<string>>(addresses.map((a) => [a, new Set()]));
  const deadline = Date.now() + opts.limitMs;
  for (;;) {
    for (const t of await activeTargets(base)) {
      const addr = new URL(t.scrapeUrl).host;
      if (!seen.has(addr) || t.health !== 'up') continue;
      if (new Date(t.lastScrape).getTime() > since.getTime()) seen.get(addr)!.add(t.lastScrape);
    }
    const short = [...seen].filter(([, s]) => s.size < opts.times);
    if (!short.length) return;
    if (Date.now() > deadline)
      throw new Error(
        `targets not scraped ${opts.times}× since ${since.toISOString()}: ${short.map(([a, s]) => `${a} (${s.size})`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
}
