import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Panel } from '@grafana/schema';
import { dashboardJson } from '../../../grafana/build';
import { allDashboards } from '../../../grafana/src/dashboards';
import { queriesOf } from '../../../grafana/src/panels';
import { createWorkerMetrics } from '../../../telemetry/metrics';
import { SWEEP_METRIC_NAMES } from '../../../telemetry/sweep-exporter';

const root = join(__dirname, '..', '..', '..');

test('committed dashboard JSON is what the typed source generates (run npm run grafana:build)', () => {
  for (const uid of Object.keys(allDashboards)) {
    const committed = readFileSync(join(root, 'grafana', 'dashboards', `${uid}.json`), 'utf8');
    assert.equal(committed, dashboardJson(uid), `${uid}.json is stale`);
  }
});

test('every panel has a query on the provisioned Prometheus and a unique id', () => {
  const ids = new Set<number>();
  for (const d of Object.values(allDashboards)) {
    for (const p of d.panels as Panel[]) {
      assert.ok(p.targets && p.targets.length > 0, `${p.title} has no query`);
      assert.equal((p.datasource as { uid?: string }).uid, 'gnnc-prometheus');
      assert.ok(!ids.has(p.id as number), `duplicate panel id ${p.id}`);
      ids.add(p.id as number);
    }
  }
});

test('every metric a panel queries is one that gnnc exports', async () => {
  const m = createWorkerMetrics({ pool: 'cpu', host: 'h', slots: 1 });
  const exported = new Set((await m.registry.getMetricsAsJSON()).map((x) => x.name));
  SWEEP_METRIC_NAMES.forEach((n) => exported.add(n));
  for (const d of Object.values(allDashboards)) {
    for (const q of queriesOf(d.panels as Panel[])) {
      const names = q.expr.match(/\bgnnc_[a-z_]+/g) ?? [];
      assert.ok(names.length > 0, `${q.panel}: no gnnc metric in ${q.expr}`);
      for (const n of names) {
        const baseName = n.replace(/_(bucket|sum|count)$/, '');
        assert.ok(exported.has(n) || exported.has(baseName), `${q.panel}: ${n} is not exported by telemetry`);
      }
    }
  }
});
