import type { BankRecord, SaveMode } from '../records.ts';
import type { Db } from './connection.ts';

interface BankRow {
  bankcode: string;
  name: string;
  ftp_user: string;
  ftp_password: string;
}

/** Banks with their bound addresses and enabled TXCODEs. [bank-interface §1, §6 1001/1003, §7 FTP] */
export class BankTable {
  private readonly one;
  private readonly all;
  private readonly addresses;
  private readonly txcodes;
  private readonly insert;
  private readonly update;
  private readonly clearAddresses;
  private readonly clearTxcodes;
  private readonly addAddress;
  private readonly addTxcode;

  constructor(db: Db) {
    this.one = db.prepare<[string], BankRow>('SELECT bankcode, name, ftp_user, ftp_password FROM banks WHERE bankcode = ?');
    this.all = db.prepare<[], BankRow>('SELECT bankcode, name, ftp_user, ftp_password FROM banks ORDER BY bankcode');
    this.addresses = db.prepare<[string], { address: string }>('SELECT address FROM bank_addresses WHERE bankcode = ? ORDER BY address');
    this.txcodes = db.prepare<[string], { txcode: string }>('SELECT txcode FROM bank_txcodes WHERE bankcode = ? ORDER BY txcode');
    this.insert = db.prepare('INSERT INTO banks (bankcode, name, ftp_user, ftp_password) VALUES (?, ?, ?, ?) ON CONFLICT (bankcode) DO NOTHING');
    this.update = db.prepare('UPDATE banks SET name = ?, ftp_user = ?, ftp_password = ? WHERE bankcode = ?');
    this.clearAddresses = db.prepare('DELETE FROM bank_addresses WHERE bankcode = ?');
    this.clearTxcodes = db.prepare('DELETE FROM bank_txcodes WHERE bankcode = ?');
    this.addAddress = db.prepare('INSERT OR IGNORE INTO bank_addresses (bankcode, address) VALUES (?, ?)');
    this.addTxcode = db.prepare('INSERT OR IGNORE INTO bank_txcodes (bankcode, txcode) VALUES (?, ?)');
  }

  get(bankcode: string): BankRecord | undefined {
    const row = this.one.get(bankcode);
    return row && this.complete(row);
  }

  list(): BankRecord[] {
    return this.all.all().map((row) => this.complete(row));
  }

  save(bank: BankRecord, mode: SaveMode): boolean {
    const inserted = this.insert.run(bank.bankcode, bank.name, bank.ftpUser, bank.ftpPassword).changes > 0;
    if (!inserted && mode === 'ifAbsent') return false;
    if (!inserted) {
      this.update.run(bank.name, bank.ftpUser, bank.ftpPassword, bank.bankcode);
      this.clearAddresses.run(bank.bankcode);
      this.clearTxcodes.run(bank.bankcode);
    }
    for (const address of bank.addresses) this.addAddress.run(bank.bankcode, address);
    for (const txcode of bank.txcodes) this.addTxcode.run(bank.bankcode, txcode);
    return true;
  }

  private complete(row: BankRow): BankRecord {
    return {
      bankcode: row.bankcode,
      name: row.name,
      addresses: this.addresses.all(row.bankcode).map((r) => r.address),
      txcodes: this.txcodes.all(row.bankcode).map((r) => r.txcode),
      ftpUser: row.ftp_user,
      ftpPassword: row.ftp_password,
    };
  }
}
