/**
 * Training speed of the quantisation methods on GIN: ms per training epoch (validation pass included)
 * of fp32, QAT and Degree-Quant at INT4/INT8, each a real cell through the same runner `gnnc train`
 * uses, timed between its progress reports after a warm-up epoch. Prints figures and ratios to fp32;
 * never fails on time.
 *
 * Run: [GNNC_WASM_THREADS=2] npx tsx bench/quant-speed.ts [epochs=4] [dataset=proteins] [methods=fp32,qat-int8,qat-int4,dq-int8,dq-int4]
 */
import { runCellWith } from '../gnn/cell';
import type { CellSpec, MethodSpec } from '../gnn/types';

const EPOCHS = Number(process.argv[2] ?? 4);
const DATASET = process.argv[3] ?? 'proteins';
const KEYS = (process.argv[4] ?? 'fp32,qat-int8,qat-int4,dq-int8,dq-int4').split(',');
const METHODS: Record<string, MethodSpec> = {
  fp32: { name: 'fp32' },
  'qat-int8': { name: 'qat', bits: 8, mode: 'ste-mom' },
  'qat-int4': { name: 'qat', bits: 4, mode: 'ste-mom' },
  'dq-int8': { name: 'dq', bits: 8, mode: 'gc-per' },
  'dq-int4': { name: 'dq', bits: 4, mode: 'gc-per' },
};

async function epochTimes(method: MethodSpec): Promise<number[]> {
  const marks: number[] = [];
  const spec: CellSpec = {
    model: 'gin',
    dataset: DATASET,
    task: 'graph',
    seed: 0,
    preset: 'default',
    overrides: { epochs: EPOCHS + 1, patience: 0 },
    method,
  };
  const onProgress = (p: { phase: string; epoch: number }) => {
    if (p.phase === 'train' && p.epoch > 0) marks.push(performance.now());
  };
  await runCellWith(spec, null, { signal: new AbortController().signal, onProgress }, { backend: 'wasm' });
  // marks[i] = end of epoch i + 1; the first epoch is the warm-up
  return marks.slice(1).map((t, i) => t - marks[i]!);
}

async function main(): Promise<void> {
  console.log(`gin/${DATASET}, wasm, ${EPOCHS} timed epochs after 1 warm-up (validation pass included)`);
  let fp32 = NaN;
  for (const key of KEYS) {
    const method = METHODS[key];
    if (!method) throw new Error(`unknown method '${key}'; choose among ${Object.keys(METHODS).join(', ')}`);
    const t = await epochTimes(method);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    if (key === 'fp32') fp32 = mean;
    const ratio = Number.isFinite(fp32) ? `  ${(mean / fp32).toFixed(2)}× fp32` : '';
    console.log(
      `${key.padEnd(9)} epoch ${mean.toFixed(0).padStart(5)} ms mean (${t.map((x) => x.toFixed(0)).join(', ')})${ratio}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
