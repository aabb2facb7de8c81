/**
 * End to end, observed: an orchestrator and two compute workers (child processes, the real CLI) run a
 * real sweep on Temporal + SeaweedFS S3; Prometheus scrapes them through file_sd; then every query of
 * every dashboard must return data, the report built from the same store must draw every figure with
 * nothing external, and its tables must hold numbers recomputed here from the stored result.json files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { allDashboards } from '../../../grafana/src/dashboards';
import { queriesOf } from '../../../grafana/src/panels';
import { buildReport } from '../../../report/build-report';
import { taskKeyOf } from '../../../report/load';
import { PRUNING_MODEL, TASK_NAMES } from '../../../report/table-model';
import type { ObjectStore } from '../../../store/object-store';
import { inspectPage } from '../../support/chromium';
import { instantQuery, waitForScrapes } from '../../support/prometheus';
import { useServices } from '../../support/services';
import { metricsAddress, storedResults, tableCsv, type StoredCell } from '../../support/e2e';
import { Cluster, clusterEnv, registerNamespace, ROOT, testStore, uniqueName, writeSpec } from '../sweep/cluster';

const services = useServices();
let cluster: Cluster | undefined;
after(async () => {
  await cluster?.stopAll();
});

const say = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

test(
  'a real sweep feeds every dashboard query, and the report matches the stored results',
  { timeout: 1_200_000 },
  async () => {
    const t0 = Date.now();
    const svc = await services;
    const name = uniqueName('obs');
    await registerNamespace(svc.temporalAddress, name);
    const prefix = `it/${name}/`;
    const dir = join(ROOT, '.state', 'it', name);
    const env = {
      ...clusterEnv({ temporalAddress: svc.temporalAddress, namespace: name, s3: svc.s3, prefix }),
      GNNC_PROMETHEUS_TARGETS_DIR: svc.prometheusTargetsDir,
    };
    cluster = new Cluster(env, dir);
    const smoke = parse(readFileSync(join(ROOT, 'sweeps', 'smoke.yaml'), 'utf8')) as Record<string, unknown>;
    const spec = writeSpec(dir, name, stringify({ ...smoke, name }));

    const orchestrator = cluster.orchestrator();
    const workers = [cluster.compute('compute-a'), cluster.compute('compute-b')];
    const addresses = await Promise.all([
      metricsAddress(svc.prometheusTargetsDir, 'gnnc-orchestrator', orchestrator),
      ...workers.map((w) => metricsAddress(svc.prometheusTargetsDir, 'gnnc-worker', w)),
    ]);
    say(`workers up, /metrics at ${addresses.join(' ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

    const tSweep = Date.now();
    const run = await cluster.run('start', ['sweep', 'start', spec, '--json']);
    assert.equal(run.code, 0, `sweep start failed, see ${dir}/start.log`);
    const summary = JSON.parse(run.stdout) as { cells: number; completed: number; failed: number };
    const sweepEnded = new Date();
    say(`sweep ${name}: ${summary.cells} cells in ${((Date.now() - tSweep) / 1000).toFixed(0)} s`);
    assert.equal(summary.failed, 0);
    assert.equal(summary.completed, summary.cells);
    for (const w of [orchestrator, ...workers]) assert.equal(w.exitCode, null, 'workers still alive after the sweep');

    const store = await testStore(svc.s3, prefix);
    const results = await storedResults(store, name);
    assert.equal(results.length, summary.cells);
    for (const r of results)
      assert.ok(r.result.resources?.energy?.source, `cell ${r.cellId} has resources with an energy source`);

    await waitForScrapes(svc.prometheusUrl, addresses, sweepEnded, { times: 2, limitMs: 120_000 });
    const done = await untilSweepDone(svc.prometheusUrl, name, summary.cells);
    assert.equal(done, summary.cells, 'gnnc_sweep_cells{state="done"} reached the planned cells');

    await checkDashboards(svc.prometheusUrl, addresses);
    const body = await (await fetch(`http://${addresses[1]}/metrics`)).text();
    for (const metric of ['gnnc_cells_finished_total', 'gnnc_cell_energy_joules', 'gnnc_worker_cpu_percent'])
      assert.match(body, new RegExp(`^${metric}`, 'm'));
    await checkReport(store, name, join(dir, 'report'), results);
    sayResources(results);
    say(`wall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  },
);

/** every query of every panel returns ≥ 1 series, and every metric they read has series from `addresses` */
async function checkDashboards(prometheus: string, addresses: string[]): Promise<void> {
  const counts: { dashboard: string; panel: string; expr: string; series: number }[] = [];
  for (const [dashboard, d] of Object.entries(allDashboards))
    for (const q of queriesOf(d.panels ?? []))
      counts.push({ dashboard, ...q, series: (await instantQuery(prometheus, q.expr)).length });
  for (const c of counts) say(`${String(c.series).padStart(3)} series  ${c.dashboard} / ${c.panel}: ${c.expr}`);
  const empty = counts.filter((c) => c.series === 0);
  assert.deepEqual(
    empty.map((c) => `${c.dashboard} / ${c.panel}: ${c.expr}`),
    [],
    'every dashboard query returns data',
  );
  // the data must be this run's (Prometheus keeps earlier runs' samples): every metric read has series from these workers
  const mine = `instance=~"${addresses.map((a) => a.replace(/\./g, '\\\\.')).join('|')}"`;
  const names = [...new Set(counts.flatMap((c) => c.expr.match(/gnnc_[a-z_]+/g) ?? []))];
  const missing: string[] = [];
  for (const metric of names) if (!(await instantQuery(prometheus, `${metric}{${mine}}`)).length) missing.push(metric);
  assert.deepEqual(missing, [], `metrics without series from this run's workers (${names.length} checked)`);
}

