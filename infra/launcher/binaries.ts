/**
 * Finds the service binaries: the project's ./.venv/bin first (what `npm run setup` installs), then
 * PATH, so a pinned project copy wins over whatever the machine happens to have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MissingBinaryError } from './errors';

export type BinaryName = 'temporal' | 'weed' | 'prometheus';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * @param venvDir the project venv @default GNNC_VENV_DIR or `<repo>/.venv`
 * @param searchPath directories to try after the venv @default process.env.PATH
 * @returns the absolute path, or null when the binary is nowhere
 */
export function locateBinary(name: BinaryName, venvDir: string, searchPath = process.env.PATH ?? ''): string | null {
  const dirs = [path.join(venvDir, 'bin'), ...searchPath.split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = path.resolve(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Like locateBinary, but a miss is a MissingBinaryError telling the person to run setup. */
export function requireBinary(name: BinaryName, venvDir: string, searchPath = process.env.PATH ?? ''): string {
  const found = locateBinary(name, venvDir, searchPath);
  if (!found) throw new MissingBinaryError(name, [path.join(venvDir, 'bin'), 'PATH']);
  return found;
}
