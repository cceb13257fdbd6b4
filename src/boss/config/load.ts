import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { DEFAULT_BOSS_CONFIG, type BossConfig } from './types.ts';
import { validateBossConfig } from './validate.ts';

/**
 * The BOSS config: the defaults when no file is given, else the file's keys over the defaults.
 * Throws InputError naming the key and the bad value, or the file when it cannot be read or parsed.
 */
export function loadBossConfig(file?: string): BossConfig {
  if (file === undefined) return DEFAULT_BOSS_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError('--config', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError('--config', `${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateBossConfig(document, { source: file, baseDir: dirname(resolve(file)) });
}
