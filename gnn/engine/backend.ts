/**
 * TensorFlow.js backend selection. The order is fastest-first: native TensorFlow with CUDA, native
 * TensorFlow on CPU, WebAssembly (ships in the npm package, works everywhere), plain JS. The two
 * tfjs-node packages download libtensorflow at install time, so they are optional and usually absent;
 * a probe reports why each one did not load instead of failing the worker.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors';
import { logger } from '../../telemetry/logger';
import { registerEngineKernels } from './kernels';
import { loadSimdKernels } from './simd';
import { prepareWasmThreads, wasmThreads, wasmThreadsInUse } from './wasm-threads';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  error?: string;
}

/** Fastest first; `initBackend` takes the first that loads. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

const backendNameSchema = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);

/** The tfjs backend name each of ours registers under (both tfjs-node packages register 'tensorflow'). */
const TF_NAME: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

let gpuLoaded = false;
let wasmInitStarted = false;
let chosen: { name: BackendName; tried: BackendProbe[] } | undefined;

/**
 * Throws unless a tfjs-node package has its native addon. Checked before require because a failed
 * require leaves half the package registered (hundreds of "kernel already registered" warnings later).
 */
function checkNativeAddon(pkg: string): void {
  const root = isAbsolute(pkg) ? pkg : dirname(require.resolve(`${pkg}/package.json`));
  const lib = join(root, 'lib');
  const found =
    existsSync(lib) &&
    readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')));
  if (!found)
    throw new Error(
      `${pkg} has no native addon (${lib}/napi-v*/tfjs_binding.node): its install script, which downloads libtensorflow, did not run`,
    );
}

/**
 * Where `tensorflow` loads from: env GNNC_TFJS_NODE_DIR (an absolute path to a tfjs-node package whose
 * addon was built locally, e.g. against the libtensorflow_cc.so.2 of PyPI's tensorflow-cpu wheel; its
 * @tensorflow/* dependencies must resolve to this project's copies) or the installed package.
 * @default '@tensorflow/tfjs-node'
 */
function tfjsNodePackage(): string {
  const dir = process.env.GNNC_TFJS_NODE_DIR;
  if (dir === undefined || dir === '') return '@tensorflow/tfjs-node';
  if (!isAbsolute(dir)) throw new InvalidInputError(`must be an absolute path, got '${dir}'`, 'GNNC_TFJS_NODE_DIR');
  return dir;
}

/** Loads the package that registers a backend; throws when it cannot (missing native addon, …). */
async function loadPackage(name: BackendName): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
      checkNativeAddon('@tensorflow/tfjs-node-gpu');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-node-gpu');
      gpuLoaded = true;
      return;
    case 'tensorflow': {
      const pkg = tfjsNodePackage();
      checkNativeAddon(pkg);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(pkg);
      return;
    }
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      return;
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 300);
}

/** Loads and initialises one backend, making it current; reports instead of throwing. */
async function tryBackend(name: BackendName): Promise<BackendProbe> {
  let finish: ((backend?: tf.KernelBackend) => void) | undefined;
  try {
    await loadPackage(name);
    if (name === 'wasm' && !wasmInitStarted) {
      // the thread count is read by the module's initialisation, which happens once per process
      wasmInitStarted = true;
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      finish = prepareWasmThreads(wasmThreads(), wasm.setThreadsCount);
    }
    const ok = await tf.setBackend(TF_NAME[name]);
    finish?.(ok ? tf.backend() : undefined);
    finish = undefined;
    if (!ok) return { name, available: false, error: `tf.setBackend('${TF_NAME[name]}') returned false` };
    await tf.ready();
    return { name, available: true };
  } catch (err) {
    finish?.();
    return { name, available: false, error: message(err) };
  }
}

/**
 * Tries to load every backend, without changing the current one (it is restored afterwards).
 * Used by `gnnc doctor`-style reports and by tests that run each case on every backend.
 */
export async function probeBackends(): Promise<BackendProbe[]> {
  const before = tf.engine().backendName;
  const out: BackendProbe[] = [];
  for (const name of BACKEND_ORDER) out.push(await tryBackend(name));
  if (before) await tf.setBackend(before);
  return out;
}

function parsePreferred(preferred?: BackendName): BackendName | undefined {
  const raw = preferred ?? process.env.GNNC_BACKEND;
  if (raw === undefined || raw === '') return undefined;
  const parsed = backendNameSchema.safeParse(raw);
  if (!parsed.success)
    throw new InvalidInputError(`unknown backend '${raw}'; choose one of ${BACKEND_ORDER.join(', ')}`, 'GNNC_BACKEND');
  return parsed.data;
}

/**
 * Picks the backend for this process: `preferred` (else env GNNC_BACKEND) first, then the backends
 * after it in BACKEND_ORDER; the first that loads wins. Registers the engine's kernels on it.
 * Idempotent: a second call with the same preference returns the first result.
 */
export async function initBackend(preferred?: BackendName): Promise<{ name: BackendName; tried: BackendProbe[] }> {
  const first = parsePreferred(preferred);
  wasmThreads(); // a bad GNNC_WASM_THREADS is the person's error, not a reason to fall back to cpu
  if (chosen && (first === undefined || first === chosen.name) && tf.engine().backendName === TF_NAME[chosen.name])
    return chosen;
  const start = first === undefined ? 0 : BACKEND_ORDER.indexOf(first);
  const tried: BackendProbe[] = [];
  for (const name of BACKEND_ORDER.slice(start)) {
    const probe = await tryBackend(name);
    tried.push(probe);
    if (!probe.available) continue;
    registerEngineKernels();
    if (name === 'wasm') await loadSimd();
    chosen = { name, tried };
    const log = logger().child({ room: 'engine' });
    if (first !== undefined && name !== first)
      log.warn({ backend: name, preferred: first, tried }, 'preferred backend unavailable; fell back');
    else
      log.info(
        { backend: name, tried, ...(name === 'wasm' ? { threads: wasmThreadsInUse() } : {}) },
        'tfjs backend selected',
      );
    return chosen;
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`);
}

/** The SIMD kernels for wasm; without them the JS kernels run (slower, same results to rounding). */
async function loadSimd(): Promise<void> {
  try {
    await loadSimdKernels(tf.backend());
  } catch (err) {
    logger()
      .child({ room: 'engine' })
      .warn({ err: message(err) }, 'wasm SIMD kernels did not load; the JS kernels run instead');
  }
}

/** The backend tensors are on now (follows tf.setBackend, so tests that switch backends see it). */
export function currentBackend(): BackendName {
  const name = tf.getBackend();
  if (name === 'tensorflow') return gpuLoaded ? 'tensorflow-gpu' : 'tensorflow';
  if (name === 'wasm' || name === 'cpu') return name;
  throw new Error(`unexpected tfjs backend '${name}'`);
}
