import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { InputError } from '../../../../src/core/errors.ts';
import type { CpuCardContents } from '../card.ts';
import { buildContents } from './build.ts';
import type { CpuCardProfile } from './types.ts';

/** Reads and validates a profile (or image) file; errors name the file and the field. */
export async function loadProfileFile(path: string, applicationNames?: ReadonlySet<string>): Promise<CpuCardContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(path, `cannot read the CPU card profile (${(error as Error).message})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return buildContents(json, path, applicationNames);
}

/** Writes through a temporary file and a rename, as the memory cards' images do, so a cut save never leaves half a card. */
export async function saveProfileFile(path: string, profile: CpuCardProfile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(profile, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new InputError(path, `cannot write the CPU card image (${(error as Error).message})`, { cause: error });
  }
}
