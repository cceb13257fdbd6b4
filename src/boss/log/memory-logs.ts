import type { Clock } from '../../core/clock.ts';
import { bossLogger } from './logger.ts';
import type { BossLogName, BossLogs } from './types.ts';

/** Logs for tests: `silent` writes nothing; `memory` keeps every line, parsed, per log. */
export function silentBossLogs(): BossLogs {
  const sink = { write: () => undefined };
  const logger = bossLogger(sink, undefined, 'silent');
  return { service: logger, transactions: logger, batch: logger, close: async () => undefined };
}

export type LogLine = Record<string, unknown> & { readonly event?: string; readonly level: string; readonly time: string };

export interface MemoryBossLogs extends BossLogs {
  readonly lines: Readonly<Record<BossLogName, LogLine[]>>;
}

export function memoryBossLogs(options: { clock?: Clock; level?: string } = {}): MemoryBossLogs {
  const lines: Record<BossLogName, LogLine[]> = { service: [], transactions: [], batch: [] };
  const logger = (name: BossLogName) => bossLogger({ write: (line: string) => void lines[name].push(JSON.parse(line) as LogLine) }, options.clock, options.level);
  return {
    lines,
    service: logger('service'),
    transactions: logger('transactions'),
    batch: logger('batch'),
    close: async () => undefined,
  };
}
