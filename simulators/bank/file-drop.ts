import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Profile } from '../../src/boss/profile/types.ts';
import { flagNameFor } from '../../src/boss/codec/daily-file.ts';
import { InputError } from '../../src/core/errors.ts';
import type { NamedFile } from './daily-files.ts';

/** Where the bank puts files for the BOSS: the FTP server, or a local directory. */
export interface FileDrop {
  /** Writes `bytes` at `path` (relative, `/`-separated, e.g. `in/XJMX20261123.TXT`). */
  put(path: string, bytes: Uint8Array): Promise<void>;
}

/** The bank's upload directory on the BOSS FTP server. [bank-interface §7] */
export const IN_DIR = 'in';
/** The BOSS's download directory for the bank. [§7] */
export const OUT_DIR = 'out';

/**
 * The ordinary delivery of §7: the file into `in/`, then its flag (the name plus `.OK`, empty) beside
 * it, so that the BOSS sees the file only once it is whole. Returns the paths written, in order.
 */
export async function deliverFile(drop: FileDrop, profile: Profile, file: NamedFile, dir = IN_DIR): Promise<string[]> {
  const path = `${dir}/${file.name}`;
  const flag = `${dir}/${flagNameFor(profile, file.name)}`;
  await drop.put(path, file.bytes);
  await drop.put(flag, new Uint8Array(0));
  return [path, flag];
}

/** A FileDrop on a local directory (for `stbpay bank day --out DIR` and tests without FTP). */
export function directoryDrop(root: string): FileDrop {
  return {
    async put(path, bytes) {
      const target = join(root, path);
      const inside = relative(root, target);
      if (inside.startsWith('..') || isAbsolute(inside)) throw new InputError('path', `"${path}" leaves ${root}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    },
  };
}
