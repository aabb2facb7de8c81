import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  isGroupAlive,
  isServiceProcess,
  lastLogLine,
  readPidFile,
  spawnDetached,
  stopGroup,
} from '../../../infra/launcher/processes';

function pidsInGroup(pgid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[0] !== 'Z' && Number(fields[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

test('a detached service and the children it forks all stop on SIGTERM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-proc-'));
  const opts = { cwd: dir, logFile: path.join(dir, 'logs', 'svc.log'), pidFile: path.join(dir, 'svc.pid') };
  const { pid } = spawnDetached('/bin/sh', ['-c', 'echo started; sleep 60 & sleep 60 & wait'], opts);
  assert.equal(readPidFile(opts.pidFile), pid);
  for (let i = 0; i < 50 && pidsInGroup(pid).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(pidsInGroup(pid).length >= 3, 'shell and both children run in the group');
  assert.equal(isGroupAlive(pid), true);
  assert.equal(await stopGroup(pid), 'terminated');
  assert.equal(isGroupAlive(pid), false);
  assert.deepEqual(pidsInGroup(pid), []);
  assert.equal(lastLogLine(opts.logFile), 'started');
  assert.equal(await stopGroup(pid), 'not-running');
});

test('a process that ignores SIGTERM is killed after the grace period', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-proc-'));
  const opts = { cwd: dir, logFile: path.join(dir, 'svc.log'), pidFile: path.join(dir, 'svc.pid') };
  const { pid } = spawnDetached('/bin/sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], opts);
  for (let i = 0; i < 50 && lastLogLine(opts.logFile) !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await stopGroup(pid, 300), 'killed');
  assert.deepEqual(pidsInGroup(pid), []);
});

test('a pid file is trusted only while its process runs the expected binary', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-proc-'));
  const opts = { cwd: dir, logFile: path.join(dir, 'svc.log'), pidFile: path.join(dir, 'svc.pid') };
  const { pid } = spawnDetached('/bin/sleep', ['60'], opts);
  assert.equal(isServiceProcess(pid, 'sleep'), true);
  assert.equal(isServiceProcess(pid, 'temporal'), false, 'a reused pid running something else is not ours');
  assert.equal(isServiceProcess(process.pid, 'weed'), false);
  await stopGroup(pid);
  assert.equal(isServiceProcess(pid, 'sleep'), false);
});
