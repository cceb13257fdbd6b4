import Database from 'better-sqlite3';
import { expect } from 'chai';
import { StoreVersionError } from '../../../src/boss/store/errors.ts';
import { migrate, schemaVersion } from '../../../src/boss/store/sqlite/migrate.ts';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION } from '../../../src/boss/store/sqlite/index.ts';
import { rawCount, tempDbFile } from './helpers.ts';

describe('BOSS store: opening and migrations', () => {
  it('numbers its migrations 1..N, one per schema version', () => {
    expect(MIGRATIONS.map((m) => m.version)).to.deep.equal(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).to.equal(MIGRATIONS.length);
  });

  it('creates an empty file at the current schema, in WAL mode, and does nothing on reopen', async () => {
    const file = await tempDbFile();
    const first = openSqliteStore(file);
    expect(first.migrated).to.deep.equal(MIGRATIONS.map((m) => m.version));
    expect(first.schemaVersion).to.equal(SCHEMA_VERSION);
    await first.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    expect(raw.pragma('user_version', { simple: true })).to.equal(SCHEMA_VERSION);
    const tables = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    raw.close();
    expect(tables).to.include.members(['banks', 'bank_addresses', 'bank_txcodes', 'customers', 'bills', 'payments', 'allocations', 'reversals', 'agreements', 'reconciliations', 'invoices', 'invoice_items', 'exchanges', 'serials']);
    const again = openSqliteStore(file);
    expect(again.migrated).to.deep.equal([]);
    await again.close();
  });

  it('refuses a file of a newer schema with a typed error naming both versions', async () => {
    const file = await tempDbFile();
    await openSqliteStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    raw.close();
    let error: unknown;
    try {
      openSqliteStore(file);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StoreVersionError);
    const versionError = error as StoreVersionError;
    expect(versionError.fileVersion).to.equal(SCHEMA_VERSION + 3);
    expect(versionError.codeVersion).to.equal(SCHEMA_VERSION);
    expect(versionError.message).to.contain(`${SCHEMA_VERSION + 3}`).and.contain(`${SCHEMA_VERSION}`).and.contain(file);
  });

  it('applies later migrations in order on an older file, and a failing one leaves the version unchanged', async () => {
    const file = await tempDbFile();
    await openSqliteStore(file).close();
    const db = new Database(file);
    const extended = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, name: 'note', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;' },
      { version: SCHEMA_VERSION + 2, name: 'note index', sql: 'CREATE INDEX notes_text ON notes (text);' },
    ];
    expect(migrate(db, file, extended)).to.deep.equal([SCHEMA_VERSION + 1, SCHEMA_VERSION + 2]);
    expect(schemaVersion(db)).to.equal(SCHEMA_VERSION + 2);
    const broken = [...extended, { version: SCHEMA_VERSION + 3, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); CREATE TABLE notes (y);' }];
    expect(() => migrate(db, file, broken)).to.throw(/notes/);
    expect(schemaVersion(db)).to.equal(SCHEMA_VERSION + 2);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'`).get()).to.deep.equal({ n: 0 });
    db.close();
  });

  it('enforces foreign keys and the ledger CHECKs', async () => {
    const file = await tempDbFile();
    const store = openSqliteStore(file);
    let error: unknown;
    await store.unit((tx) => tx.addBill({ custno: 'NOBODY', month: '202611', item: 'BASIC', amount: 1 }), { durable: false }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/FOREIGN KEY/);
    await store.close();
    expect(rawCount(file, 'SELECT count(*) FROM bills')).to.equal(0);
  });
  it('migration 4 moves the exchanges of a version-3 file into a rowid table, keeping every row and the key unique', async () => {
    const file = await tempDbFile();
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    migrate(raw, file, MIGRATIONS.slice(0, 3));
    const insert = raw.prepare('INSERT INTO exchanges (bankcode, txdate, bankserial, txcode, request, response, respcode, bossserial) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('BK01', '20261123', 'S1', '1002', Buffer.from('req1'), Buffer.from('resp1'), '0000', 'B2026112300000001');
    insert.run('BK01', '20261123', 'S2', '1001', Buffer.from('req2'), Buffer.from('resp2'), '0000', '');
    raw.close();
    const store = openSqliteStore(file);
    expect(store.migrated).to.deep.equal([4]);
    const kept = await store.read((view) => view.exchange({ bankcode: 'BK01', txdate: '20261123', bankSerial: 'S1' }));
    expect(kept).to.deep.include({ txcode: '1002', respCode: '0000', bossSerial: 'B2026112300000001' });
    expect(Buffer.from(kept!.request).toString()).to.equal('req1');
    expect(Buffer.from(kept!.response).toString()).to.equal('resp1');
    await store.close();
    const check = new Database(file);
    expect(check.prepare(`SELECT sql FROM sqlite_master WHERE name = 'exchanges'`).pluck().get()).to.not.match(/WITHOUT ROWID/);
    expect(check.prepare('SELECT count(*) FROM exchanges').pluck().get()).to.equal(2);
    expect(() => check.prepare('INSERT INTO exchanges (bankcode, txdate, bankserial, txcode, request, response, respcode, bossserial) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run('BK01', '20261123', 'S1', '1002', Buffer.from('x'), Buffer.from('y'), '0000', '')).to.throw(/UNIQUE/);
    check.close();
  });
});
