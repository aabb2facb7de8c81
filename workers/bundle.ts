/**
 * The workflow bundle, built once per change of the workflow sources and cached under
 * `.cache/workflow-bundle/`: webpack-bundling takes seconds of CPU, and `--local` runs, tests and
 * restarted orchestrators would otherwise pay it every start.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const ROOT = resolve(__dirname, '..');
/** folders whose sources can end up in the workflow bundle */
const SOURCE_DIRS = ['workflows', 'sweep', 'activities', 'core'];

function sourceHash(): string {
  const h = createHash('sha256');
  for (const dir of SOURCE_DIRS) {
    const abs = join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs)
      .filter((n) => n.endsWith('.ts'))
      .sort())
      h.update(`${dir}/${f}\0`).update(readFileSync(join(abs, f)));
  }
  h.update(readFileSync(join(ROOT, 'node_modules/@temporalio/workflow/package.json')));
  return h.digest('hex').slice(0, 16);
}

/** @param cacheDir where bundles are kept @default `<repo>/.cache/workflow-bundle` */
export async function workflowBundle(cacheDir = join(ROOT, '.cache', 'workflow-bundle')): Promise<{ code: string }> {
  const file = join(cacheDir, `${sourceHash()}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const bundle: WorkflowBundleWithSourceMap = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: quietLogger(),
  });
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bundle.code);
  renameSync(tmp, file);
  return { code: bundle.code };
}

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}
