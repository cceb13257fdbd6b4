import type { SerialSpec } from '../records.ts';
import { formatSerial } from '../serial.ts';
import type { Db } from './connection.ts';

/** The per-(prefix, date) counters behind every BOSS serial. */
export class SerialTable {
  private readonly bump;

  constructor(db: Db) {
    this.bump = db.prepare<[string, string], { last: number }>(
      'INSERT INTO serials (prefix, date, last) VALUES (?, ?, 1) ON CONFLICT (prefix, date) DO UPDATE SET last = last + 1 RETURNING last',
    );
  }

  next(spec: SerialSpec): string {
    // formatSerial checks the shape first, so a bad prefix never creates a counter
    formatSerial(spec, 1);
    const row = this.bump.get(spec.prefix, spec.date);
    return formatSerial(spec, row?.last ?? 1);
  }
}
