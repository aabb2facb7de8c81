/** Where the `temporal` CLI (dev server) is: GNNC_TEMPORAL_BIN, else the project venv, else PATH. */
import { resolve } from 'node:path';
import { locateBinary } from '../infra/launcher/binaries';
import { InvalidInputError } from '../core/errors';

export function temporalBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GNNC_TEMPORAL_BIN) return env.GNNC_TEMPORAL_BIN;
  const found = locateBinary('temporal', env.GNNC_VENV_DIR ?? resolve(__dirname, '..', '.venv'));
  if (!found)
    throw new InvalidInputError(
      'temporal CLI not found in ./.venv/bin or PATH; run `npm run setup` or set GNNC_TEMPORAL_BIN',
      'GNNC_TEMPORAL_BIN',
    );
  return found;
}
