import Database from 'better-sqlite3';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { openFixtureStore } from './helpers.ts';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/** Runs the writer until it has reported `lines` answered units, then SIGKILLs it; returns what it reported. */
function runAndKill(file: string, lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      reported.push(...complete.filter((line) => line !== 'ready'));
      if (reported.length >= lines && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
}

describe('BOSS store: a crash at any instant [bank-interface §5]', function () {
  this.timeout(30000);

  it('keeps every answered unit exactly once and no half-applied one after SIGKILL', async () => {
    const { store, file } = await openFixtureStore();
    await store.close();
    const reported = await runAndKill(file, 400);
    expect(reported.length).to.be.at.least(400);

    // recovery happens on open; the store must open and migrate cleanly
    const reopened = openSqliteStore(file);
    await reopened.close();
    const db = new Database(file, { readonly: true });
    const status = (serial: string): string | undefined => (db.prepare('SELECT status FROM payments WHERE bossserial = ?').get(serial) as { status: string } | undefined)?.status;
    for (const line of reported) {
      const [what, serial, reversal] = line.split(' ');
      if (what === 'posted') expect(status(serial!), line).to.be.oneOf(['posted', 'reversed']);
      else {
        expect(status(serial!), line).to.equal('reversed');
        expect(db.prepare('SELECT count(*) AS n FROM reversals WHERE reversalserial = ?').get(reversal), line).to.deep.equal({ n: 1 });
      }
    }
    // no half-applied unit: every payment's parts add up, and bills and balances are exactly the
    // sum of the parts of the payments still posted
    const bad = (sql: string): unknown[] => db.prepare(sql).all();
    expect(bad(`SELECT p.bossserial FROM payments p LEFT JOIN allocations a ON a.payment_id = p.id GROUP BY p.id HAVING coalesce(sum(a.amount), 0) != p.amount`)).to.deep.equal([]);
    expect(
      bad(`SELECT b.id FROM bills b WHERE b.paid != coalesce((SELECT sum(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.bill_id = b.id AND p.status = 'posted'), 0)`),
    ).to.deep.equal([]);
    expect(
      bad(`SELECT c.custno FROM customers c WHERE c.balance != coalesce((SELECT sum(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.bill_id IS NULL AND p.custno = c.custno AND p.status = 'posted'), 0)`),
    ).to.deep.equal([]);
    expect(bad(`SELECT p.bossserial FROM payments p WHERE (p.status = 'reversed') != EXISTS (SELECT 1 FROM reversals r WHERE r.payment_id = p.id)`)).to.deep.equal([]);
    db.close();
  });
});
