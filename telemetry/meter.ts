/**
 * The resource meter around one cell. CPU time and energy counters are read exactly at phase
 * boundaries (process.cpuUsage, RAPL); memory, tensor memory and GPU are sampled every `intervalMs`.
 * Every phase (train, prune, finetune, evaluate, infer, …) gets its own record; the meter also
 * measures its own cost so the overhead can be quoted.
 */
import { cpus } from 'node:os';
import { findRaplDomains, raplJoules, readRapl, sampleGpus, type GpuSample, type RaplDomain } from './energy-sources';

export interface PhaseRecord {
  wallMs: number;
  cpuMs: number;
  /** process CPU time / wall time, in percent of one core (200 = two cores busy) */
  cpuPercent: number;
  /** process CPU as a percent of the whole machine */
  machinePercent: number;
  rssPeakBytes: number;
  rssMeanBytes: number;
  heapPeakBytes: number;
  tensorPeakBytes: number;
  energyJ: number;
  gpu?: { powerMeanW: number; memoryPeakMiB: number; utilizationMeanPercent: number; energyJ: number };
  samples: number;
}

export type EnergySource = 'rapl' | 'nvml' | 'rapl+nvml' | 'estimate' | 'estimate+nvml';

export interface ResourceRecord {
  intervalMs: number;
  phases: Record<string, PhaseRecord>;
  total: PhaseRecord;
  energy: { joules: number; source: EnergySource; constants?: { wattsPerCore: number; formula: string } };
  meter: { samples: number; sampleCostMeanUs: number; overheadPercent: number };
  host: { cores: number; cpuModel: string };
}

export interface MeterOptions {
  /** sampling interval @default 250 */
  intervalMs?: number;
  /** watts per fully busy core for the estimate when no RAPL counter is readable @default 15 */
  wattsPerCore?: number;
  /** live tensor bytes (tf.memory().numBytes) @default () => 0 */
  tensorBytes?: () => number;
  /** NVML device index to watch; undefined = all; null = skip the GPU entirely @default undefined */
  gpuDevice?: number | null;
  /** powercap root, for tests @default '/sys/class/powercap' */
  powercapRoot?: string;
}

interface Acc {
  startWall: number;
  startCpu: NodeJS.CpuUsage;
  startRapl: number[];
  rssSum: number;
  rssPeak: number;
  heapPeak: number;
  tensorPeak: number;
  samples: number;
  gpu: GpuSample[][];
}

export class ResourceMeter {
  private readonly intervalMs: number;
  private readonly wattsPerCore: number;
  private readonly tensorBytes: () => number;
  private readonly rapl: RaplDomain[];
  private readonly cores = cpus().length;
  private readonly phases: Record<string, PhaseRecord> = {};
  private timer: NodeJS.Timeout | null = null;
  private current: { name: string; acc: Acc } | null = null;
  private whole: Acc | null = null;
  private sampleCostNs = 0n;
  private sampleCount = 0;
  private gpuSeen = false;
  /** false once nvidia-smi proved absent: spawning it every few samples cost ~45 ms each here */
  private gpuAvailable = true;
  private lastSampleAt = 0;

  constructor(private readonly opts: MeterOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 250;
    this.wattsPerCore = opts.wattsPerCore ?? 15;
    this.tensorBytes = opts.tensorBytes ?? (() => 0);
    this.rapl = findRaplDomains(opts.powercapRoot);
  }

  start(phase = 'run'): void {
    this.whole = this.openAcc();
    this.current = { name: phase, acc: this.openAcc() };
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    this.sample();
  }

  /**
   * Closes the running phase and opens `phase`. Called on every progress report (each epoch): the same
   * name again takes a sample when the interval has passed, because training blocks the event loop and
   * the timer alone would sample too rarely. Phase changes sample on both sides, so no phase is empty.
   */
  setPhase(phase: string): void {
    if (!this.current) return;
    if (this.current.name === phase) {
      if (performance.now() - this.lastSampleAt >= this.intervalMs) this.sample();
      return;
    }
    this.sample();
    this.closePhase();
    this.current = { name: phase, acc: this.openAcc() };
    this.sample();
  }

  stop(): ResourceRecord {
    if (!this.whole) throw new Error('ResourceMeter.stop() called before start()');
    if (this.timer) clearInterval(this.timer);
    this.sample();
    this.closePhase();
    const total = this.summarise(this.whole);
    const usesRapl = this.rapl.length > 0;
    const source: EnergySource = usesRapl
      ? this.gpuSeen
        ? 'rapl+nvml'
        : 'rapl'
      : this.gpuSeen
        ? 'estimate+nvml'
        : 'estimate';
    const sampleCostMeanUs = this.sampleCount ? Number(this.sampleCostNs / BigInt(this.sampleCount)) / 1000 : 0;
    return {
      intervalMs: this.intervalMs,
      phases: this.phases,
      total,
      energy: {
        joules: total.energyJ + (total.gpu?.energyJ ?? 0),
        source,
        ...(usesRapl ? {} : { constants: { wattsPerCore: this.wattsPerCore, formula: 'cpuSeconds × wattsPerCore' } }),
      },
      meter: {
        samples: this.sampleCount,
        sampleCostMeanUs,
        overheadPercent: total.wallMs > 0 ? (Number(this.sampleCostNs) / 1e6 / total.wallMs) * 100 : 0,
      },
      host: { cores: this.cores, cpuModel: cpus()[0]?.model ?? 'unknown' },
    };
  }

