/**
 * Chooses the store from configuration: the file store unless GNNC_STORE=s3. The S3 SDK is loaded
 * only when it is used, so file-store users (and `gnnc --help`) do not pay for it.
 */
import type { GnncConfig } from '../core/config';
import { ConfigError } from '../core/config';
import { FileStore } from './file-store';
import type { ObjectStore } from './object-store';

export async function openStore(config: Pick<GnncConfig, 'store' | 's3'>): Promise<ObjectStore> {
  if (config.store.kind === 'file') return new FileStore(config.store.dir);
  if (!config.s3) throw new ConfigError('GNNC_S3_ENDPOINT', "required when GNNC_STORE is 's3'");
  // require, not import(): under tsx's CommonJS hook import() cannot load a .ts path
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3Store } = require('./s3-store') as typeof import('./s3-store');
  return new S3Store(config.s3);
}
