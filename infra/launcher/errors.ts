/** Launcher failures; each message is one line that says what to do next. */

/** Thrown when a port the launcher needs is already bound by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly purpose: string,
  ) {
    super(`port ${port} (${purpose}) is already in use; stop what holds it or choose other ports (--port-base)`);
  }
}

/** Thrown when `temporal`, `weed` or `prometheus` is in neither ./.venv/bin nor PATH. */
export class MissingBinaryError extends Error {
  override readonly name = 'MissingBinaryError';
  constructor(
    readonly binary: string,
    readonly searched: string[],
  ) {
    super(`'${binary}' not found in ${searched.join(' or ')}; run \`npm run setup\``);
  }
}

/** Thrown when a service process exits or never becomes ready during start-up. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly service: string,
    readonly detail: string,
    readonly logFile: string,
  ) {
    super(`${service} did not start: ${detail} (log: ${logFile})`);
  }
}

/** Thrown when status/down/env find no launcher state in the state folder. */
export class NotStartedError extends Error {
  override readonly name = 'NotStartedError';
  constructor(readonly stateDir: string) {
    super(`no services were started with state folder ${stateDir}; run \`gnnc dev up\` first`);
  }
}
