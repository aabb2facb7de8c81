/**
 * The `gnnc` command line. Each command lives in cli/commands/<name>.ts and registers itself; heavy
 * modules (TensorFlow.js, Temporal) are imported inside actions so `gnnc --help` stays instant.
 */
import { Command } from 'commander';
import { registerCommands } from './commands';
import { reportCliError } from './errors';
import { version } from '../package.json';

const program = new Command();
program
  .name('gnnc')
  .description('Compression studies of graph neural networks as durable, distributed sweeps')
  .showHelpAfterError()
  .version(version);

registerCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  reportCliError(err);
});
