/**
 * The wasm backend's threaded build in Node. tfjs 4.22 ships `tfjs-backend-wasm-threaded-simd.wasm`
 * (XNNPACK with a pthread pool) but never picks it in Node, for three reasons this module works around
 * while the backend initialises, and only then:
 *
 * 1. `WASM_HAS_MULTITHREAD_SUPPORT` is hard-wired false under Node (tfjs issue 3830): we set the flag.
 * 2. It hands Emscripten the pthread worker script as a `blob:` URL, which Node's `worker_threads`
 *    cannot load. We write that script to a file (once per content, in the OS temp folder) and answer
 *    the one `URL.createObjectURL` call for it with the file's path. The script then loads the main
 *    Emscripten glue through another object URL; its first line points that one at the package's own
 *    `wasm-out/tfjs-backend-wasm-threaded-simd.js` (the same glue the bundle embeds).
 * 3. The backend caps its pool at half of `emscripten_num_logical_cores()` (it assumes two hyper-threads
 *    per core), which in Node is `os.cpus().length`: one thread on a 2-core machine. `os.cpus` reports
 *    twice the wanted thread count while the module's static initialisers run.
 *
 * Afterwards the pool's workers are `unref`'d, or their blocked threads would keep every process alive
 * after its work is done. Matrix products split over the pool (a [5000, 64]·[64, 64] product: 1.48 →
 * 0.73 ms with 2 threads on a 2-core machine); the engine's own kernels stay on the calling thread.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../core/errors';
import { tempCachePath, writeFileAtomic } from './temp-cache';

const GLUE = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const WORKER = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
/** Emscripten pre-creates this many pthread workers in tfjs's build; its pool can use no more. */
const MAX_THREADS = 8;

/**
 * Threads for the wasm backend: env GNNC_WASM_THREADS (1–8); 1 keeps the single-threaded build. Not
 * the core count by default: every XNNPACK op then wakes the pool, which costs more than it saves on
 * small graphs (2 cores, 1 → 2 threads: GIN/PROTEINS 437–479 → 346–399 ms per epoch, but spline/Cora
 * 18 → 28 ms), and the process burns more CPU time for the same work.
 * @default 1
 */
export function wasmThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GNNC_WASM_THREADS;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS)
    throw new InvalidInputError(`must be an integer from 1 to ${MAX_THREADS}, got '${raw}'`, 'GNNC_WASM_THREADS');
  return n;
}

/** Writes the pthread worker script (with the line that points it at the glue file) once per content. */
function workerScriptFile(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { wasmWorkerContents } = require(WORKER) as { wasmWorkerContents: string };
  // the contents hold "\n" inside string literals; tfjs escapes them the same way before making its Blob
  const body =
    `URL.createObjectURL = () => ${JSON.stringify(require.resolve(GLUE))}; URL.revokeObjectURL = () => {};\n` +
    wasmWorkerContents.replace(/\n/g, '\\n');
  const file = tempCachePath('gnnc-wasm-worker', body, '.js');
  if (!existsSync(file)) writeFileAtomic(file, body);
  return file;
}

/** Threads XNNPACK runs on in the wasm backend now: 1 for the single-threaded build or another backend. */
export function wasmThreadsInUse(): number {
  if (tf.getBackend() !== 'wasm') return 1;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  return Math.max(1, wasm.getThreadsCount());
}

interface ThreadedModule {
  PThread?: { runningWorkers: { unref(): void }[] };
}

/**
 * Call after importing `@tensorflow/tfjs-backend-wasm` and before `tf.setBackend('wasm')`; call the
 * returned function once the backend is ready (or failed). With `threads` = 1 it changes nothing.
 */
export function prepareWasmThreads(
  threads: number,
  setThreadsCount: (n: number) => void,
): (backend?: tf.KernelBackend) => void {
  if (threads <= 1) return () => undefined;
  const file = workerScriptFile();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const createObjectURL = URL.createObjectURL.bind(URL);
  const cpus = os.cpus;
  URL.createObjectURL = (obj: Blob) => (obj.type === 'application/javascript' ? file : createObjectURL(obj));
  os.cpus = () => {
    const one = cpus()[0];
    return Array.from({ length: 2 * threads }, () => one);
  };
  return (backend) => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    const module = (backend as unknown as { wasm?: ThreadedModule } | undefined)?.wasm;
    for (const w of module?.PThread?.runningWorkers ?? []) w.unref();
  };
}
