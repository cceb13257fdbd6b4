import type { BatchLog } from '../batch/log.ts';

/**
 * The bunyan-shaped logger ftp-srv wants (`trace`…`fatal`, `child`), routed to the batch log:
 * its warnings and errors become `warn` lines with event `ftp.server`, the rest is dropped. Without
 * it ftp-srv prints bunyan JSON to stdout. [research bank_grid_pay §3.2]
 */
export interface BunyanShaped {
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
  child(fields: Record<string, unknown>): BunyanShaped;
}

export function ftpSrvLog(log: BatchLog | undefined, context: Record<string, unknown> = {}): BunyanShaped {
  const drop = (): void => undefined;
  const forward = (level: string) => (...args: unknown[]): void => {
    if (!log) return;
    const fields: Record<string, unknown> = {};
    const words: string[] = [];
    for (const arg of args) {
      if (arg instanceof Error) fields.error = arg.message;
      else if (typeof arg === 'string') words.push(arg);
      else if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) Object.assign(fields, plain(arg as Record<string, unknown>));
      else if (arg !== undefined) words.push(String(arg));
    }
    log.warn({ event: 'ftp.server', level, ...context, ...fields }, words.join(' ') || 'ftp-srv');
  };
  return {
    trace: drop,
    debug: drop,
    info: drop,
    warn: forward('warn'),
    error: forward('error'),
    fatal: forward('fatal'),
    child: (fields) => ftpSrvLog(log, { ...context, ...plain(fields) }),
  };
}

/** Only the scalar fields: ftp-srv passes sockets and connections around in its log fields. */
function plain(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)));
}
