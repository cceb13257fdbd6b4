import type { BatchLog, BatchLogFields } from '../../../../src/boss/batch/log.ts';

export interface LoggedLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: BatchLogFields;
  readonly message: string;
}

/** A batch log that keeps its lines, for tests to read. */
export class RecordingLog implements BatchLog {
  readonly lines: LoggedLine[] = [];

  info(fields: BatchLogFields, message: string): void {
    this.lines.push({ level: 'info', fields, message });
  }

  warn(fields: BatchLogFields, message: string): void {
    this.lines.push({ level: 'warn', fields, message });
  }

  error(fields: BatchLogFields, message: string): void {
    this.lines.push({ level: 'error', fields, message });
  }

  events(): string[] {
    return this.lines.map((l) => l.fields.event);
  }
}