  private openAcc(): Acc {
    return {
      startWall: performance.now(),
      startCpu: process.cpuUsage(),
      startRapl: this.rapl.length ? readRapl(this.rapl) : [],
      rssSum: 0,
      rssPeak: 0,
      heapPeak: 0,
      tensorPeak: 0,
      samples: 0,
      gpu: [],
    };
  }

  private closePhase(): void {
    if (!this.current) return;
    const { name, acc } = this.current;
    const rec = this.summarise(acc);
    const prev = this.phases[name];
    this.phases[name] = prev ? mergeRecords(prev, rec, this.cores) : rec;
    this.current = null;
  }

  private sample(): void {
    const t0 = process.hrtime.bigint();
    const mem = process.memoryUsage();
    const tensors = this.tensorBytes();
    for (const acc of [this.whole, this.current?.acc]) {
      if (!acc) continue;
      acc.samples += 1;
      acc.rssSum += mem.rss;
      acc.rssPeak = Math.max(acc.rssPeak, mem.rss);
      acc.heapPeak = Math.max(acc.heapPeak, mem.heapUsed);
      acc.tensorPeak = Math.max(acc.tensorPeak, tensors);
    }
    if (this.opts.gpuDevice !== null && this.gpuAvailable && this.sampleCount % 4 === 0) this.sampleGpu();
    this.sampleCount += 1;
    this.lastSampleAt = performance.now();
    this.sampleCostNs += process.hrtime.bigint() - t0;
  }

  private sampleGpu(): void {
    const targets = [this.whole, this.current?.acc];
    void sampleGpus(this.opts.gpuDevice ?? undefined).then((gpus) => {
      if (!gpus) {
        if (!this.gpuSeen) this.gpuAvailable = false;
        return;
      }
      this.gpuSeen = true;
      for (const acc of targets) acc?.gpu.push(gpus);
    });
  }

  private summarise(acc: Acc): PhaseRecord {
    const wallMs = performance.now() - acc.startWall;
    const cpu = process.cpuUsage(acc.startCpu);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const energyJ = this.rapl.length
      ? raplJoules(this.rapl, acc.startRapl, readRapl(this.rapl))
      : (cpuMs / 1000) * this.wattsPerCore;
    const rec: PhaseRecord = {
      wallMs,
      cpuMs,
      cpuPercent: wallMs > 0 ? (cpuMs / wallMs) * 100 : 0,
      machinePercent: wallMs > 0 ? (cpuMs / wallMs / this.cores) * 100 : 0,
      rssPeakBytes: acc.rssPeak,
      rssMeanBytes: acc.samples ? acc.rssSum / acc.samples : 0,
      heapPeakBytes: acc.heapPeak,
      tensorPeakBytes: acc.tensorPeak,
      energyJ,
      samples: acc.samples,
    };
    if (acc.gpu.length) rec.gpu = summariseGpu(acc.gpu, wallMs);
    return rec;
  }
}

function summariseGpu(samples: GpuSample[][], wallMs: number): NonNullable<PhaseRecord['gpu']> {
  const power = samples.map((s) => s.reduce((a, g) => a + g.powerW, 0));
  const powerMeanW = power.reduce((a, b) => a + b, 0) / power.length;
  return {
    powerMeanW,
    memoryPeakMiB: Math.max(...samples.map((s) => s.reduce((a, g) => a + g.memoryUsedMiB, 0))),
    utilizationMeanPercent:
      samples.map((s) => s.reduce((a, g) => a + g.utilizationPercent, 0) / s.length).reduce((a, b) => a + b, 0) /
      samples.length,
    energyJ: (powerMeanW * wallMs) / 1000,
  };
}

/** A phase entered twice (train → evaluate → train) accumulates into one record. */
function mergeRecords(a: PhaseRecord, b: PhaseRecord, cores: number): PhaseRecord {
  const wallMs = a.wallMs + b.wallMs;
  const cpuMs = a.cpuMs + b.cpuMs;
  const samples = a.samples + b.samples;
  return {
    wallMs,
    cpuMs,
    cpuPercent: wallMs > 0 ? (cpuMs / wallMs) * 100 : 0,
    machinePercent: wallMs > 0 ? (cpuMs / wallMs / cores) * 100 : 0,
    rssPeakBytes: Math.max(a.rssPeakBytes, b.rssPeakBytes),
    rssMeanBytes: samples ? (a.rssMeanBytes * a.samples + b.rssMeanBytes * b.samples) / samples : 0,
    heapPeakBytes: Math.max(a.heapPeakBytes, b.heapPeakBytes),
    tensorPeakBytes: Math.max(a.tensorPeakBytes, b.tensorPeakBytes),
    energyJ: a.energyJ + b.energyJ,
    samples,
    ...(a.gpu || b.gpu ? { gpu: b.gpu ?? a.gpu } : {}),
  };
}
