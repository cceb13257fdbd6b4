import Database from 'better-sqlite3';
import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { StoreCommitError } from '../../../src/boss/store/errors.ts';
import { GroupCommit, type BatchInfo } from '../../../src/boss/store/sqlite/group-commit.ts';
import type { LedgerTransaction } from '../../../src/boss/store/types.ts';
import { tempDbFile } from './helpers.ts';

/**
 * The group commit's failure paths, driven through a stand-in ledger that speaks raw SQL: a COMMIT
 * that fails (a deferred foreign key) and a transaction SQLite abandons in the middle of a batch.
 */
describe('BOSS store: group commit when the transaction itself fails [bank-interface §5]', () => {
  async function setup() {
    const db = new Database(await tempDbFile('boss-gc'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
             CREATE TABLE note (text TEXT)`);
    const ledger = {
      note: (text: string) => db.prepare('INSERT INTO note (text) VALUES (?)').run(text),
      orphan: () => db.prepare('INSERT INTO child (parent) VALUES (999)').run(),
      abandon: () => db.exec('ROLLBACK'),
    };
    const batches: BatchInfo[] = [];
    const failures: StoreCommitError[] = [];
    const commit = new GroupCommit(db, ledger as unknown as LedgerTransaction, {
      clock: new VirtualClock(),
      maxBatch: 64,
      onBatch: (info) => batches.push(info),
      onFailure: (error) => failures.push(error),
    });
    type Raw = typeof ledger;
    const submit = (work: (tx: Raw) => unknown) => commit.submit((tx) => work(tx as unknown as Raw), { durable: true }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const notes = () => (db.prepare('SELECT text FROM note ORDER BY rowid').all() as { text: string }[]).map((r) => r.text);
    return { db, submit, notes, batches, failures, commit };
  }

  it('rejects every unit of a batch whose COMMIT fails, applying none of them, and stops (fail-stop)', async () => {
    const { db, submit, notes, batches, failures, commit } = await setup();
    const results = await Promise.all([submit((tx) => tx.note('a')), submit((tx) => tx.orphan()), submit((tx) => tx.note('c'))]);
    for (const result of results) {
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.error).to.be.instanceOf(StoreCommitError);
    }
    expect(notes()).to.deep.equal([]);
    expect(batches).to.deep.include({ units: 3, committed: 0, failed: 3, expired: 0, durable: true, synchronous: 2 });
    // [fail-stop] the store is failed: told once, and every later unit is refused at once, nothing run
    expect(failures).to.have.length(1);
    expect(failures[0]).to.be.instanceOf(StoreCommitError);
    expect(commit.failed).to.equal(failures[0]);
    let ran = false;
    const later = await submit((tx) => {
      ran = true;
      return tx.note('d');
    });
    expect(later.ok).to.equal(false);
    if (!later.ok) expect(later.error).to.equal(failures[0]);
    expect(ran).to.equal(false);
    expect(notes()).to.deep.equal([]);
    db.close();
  });

  it('rejects the units that shared an abandoned transaction and runs the later ones in a new one', async () => {
    const { db, submit, notes } = await setup();
    const results = await Promise.all([
      submit((tx) => tx.note('before')),
      submit((tx) => {
        tx.note('lost');
        tx.abandon();
        throw new Error('the disk is full');
      }),
      submit((tx) => tx.note('after')),
    ]);
    expect(results[0]!.ok).to.equal(false);
    if (!results[0]!.ok) expect(results[0]!.error).to.be.instanceOf(StoreCommitError);
    expect(results[1]!.ok).to.equal(false);
    if (!results[1]!.ok) expect(String(results[1]!.error)).to.contain('the disk is full');
    expect(results[2]!.ok).to.equal(true);
    expect(notes()).to.deep.equal(['after']);
    db.close();
  });

  it('a unit that swallows the error of a lost transaction cannot go on writing in autocommit mode', async () => {
    const { db, submit, notes } = await setup();
    const results = await Promise.all([
      submit((tx) => {
        tx.abandon(); // as SQLite does on an I/O error; the unit catches nothing here but carries on
        tx.note('autocommitted');
      }),
      submit((tx) => tx.note('next')),
    ]);
    expect(results[0]!.ok).to.equal(false);
    if (!results[0]!.ok) expect(results[0]!.error).to.be.instanceOf(StoreCommitError);
    expect(results[1]!.ok).to.equal(true);
    expect(notes()).to.deep.equal(['next']);
    db.close();
  });
});
