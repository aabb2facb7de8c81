/**
 * `gnnc sweep plan|start|status|pause|resume|cancel|results`. A sweep is named by its spec file or,
 * once started, by its name (the plan is kept in the store). Bodies live in workers/sweep-cli.ts and
 * load inside each action, so `gnnc --help` stays instant.
 */
import type { Command } from 'commander';

type Cli = typeof import('../../workers/sweep-cli');

/** require, not import(): bin/gnnc.js registers tsx's CommonJS hook only. */
function cli(): Cli {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../workers/sweep-cli') as Cli;
}

export function registerSweepCommand(program: Command): void {
  const sweep = program.command('sweep').description('plan, run and follow sweeps (durable Temporal workflows)');
  sweep
    .command('plan <spec>')
    .description('validate a spec and print its size per dimension')
    .option('--json', 'machine-readable output')
    .option('--names <source>', "check names against 'lab' registries or the 'study' list", 'lab')
    .action((spec: string, flags: { json?: boolean; names?: string }) => cli().planCommand(spec, flags));
  sweep
    .command('start <spec>')
    .description('start (or attach to) the sweep and follow it to the end')
    .option('--local', 'embedded Temporal dev server + orchestrator + compute worker in this process')
    .option('--slots <n>', 'with --local: cells trained at once', '1')
    .option('--detach', 'start and return the workflow id without waiting')
    .option('--json', 'print the final summary as one JSON object')
    .action((spec: string, flags: { local?: boolean; json?: boolean; detach?: boolean; slots?: string }) =>
      cli().startCommand(spec, flags),
    );
  sweep
    .command('status <sweep>')
    .description('progress bar and counts by model, dataset and method')
    .option('--json', 'machine-readable output')
    .action((arg: string, flags: { json?: boolean }) => cli().statusCommand(arg, flags));
  for (const which of ['pause', 'resume', 'cancel'] as const) {
    const what = {
      pause: 'start no new groups or cells',
      resume: 'continue a paused sweep',
      cancel: 'stop the sweep, cancelling running cells',
    }[which];
    sweep
      .command(`${which} <sweep>`)
      .description(what)
      .action((arg: string) => cli().signalCommand(arg, which));
  }
  sweep
    .command('results <sweep>')
    .description("every planned cell's stored result")
    .option('--format <format>', 'csv | json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((arg: string, flags: { format: string; out?: string }) => cli().resultsCommand(arg, flags));
}
