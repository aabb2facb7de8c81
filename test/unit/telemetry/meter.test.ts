import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ResourceMeter } from '../../../telemetry/meter';
import { findRaplDomains, raplJoules } from '../../../telemetry/energy-sources';

/** Spends `ms` of this process's CPU time (not wall time: the machine may be busy). */
function burn(ms: number): void {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

test('without RAPL the meter estimates energy from CPU-seconds and says so', () => {
  const meter = new ResourceMeter({ intervalMs: 10, wattsPerCore: 20, powercapRoot: '/nonexistent', gpuDevice: null });
  meter.start('train');
  burn(120);
  meter.setPhase('evaluate');
  burn(60);
  const rec = meter.stop();
  assert.equal(rec.energy.source, 'estimate');
  assert.deepEqual(rec.energy.constants?.wattsPerCore, 20);
  assert.ok(rec.phases.train && rec.phases.evaluate, 'both phases recorded');
  assert.ok(rec.phases.train.cpuMs >= 120, `train cpu ${rec.phases.train.cpuMs}`);
  const expected = (rec.total.cpuMs / 1000) * 20;
  assert.ok(Math.abs(rec.energy.joules - expected) < 1e-6 + expected * 1e-9);
  assert.ok(rec.total.rssPeakBytes > 0 && rec.total.samples >= 2);
  assert.ok(rec.meter.samples >= 2 && rec.meter.sampleCostMeanUs > 0);
});

test('a phase entered twice accumulates into one record', () => {
  const meter = new ResourceMeter({ intervalMs: 5, powercapRoot: '/nonexistent', gpuDevice: null });
  meter.start('train');
  burn(30);
  meter.setPhase('evaluate');
  burn(30);
  meter.setPhase('train');
  burn(30);
  const rec = meter.stop();
  assert.deepEqual(Object.keys(rec.phases).sort(), ['evaluate', 'train']);
  for (const [name, p] of Object.entries(rec.phases))
    assert.ok(p.samples >= 1 && p.rssPeakBytes > 0, `${name} has a memory sample`);
  assert.ok(rec.phases.train.cpuMs >= 60 && rec.phases.evaluate.cpuMs >= 30);
});

test('progress calls within a phase sample at most once per interval, even while the event loop is blocked', () => {
  const meter = new ResourceMeter({ intervalMs: 20, powercapRoot: '/nonexistent', gpuDevice: null });
  meter.start('train');
  const before = meter.stop().total.samples;
  const m2 = new ResourceMeter({ intervalMs: 20, powercapRoot: '/nonexistent', gpuDevice: null });
  m2.start('train');
  for (let epoch = 0; epoch < 5; epoch++) {
    burn(30);
    m2.setPhase('train');
  }
  const rec = m2.stop();
  assert.ok(rec.total.samples >= before + 5, `blocked loop still sampled per epoch: ${rec.total.samples}`);
});

test('RAPL counters are read from powercap and wrap-around is counted once', () => {
  const root = mkdtempSync(join(tmpdir(), 'rapl-'));
  const dir = join(root, 'intel-rapl:0');
  mkdirSync(dir);
  mkdirSync(join(root, 'intel-rapl:0:0'));
  writeFileSync(join(dir, 'energy_uj'), '1000\n');
  writeFileSync(join(dir, 'max_energy_range_uj'), '1000000\n');
  writeFileSync(join(dir, 'name'), 'package-0\n');
  const domains = findRaplDomains(root);
  assert.equal(domains.length, 1, 'sub-domain intel-rapl:0:0 is not double-counted');
  assert.equal(raplJoules(domains, [999_000], [1_000]), 0.002);
  assert.equal(raplJoules(domains, [1_000], [501_000]), 0.5);

  const meter = new ResourceMeter({ intervalMs: 10, powercapRoot: root, gpuDevice: null });
  meter.start('train');
  writeFileSync(join(dir, 'energy_uj'), '301000\n');
  const rec = meter.stop();
  assert.equal(rec.energy.source, 'rapl');
  assert.equal(rec.energy.constants, undefined);
  assert.ok(Math.abs(rec.energy.joules - 0.3) < 1e-9, `joules ${rec.energy.joules}`);
});
