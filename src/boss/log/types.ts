import type { Logger } from 'pino';

/**
 * The BOSS interface's three JSON-line logs, one file each. [brief: fixed decisions, logs]
 * - `service`: start/stop, connections, allow-list refusals, timeouts, framing and socket errors;
 * - `transactions`: one line per answer sent (or meant to be sent);
 * - `batch`: FTP files seen/posted/rejected, reconciliations, exception decisions.
 * Every line carries `time` (ISO 8601), `level` (a name: info, warn, error) and `event`.
 * Fields of each line: docs/boss/server.md.
 */
export interface BossLogs {
  readonly service: Logger;
  readonly transactions: Logger;
  readonly batch: Logger;
  /** Flushes and closes the files; lines logged afterwards are dropped, never thrown. */
  close(): Promise<void>;
}

export type BossLogName = 'service' | 'transactions' | 'batch';

export const BOSS_LOG_NAMES: readonly BossLogName[] = ['service', 'transactions', 'batch'];
