import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../core/clock.ts';
import { InputError } from '../../core/errors.ts';
import { AppendFile } from './append-file.ts';
import { bossLogger } from './logger.ts';
import { BOSS_LOG_NAMES, type BossLogName, type BossLogs } from './types.ts';

export interface BossLogOptions {
  readonly clock?: Clock;
  /** pino level name; `info` by default. */
  readonly level?: string;
}

/**
 * Opens `service.log`, `transactions.log` and `batch.log` in `dir` (created if missing), appending.
 * Writes are asynchronous and gathered per event-loop turn (append-file.ts); `close()` writes what is
 * gathered and closes the files.
 */
export function openBossLogs(dir: string, options: BossLogOptions = {}): BossLogs {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError('logDir', `cannot create the log directory ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const opened: AppendFile[] = [];
  try {
    for (const name of BOSS_LOG_NAMES) opened.push(new AppendFile(join(dir, `${name}.log`)));
  } catch (error) {
    for (const file of opened) void file.close();
    throw new InputError('logDir', `cannot open a log file in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const files = Object.fromEntries(BOSS_LOG_NAMES.map((name, i) => [name, opened[i]!])) as Record<BossLogName, AppendFile>;
  const logger = (name: BossLogName) => bossLogger(files[name], options.clock ?? systemClock, options.level);
  return {
    service: logger('service'),
    transactions: logger('transactions'),
    batch: logger('batch'),
    close: async () => {
      await Promise.all(BOSS_LOG_NAMES.map((name) => files[name].close()));
    },
  };
}
