/**
 * Detached service processes with pid files and log files in the state folder. Each service leads its
 * own process group, so stopping it reaches any children it forked; stopping escalates from SIGTERM
 * to SIGKILL so `down` never leaves a process behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SpawnedService {
  pid: number;
  logFile: string;
}

/** Starts `bin args…` in its own process group; stdout and stderr are appended to `logFile`. */
export function spawnDetached(
  bin: string,
  args: string[],
  opts: { cwd: string; logFile: string; pidFile: string },
): SpawnedService {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const fd = fs.openSync(opts.logFile, 'a');
  try {
    fs.writeSync(fd, `\n--- ${new Date().toISOString()} ${bin} ${args.join(' ')}\n`);
    const child = spawn(bin, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`could not spawn ${bin}`);
    child.unref();
    fs.writeFileSync(opts.pidFile, `${child.pid}\n`);
    return { pid: child.pid, logFile: opts.logFile };
  } finally {
    fs.closeSync(fd);
  }
}

export function readPidFile(pidFile: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

/** True while any member of the process group led by `pgid` exists (zombies excluded). */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombieLeaderAlone(pgid);
}

/** A reaped-late leader shows as state Z; if it is the only member the group is effectively gone. */
function isZombieLeaderAlone(pgid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pgid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    if (state !== 'Z') return false;
    return !fs
      .readdirSync('/proc')
      .some((entry) => /^\d+$/.test(entry) && entry !== String(pgid) && groupOf(entry) === pgid);
  } catch {
    return false;
  }
}

function groupOf(pid: string): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/**
 * True when `pid` is alive and runs `binary` (by basename of argv[0]). Guards pid files that outlived
 * their process (a reboot, a crash) from pointing `down` at an unrelated process group.
 * Where /proc is unreadable, the group's existence has to do.
 */
export function isServiceProcess(pid: number, binary: string): boolean {
  if (!isGroupAlive(pid)) return false;
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return !fs.existsSync('/proc/self');
  }
  const argv0 = cmdline.split('\0')[0] ?? '';
  return path.basename(argv0) === binary;
}

async function waitGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isGroupAlive(pgid)) return true;
    await sleep(100);
  }
  return !isGroupAlive(pgid);
}

/**
 * Stops a process group: SIGTERM, wait, then SIGKILL. Returns how it ended.
 * @param graceMs time allowed for a clean shutdown before SIGKILL @default 10000
 */
export async function stopGroup(pgid: number, graceMs = 10_000): Promise<'not-running' | 'terminated' | 'killed'> {
  if (!isGroupAlive(pgid)) return 'not-running';
  signalGroup(pgid, 'SIGTERM');
  if (await waitGone(pgid, graceMs)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  if (await waitGone(pgid, 5_000)) return 'killed';
  throw new Error(`process group ${pgid} survived SIGKILL`);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** The last non-empty line of a log, to say why a service died without sending the person digging. */
export function lastLogLine(logFile: string): string {
  try {
    const lines = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    return (lines[lines.length - 1] ?? '').slice(0, 300);
  } catch {
    return '';
  }
}
