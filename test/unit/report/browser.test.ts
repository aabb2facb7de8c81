import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildReport } from '../../../report/build-report';
import { inspectPage } from '../../support/chromium';
import { pruningResult, writeFixture } from './fixture';

test('index.html opens offline in headless Chromium and every chart draws', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rep-browser-'));
  const cells = [0, 1].flatMap((seed) =>
    [0, 0.5, 0.9].map((level) => ({
      model: 'spline',
      dataset: 'cora',
      task: 'node' as const,
      seed,
      method: 'global',
      level,
      result: pruningResult(0.8 + level * 0.01, level, seed),
    })),
  );
  const store = await writeFixture(join(dir, 'store'), 'fx', cells);
  const summary = await buildReport(store, 'fx', { out: join(dir, 'out') });
  const page = await inspectPage(join(dir, 'out', 'index.html'));
  assert.match(page.title, /gnnc report — fx/);
  assert.equal(page.images.length, summary.figures.length);
  for (const img of page.images) assert.ok(img.naturalWidth > 100 && img.naturalHeight > 50, `${img.src} did not draw`);
  assert.equal(page.tables, summary.tables.length);
  assert.deepEqual(page.failedRequests, []);
  assert.deepEqual(page.externalRequests, []);
});
