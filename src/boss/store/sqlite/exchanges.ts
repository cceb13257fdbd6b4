import type { ExchangeKey, ExchangeRecord } from '../records.ts';
import { fromBlob, toBlob } from './blob.ts';
import type { Db } from './connection.ts';

interface ExchangeRow {
  bankcode: string;
  txdate: string;
  bankserial: string;
  txcode: string;
  request: Buffer;
  response: Buffer;
  respcode: string;
  bossserial: string;
}

/** Processed requests and their answers as sent, for replay byte for byte. [bank-interface §5] */
export class ExchangeTable {
  private readonly one;
  private readonly insert;

  constructor(db: Db) {
    this.one = db.prepare<[string, string, string], ExchangeRow>(
      'SELECT bankcode, txdate, bankserial, txcode, request, response, respcode, bossserial FROM exchanges WHERE bankcode = ? AND txdate = ? AND bankserial = ?',
    );
    this.insert = db.prepare(
      'INSERT INTO exchanges (bankcode, txdate, bankserial, txcode, request, response, respcode, bossserial) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  get(key: ExchangeKey): ExchangeRecord | undefined {
    const row = this.one.get(key.bankcode, key.txdate, key.bankSerial);
    if (!row) return undefined;
    return {
      bankcode: row.bankcode,
      txdate: row.txdate,
      bankSerial: row.bankserial,
      txcode: row.txcode,
      request: fromBlob(row.request),
      response: fromBlob(row.response),
      respCode: row.respcode,
      bossSerial: row.bossserial,
    };
  }

  /** A second record for the same key violates the unique index exchanges_key: the caller checks first. */
  record(record: ExchangeRecord): void {
    this.insert.run(
      record.bankcode,
      record.txdate,
      record.bankSerial,
      record.txcode,
      toBlob(record.request),
      toBlob(record.response),
      record.respCode,
      record.bossSerial,
    );
  }
}
