/** The list of gnnc commands; each module owns one command (and its subcommands). */
import type { Command } from 'commander';
import { registerDataCommand } from './data';
import { registerDevCommand } from './dev';
import { registerDoctorCommand } from './doctor';
import { registerReportCommand } from './report';
import { registerSweepCommand } from './sweep';
import { registerTrainCommand } from './train';
import { registerWorkerCommand } from './worker';

export function registerCommands(program: Command): void {
  registerDoctorCommand(program);
  registerDevCommand(program);
  registerDataCommand(program);
  registerTrainCommand(program);
  registerSweepCommand(program);
  registerWorkerCommand(program);
  registerReportCommand(program);
}
