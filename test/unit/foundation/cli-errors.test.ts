/**
 * Bad input at the command line: each case must end in one line a person can act on and a non-zero
 * exit. The CLI runs as a real child process, as a person would run it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../../core/config';

function gnnc(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GNNC_')));
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'gnnc.js'), ...args], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  return lines[0];
}

const tmpState = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-cli-state-'));

test('gnnc dev up on a busy port fails with one line naming the port', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const run = gnnc(['dev', 'up', '--state-dir', tmpState(), '--temporal-port', String(port), '--port-base', '35100']);
    assert.notEqual(run.status, 0);
    assert.match(
      oneLine(run.stderr),
      new RegExp(`^gnnc: PortInUseError: port ${port} \\(temporal gRPC\\) is already in use`),
    );
  } finally {
    server.close();
  }
});

test('a missing service binary says to run npm run setup', () => {
  const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'gnnc-empty-path-'));
  const run = gnnc(['dev', 'up', '--state-dir', tmpState(), '--port-base', '35200'], {
    GNNC_VENV_DIR: path.join(emptyPath, 'no-venv'),
    PATH: emptyPath,
  });
  assert.notEqual(run.status, 0);
  assert.equal(
    oneLine(run.stderr),
    `gnnc: MissingBinaryError: 'temporal' not found in ${path.join(emptyPath, 'no-venv', 'bin')} or PATH; run \`npm run setup\``,
  );
});

test('a bad config value names the variable and the allowed values', () => {
  const run = gnnc(['dev', 'status'], { GNNC_STORE: 'x' });
  assert.notEqual(run.status, 0);
  assert.equal(oneLine(run.stderr), "gnnc: ConfigError: GNNC_STORE: 'x' is not one of file, s3");
  const doctor = gnnc(['doctor', '--json'], { GNNC_BACKEND: 'gpu' });
  assert.notEqual(doctor.status, 0);
  assert.equal(
    oneLine(doctor.stderr),
    "gnnc: ConfigError: GNNC_BACKEND: 'gpu' is not one of auto, tensorflow-gpu, tensorflow, wasm, cpu",
  );
});

test('a malformed port flag and an unstarted state folder are one-line errors too', () => {
  const badFlag = gnnc(['dev', 'up', '--port-base', 'abc', '--state-dir', tmpState()]);
  assert.notEqual(badFlag.status, 0);
  assert.equal(oneLine(badFlag.stderr), "gnnc: InvalidFlagError: --port-base: 'abc' is not a port (1-65535)");
  const state = tmpState();
  const status = gnnc(['dev', 'status', '--state-dir', state]);
  assert.notEqual(status.status, 0);
  assert.equal(
    oneLine(status.stderr),
    `gnnc: NotStartedError: no services were started with state folder ${state}; run \`gnnc dev up\` first`,
  );
});
