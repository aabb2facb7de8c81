/**
 * The bodies of `gnnc sweep plan|start|status|pause|resume|cancel|results` (cli/commands/sweep.ts
 * registers them and requires this module lazily). Output: text or JSON on stdout, progress on stderr.
 */
import { Client, Connection } from '@temporalio/client';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type GnncConfig } from '../core/config';
import { InvalidInputError } from '../core/errors';
import { openStore } from '../store/open-store';
import type { ObjectStore } from '../store/object-store';
import { logger } from '../telemetry/logger';
import { studyCatalog } from '../sweep/catalog';
import { parseSpecText } from '../sweep/parse';
import { planSweep } from '../sweep/plan';
import { sweepWorkflowId, type SweepPlan } from '../sweep/plan-types';
import type { SweepSpec } from '../sweep/spec-schema';
import { formatPlanSummary, summarizePlan } from '../sweep/summary';
import { cancelSignal, pauseSignal, progressQuery, resumeSignal, type SweepProgress } from '../workflows/definitions';
import { runLocal } from './local-run';
import { collectResults, toCsv } from './results';
import { looksLikeSpecFile, planFromFile } from './spec-file';
import { followSweep, formatBreakdown, formatProgress, readPlan, recordPlan, startOrAttach } from './sweep-client';

const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/** The spec's `store` (when given) wins over the environment's store for this command. */
function configFor(spec: SweepSpec | undefined): GnncConfig {
  const config = loadConfig();
  const s = spec?.store;
  if (!s) return config;
  if (s.kind === 'file') return { ...config, store: { kind: 'file', dir: resolve(s.path) } };
  if (!config.s3 && !s.endpoint)
    throw new InvalidInputError(
      'an s3 store needs an endpoint (spec store.endpoint or GNNC_S3_ENDPOINT)',
      'store.endpoint',
    );
  const s3 = {
    accessKeyId: config.s3?.accessKeyId ?? '',
    secretAccessKey: config.s3?.secretAccessKey ?? '',
    bucket: s.bucket,
    endpoint: s.endpoint ?? config.s3!.endpoint,
    prefix: s.prefix ?? config.s3?.prefix ?? '',
    region: s.region ?? config.s3?.region ?? 'us-east-1',
  };
  return { ...config, store: { ...config.store, kind: 's3' }, s3 };
}

export async function planCommand(file: string, flags: { json?: boolean; names?: string }): Promise<void> {
  let plan: SweepPlan;
  if (flags.names === 'study') plan = planSweep(parseSpecText(readFileSync(file, 'utf8'), file), studyCatalog(), file);
  else plan = (await planFromFile(file)).plan;
  const summary = summarizePlan(plan);
  out(flags.json ? JSON.stringify(summary, null, 2) : formatPlanSummary(summary));
}

async function connectClient(config: GnncConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

function progressPrinter(): (p: SweepProgress) => void {
  let last = '';
  return (p) => {
    const line = formatProgress(p);
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}

export async function startCommand(
  file: string,
  flags: { local?: boolean; json?: boolean; detach?: boolean; slots?: string },
): Promise<void> {
  const { spec, plan } = await planFromFile(file);
  const config = configFor(spec);
  const store = await openStore(config);
  const started = Date.now();
  process.stderr.write(
    `sweep ${plan.name}: ${plan.cells} cells in ${plan.groups.length} groups, plan ${plan.planHash.slice(0, 12)}, store ${store.describe()}\n`,
  );
  if (flags.local) {
    const slots = flags.slots ? Number(flags.slots) : 1;
    if (!Number.isInteger(slots) || slots < 1)
      throw new InvalidInputError(`'${flags.slots}' is not an integer ≥ 1`, '--slots');
    // one process does everything here: per-cell logs and the SDK's expected "workflow task took over 5 s"
    // warnings (training shares the thread) would bury the progress bar; GNNC_LOG_LEVEL brings them back
    const log = process.env.GNNC_LOG_LEVEL ? logger() : logger().child({}, { level: 'error' });
    const summary = await runLocal(plan, { config, store, log, slots, onProgress: progressPrinter() });
    return printSummary({ ...summary, wallSeconds: (Date.now() - started) / 1000 }, flags.json);
  }
  const client = await connectClient(config);
  await recordPlan(store, plan);
  const { handle, attached } = await startOrAttach(client, plan);
  process.stderr.write(`${attached ? 'attached to running' : 'started'} workflow ${handle.workflowId}\n`);
  if (flags.detach)
    return out(flags.json ? JSON.stringify({ workflowId: handle.workflowId, attached }) : handle.workflowId);
  const summary = await followSweep(handle, progressPrinter());
  printSummary({ ...summary, workflowId: handle.workflowId, wallSeconds: (Date.now() - started) / 1000 }, flags.json);
}

function printSummary(s: Record<string, unknown> & { failed: number }, json?: boolean): void {
  if (json) return out(JSON.stringify(s));
  const { failures, ...rest } = s as { failures?: { cellId: string; error: string }[] };
  out(
    Object.entries(rest)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('\n'),
  );
  for (const f of failures ?? []) out(`failed ${f.cellId.slice(0, 12)}: ${f.error}`);
  if (s.failed > 0) process.exitCode = 2;
}

async function locate(arg: string): Promise<{ plan: SweepPlan; store: ObjectStore; config: GnncConfig }> {
  if (looksLikeSpecFile(arg)) {
    const { spec, plan } = await planFromFile(arg);
    const config = configFor(spec);
    return { plan, config, store: await openStore(config) };
  }
  const config = configFor(undefined);
  const store = await openStore(config);
  return { plan: await readPlan(store, arg), store, config };
}

export async function statusCommand(arg: string, flags: { json?: boolean }): Promise<void> {
  const { plan, config } = await locate(arg);
  const client = await connectClient(config);
  const handle = client.workflow.getHandle(sweepWorkflowId(plan));
  const desc = await handle.describe();
  const p = await handle.query(progressQuery);
  if (flags.json)
    return out(JSON.stringify({ workflowId: handle.workflowId, status: desc.status.name, ...p }, null, 2));
  out(`${handle.workflowId}  ${desc.status.name}\n${formatProgress(p)}\n${formatBreakdown(p)}`);
}

export async function signalCommand(arg: string, which: 'pause' | 'resume' | 'cancel'): Promise<void> {
  const { plan, config } = await locate(arg);
  const client = await connectClient(config);
  const handle = client.workflow.getHandle(sweepWorkflowId(plan));
  await handle.signal({ pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal }[which]);
  out(`${which} sent to ${handle.workflowId}`);
}

export async function resultsCommand(arg: string, flags: { format: string; out?: string }): Promise<void> {
  if (flags.format !== 'csv' && flags.format !== 'json')
    throw new InvalidInputError(`'${flags.format}' is not one of csv, json`, '--format');
  const { plan, store } = await locate(arg);
  const rows = await collectResults(store, plan);
  const text = flags.format === 'csv' ? toCsv(rows) : JSON.stringify(rows, null, 2) + '\n';
  if (flags.out) writeFileSync(flags.out, text);
  else process.stdout.write(text);
  process.stderr.write(`${rows.filter((r) => r.status === 'done').length}/${rows.length} cells have results\n`);
}
