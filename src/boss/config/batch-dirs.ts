import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import type { BossConfig } from './types.ts';

/** The BOSS's own batch directories, absolute. */
export interface BatchDirs {
  readonly reportsDir: string;
  readonly archiveDir: string;
}

/**
 * Where the BOSS keeps reconciliation reports and the files it took out of `in/`: the keys given,
 * else `reports/` and `archive/` beside the ledger file. A directory inside the FTP root is refused,
 * naming the key: a bank could be shown it. [bank-interface §7; docs/boss/files.md]
 */
export function batchDirs(config: Pick<BossConfig, 'db' | 'reportsDir' | 'archiveDir'> & { readonly ftp: Pick<BossConfig['ftp'], 'root'> }): BatchDirs {
  const beside = dirname(resolve(config.db));
  const dirs = {
    reportsDir: resolve(config.reportsDir ?? join(beside, 'reports')),
    archiveDir: resolve(config.archiveDir ?? join(beside, 'archive')),
  };
  const root = resolve(config.ftp.root);
  for (const [key, dir] of Object.entries(dirs)) {
    const rel = relative(root, dir);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      const why = config[key as keyof BatchDirs] === null ? ' (the default, beside the ledger file: set it, or keep the ledger out of the FTP root)' : '';
      throw new InputError(key, `${dir} is inside the FTP root ${root}, where a bank could see it${why}`);
    }
  }
  return dirs;
}
