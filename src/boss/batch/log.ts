/**
 * The batch log as the file side writes it: one JSON line per decision (file seen, posted, rejected,
 * reconciled, exception decided). A pino logger (`BossLogs.batch`) fits this shape; tests pass a
 * recording one. Every line carries an `event`.
 */
export interface BatchLogFields {
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface BatchLog {
  info(fields: BatchLogFields, message: string): void;
  warn(fields: BatchLogFields, message: string): void;
  error(fields: BatchLogFields, message: string): void;
}

/** A log that drops every line: the default when none is given. */
export const silentBatchLog: BatchLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