/** the report draws every figure offline, and its CSV holds numbers recomputed from result.json */
async function checkReport(store: ObjectStore, sweep: string, out: string, results: StoredCell[]): Promise<void> {
  const report = await buildReport(store, sweep, { out });
  const page = await inspectPage(join(report.out, 'index.html'));
  assert.ok(
    page.images.length > 0 && page.images.length >= report.figures.length,
    `figures drawn: ${page.images.length}`,
  );
  for (const img of page.images)
    assert.ok(img.naturalWidth > 0 && img.naturalHeight > 0, `${img.src} has a drawn size`);
  assert.deepEqual(page.externalRequests, []);
  assert.deepEqual(page.failedRequests, []);

  const csv = tableCsv(readFileSync(join(report.out, 'tables.csv'), 'utf8'));
  const fp32 = results.find(
    (r) => r.spec.method.name === 'fp32' && r.spec.model === 'gin' && r.spec.dataset === 'proteins',
  );
  assert.ok(fp32, 'the sweep has a gin/proteins fp32 cell');
  const acc = fp32.result.metrics.test.accuracy;
  const t7 = csv.find((c) => c.table === 'table7' && c.row === 'proteins / accuracy' && c.column === 'fp32');
  assert.ok(t7 && Math.abs(t7.mean - acc) < 1e-9, `table7 fp32 accuracy ${t7?.mean} = stored ${acc}`);
  // Table 5 shows the paper's pruning model of each task (smoke's gae link cells are not in it)
  const pruned = results.filter(
    (r) =>
      ['global', 'finegrained'].includes(r.spec.method.name) &&
      PRUNING_MODEL[taskKeyOf(r.spec.dataset, r.spec.task)] === r.spec.model,
  );
  assert.ok(pruned.length >= 2, `pruning cells of the paper's models: ${pruned.length}`);
  for (const p of pruned) {
    const ratio = (p.result.size as { ratio: number }).ratio;
    const row = TASK_NAMES[taskKeyOf(p.spec.dataset, p.spec.task)];
    const hit = csv.find(
      (c) =>
        c.table === 'table5' &&
        c.row.endsWith(row) &&
        c.column === String(p.spec.method.level) &&
        Math.abs(c.mean - ratio) < 1e-9,
    );
    assert.ok(
      hit,
      `table5 holds the size ratio ${ratio} of ${p.spec.model}/${p.spec.dataset} ${p.spec.method.name} ${p.spec.method.level}`,
    );
  }
}

/** one cell's resource record and the meter's own cost over all cells, for the run's notes */
function sayResources(results: StoredCell[]): void {
  const sample = results.find((r) => r.spec.method.name === 'global');
  say(`resources of ${sample?.cellId.slice(0, 12)}: ${JSON.stringify(sample?.result.resources)}`);
  const meters = results.map((r) => r.result.resources!.meter);
  const worst = Math.max(...meters.map((m) => m.overheadPercent));
  say(
    `meter over ${meters.length} cells: ${meters.reduce((a, m) => a + m.samples, 0)} samples, mean sample cost ${(meters.reduce((a, m) => a + m.sampleCostMeanUs, 0) / meters.length).toFixed(1)} µs, overhead ≤ ${worst.toFixed(4)} %`,
  );
}

/** poll gnnc_sweep_cells{state="done"} of this sweep until it reaches `planned` (bounded) */
async function untilSweepDone(base: string, sweep: string, planned: number, limitMs = 60_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  let done = -1;
  while (Date.now() < deadline) {
    const s = await instantQuery(base, `max(gnnc_sweep_cells{sweep="${sweep}",state="done"})`);
    done = s.length ? Number(s[0].value[1]) : -1;
    if (done === planned) return done;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return done;
}
