import Database from 'better-sqlite3';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BankConnection } from '../../src/boss/client/bank-connection.ts';
import { encodeRequestFrame } from '../../src/boss/codec/frame-message.ts';
import { decodeResponse } from '../../src/boss/codec/message.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { RunningCli } from './running-cli.ts';
import { stbpay } from './run.ts';

const profile = defaultProfile();

/**
 * A COMMIT that fails makes `boss serve` stop with a non-zero exit, for a supervisor to restart it
 * on the file (fail-stop, docs/boss/ledger.md). The fault is put into the test's ledger file, not the
 * code: a trigger that gives every payment an orphan row under a foreign key SQLite checks only at
 * COMMIT, so the statements succeed and the COMMIT of their batch is refused, as a full disk would.
 */
describe('stbpay boss serve: a failed COMMIT ends the process with exit code 1 [bank-interface §5, §6 9999]', function () {
  this.timeout(30_000);

  it('answers the payment 9999, logs storeFailed, exits 1; the reopened ledger holds nothing of it', async () => {
    const dir = await tempDir('boss-fail-stop');
    const db = join(dir, 'boss.db');
    expect((await stbpay('boss', 'seed', '--db', db)).code).to.equal(0);
    const fault = new Database(db);
    fault.exec(`
      CREATE TABLE fault_parent (id INTEGER PRIMARY KEY);
      CREATE TABLE fault_child (parent INTEGER REFERENCES fault_parent(id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER fault_on_payment AFTER INSERT ON payments BEGIN INSERT INTO fault_child (parent) VALUES (-1); END;`);
    const paymentsBefore = fault.prepare('SELECT count(*) FROM payments').pluck().get();
    fault.close();

    const child = new RunningCli(['boss', 'serve', '--db', db, '--port', '0', '--log-dir', join(dir, 'logs')]);
    try {
      const [, port] = await child.waitForOutput(/listening on 127\.0\.0\.1:(\d+)\n/);
      const bank = await BankConnection.open({ host: '127.0.0.1', port: Number(port), profile });
      const query = { txcode: '1001', header: { BANKCODE: 'ICBC01', BANKSERIAL: 'F1', TXDATE: '20261123', TXTIME: '101500', TELLER: 'T1' }, fields: { CUSTNO: 'C00020001' }, groups: {} };
      await bank.write(encodeRequestFrame(profile, query));
      expect(decodeResponse(profile, (await bank.nextFrame())!).header, 'a query commits no payment: still served').to.include({ RESPCODE: '0000' });
      const payment = { ...query, txcode: '1002', header: { ...query.header, BANKSERIAL: 'F2' }, fields: { CUSTNO: 'C00020001', AMOUNT: '100', PAYTYPE: '1' } };
      await bank.write(encodeRequestFrame(profile, payment));
      expect(decodeResponse(profile, (await bank.nextFrame())!).header, 'its COMMIT failed: nothing applied').to.include({ RESPCODE: '9999', BANKSERIAL: 'F2' });

      expect(await child.exited).to.equal(1);
      expect(child.stdout).to.contain('stopping (ledger failed)');
      expect(child.stderr).to.match(/COMMIT failed/);
      const events = (await readFile(join(dir, 'logs', 'service.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { event?: string });
      expect(events.map((e) => e.event)).to.include('storeFailed');
    } finally {
      child.child.kill('SIGKILL');
    }

    const reopened = new Database(db, { readonly: true });
    try {
      expect(reopened.prepare('SELECT count(*) FROM payments').pluck().get()).to.equal(paymentsBefore);
      expect(reopened.prepare("SELECT count(*) FROM exchanges WHERE bankserial = 'F2'").pluck().get()).to.equal(0);
      expect(reopened.prepare("SELECT count(*) FROM exchanges WHERE bankserial = 'F1'").pluck().get()).to.equal(1);
    } finally {
      reopened.close();
    }
  });
});
