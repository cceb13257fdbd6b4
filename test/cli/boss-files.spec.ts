import { expect } from 'chai';
import { Client } from 'basic-ftp';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { captureIo } from '../../bin/io.ts';
import { serveConfig, startBossServe } from '../../bin/commands/boss-serve.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { stbpay } from './run.ts';

const DATE = '20261123';

/** XJMX with a correct header: `BANKSERIAL|CUSTNO|AMOUNT|TXTIME|TELLER|` lines. */
function xjmx(lines: [string, string, number][]): string {
  const total = lines.reduce((sum, [, , amount]) => sum + amount, 0);
  return [`H|${DATE}|${lines.length}|${total}|`, ...lines.map(([serial, custno, amount]) => `${serial}|${custno}|${amount}|101500|T01|`)].map((l) => `${l}\r\n`).join('');
}

async function drop(inDir: string, name: string, text: string): Promise<void> {
  await writeFile(join(inDir, name), text, 'latin1');
  await writeFile(join(inDir, `${name}.OK`), '');
}

async function until(what: string, condition: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('stbpay boss dk, inbox and exceptions [bank-interface §7]', function () {
  this.timeout(30_000);

  let dir: string;
  let db: string;
  let ftpRoot: string;
  const cli = (...args: string[]) => stbpay(...args, '--db', db, '--log-dir', join(dir, 'logs'));
  const files = (...args: string[]) => cli(...args, '--ftp-root', ftpRoot);

  beforeEach(async () => {
    dir = await tempDir('boss-files');
    db = join(dir, 'boss.db');
    ftpRoot = join(dir, 'ftp');
    expect((await stbpay('boss', 'seed', '--db', db)).code).to.equal(0);
  });

  it('dk writes the withholding batch with its flag, and refuses to write a flagged date again unless --replace', async () => {
    const first = await files('boss', 'dk', '--bank', 'ICBC01', '--date', DATE);
    expect(first.code, first.err).to.equal(0);
    expect(first.out).to.match(/^DK20261123\.TXT written for ICBC01: 50 lines, \d+ fen \(/);
    const dk = await readFile(join(ftpRoot, 'ICBC01', 'out', 'DK20261123.TXT'), 'latin1');
    expect(dk.split('\r\n')[1]).to.equal('1|C00020004|6222020000020004|ACCT20004|6500|');
    expect(await readdir(join(ftpRoot, 'ICBC01', 'out'))).to.have.members(['DK20261123.TXT', 'DK20261123.TXT.OK']);

    const again = await files('boss', 'dk', '--bank', 'ICBC01', '--date', DATE);
    expect(again.code).to.equal(1);
    expect(again.err).to.contain('DK20261123.TXT and its flag are already there; pass replace to write it again [BOSS_ERR_BATCH_EXISTS]');
    expect((await files('boss', 'dk', '--bank', 'ICBC01', '--date', DATE, '--replace')).code).to.equal(0);
    // CCB01 has no agreements: a header-only batch
    expect((await files('boss', 'dk', '--bank', 'CCB01', '--date', DATE)).out).to.match(/^DK20261123\.TXT written for CCB01: 0 lines, 0 fen/);
    expect((await readFile(join(dir, 'logs', 'batch.log'), 'utf8')).split('\n').filter((l) => l.includes('"file.written"'))).to.have.length(3);
  });

  it('refuses bad input with exit 2 naming the option', async () => {
    const cases: [string[], RegExp][] = [
      [['boss', 'dk', '--bank', 'XX01'], /--bank: no bank XX01 in the ledger/],
      [['boss', 'dk', '--bank', 'ICBC01', '--date', '20261131'], /--date: "20261131" is not a date YYYYMMDD/],
      [['boss', 'inbox'], /required option '--bank <code>'/],
      [['boss', 'exceptions', 'list', '--status', 'closed'], /argument 'closed' is invalid/],
      [['boss', 'exceptions', 'resolve', 'EX1', '--action', 'delete', '--by', 'op7'], /argument 'delete' is invalid/],
      [['boss', 'exceptions', 'resolve', 'EX1', '--action', 'accept'], /required option '--by <name>'/],
    ];
    for (const [args, message] of cases) {
      const run = await files(...args);
      expect(run.code, `${args.join(' ')}: ${run.err}`).to.equal(2);
      expect(run.err).to.match(message);
    }
    const missing = await stbpay('boss', 'dk', '--bank', 'ICBC01', '--db', join(dir, 'missing.db'), '--ftp-root', ftpRoot);
    expect([missing.code, missing.err]).to.deep.equal([2, `stbpay: --db: no ledger at ${join(dir, 'missing.db')} (stbpay boss seed --db FILE creates one)\n`]);
    const config = join(dir, 'inside.json');
    await writeFile(config, JSON.stringify({ ftp: { root: 'ftp' }, reportsDir: 'ftp/reports' }));
    const inside = await stbpay('boss', 'inbox', '--bank', 'ICBC01', '--config', config, '--db', db);
    expect(inside.code).to.equal(2);
    expect(inside.err).to.match(/reportsDir: .*ftp\/reports is inside the FTP root .*ftp, where a bank could see it/);
  });

  it('inbox processes a bank\'s in/ once; exceptions lists what reconciliation left and takes decisions, refusing with exit 2', async () => {
    await files('boss', 'dk', '--bank', 'ICBC01', '--date', DATE);
    const inDir = join(ftpRoot, 'ICBC01', 'in');
    await drop(inDir, 'XJMX20261123.TXT', xjmx([['S1', 'C00012345', 2250], ['S2', 'C00012348', 100]]));
    await drop(inDir, 'NOTES.TXT', 'hello\r\n');
    const pass = await files('boss', 'inbox', '--bank', 'ICBC01');
    expect(pass.code, pass.err).to.equal(0);
    expect(pass.out.split('\n')).to.deep.equal([
      `XJMX20261123.TXT: reconciled: 0 matched, 2 bank-only, 0 BOSS-only, 0 differ; report ${join(dir, 'reports', 'ICBC01')}/XJMX20261123-${pass.out.match(/XJMX20261123-([0-9a-f]{12})/)?.[1]}.json`,
      'NOTES.TXT: rejected (name): line 0 name: fits no inbound file name (YHYYYYMMDD, XJMXYYYYMMDD, DKMXYYYYMMDD)',
      'ICBC01: 2 file(s) decided',
      '',
    ]);
    expect(await readdir(inDir)).to.deep.equal([]);
    expect((await readdir(join(dir, 'archive', 'ICBC01'))).sort()).to.deep.equal(['processed', 'rejected']);
    expect((await files('boss', 'inbox', '--bank', 'ICBC01')).out).to.equal(`ICBC01: nothing to process in ${inDir}\n`);

    const listed = await cli('boss', 'exceptions', 'list', '--status', 'open');
    expect(listed.out.split('\n').map((l) => l.replace(/ +/g, ' '))).to.deep.equal([
      'EX1 open ICBC01 20261123 cash bankOnly S1 bank C00012345 2250 (line 2) [XJMX20261123.TXT]',
      'EX2 open ICBC01 20261123 cash bankOnly S2 bank C00012348 100 (line 3) [XJMX20261123.TXT]',
      '2 exception(s)',
      '',
    ]);
    expect((await cli('boss', 'exceptions', 'list', '--kind', 'withholding')).out).to.equal('no exceptions\n');
    expect((await cli('boss', 'exceptions', 'list', '--bank', 'CCB01')).out).to.equal('no exceptions\n');

    const refusals: [string[], string][] = [
      [['EX9', '--action', 'accept', '--by', 'op7', '--reason', 'x'], 'stbpay: refused (notFound): exception EX9: no such exception\n'],
      [['EX1', '--action', 'reverse', '--by', 'op7'], 'stbpay: refused (notValidForCategory): exception EX1: reverse is not a decision for a bankOnly record (allowed: makeup, accept)\n'],
      [['EX1', '--action', 'accept', '--by', 'op7'], 'stbpay: refused (reasonRequired): exception EX1: accepting an exception needs a reason\n'],
    ];
    for (const [args, message] of refusals) {
      const run = await cli('boss', 'exceptions', 'resolve', ...args);
      expect([run.code, run.err, run.out]).to.deep.equal([2, message, '']);
    }
    const accepted = await cli('boss', 'exceptions', 'resolve', 'EX2', '--action', 'accept', '--by', 'op7', '--reason', 'paid at another branch');
    expect(accepted.out).to.match(/^exception EX2 resolved: accept by op7 at \d{4}-\d\d-\d\dT[\d:.]+Z \(paid at another branch\)\n$/);
    const resolved = await cli('boss', 'exceptions', 'list', '--status', 'resolved');
    expect(resolved.out).to.match(/^EX2 +resolved .* S2 .*→ accept by op7 at .* \(paid at another branch\)\n1 exception\(s\)\n$/);
    const decisions = (await readFile(join(dir, 'logs', 'batch.log'), 'utf8')).split('\n').filter((l) => l.includes('"exception.'));
    expect(decisions.map((l) => (JSON.parse(l) as { event: string }).event)).to.deep.equal(['exception.refused', 'exception.refused', 'exception.refused', 'exception.resolved']);
  });

  it('serve runs the FTP service from the config: accounts from the ledger, files scanned without a landing event, closed on stop', async () => {
    const config = join(dir, 'boss.json');
    await writeFile(config, JSON.stringify({ db: 'boss.db', port: 0, logDir: 'logs', ftp: { enabled: true, port: 0, root: 'ftp', scanIntervalMs: 50, pasvMin: 40300, pasvMax: 40399 } }));
    const io = captureIo();
    const running = await startBossServe(serveConfig({ config }), io);
    let port = 0;
    try {
      port = running.batch!.ftp.port;
      expect(io.stdout).to.contain(`ftp on 127.0.0.1:${port}\n`);
      expect(io.stdout).to.contain(`reports in ${join(dir, 'reports')}, archive in ${join(dir, 'archive')}`);

      const client = new Client(5000);
      let refused: unknown;
      try {
        await client.access({ host: '127.0.0.1', port, user: 'icbc01', password: 'wrong' });
      } catch (error) {
        refused = error;
      } finally {
        client.close();
      }
      expect(String(refused)).to.match(/530/);
      const ccb = new Client(5000);
      try {
        await ccb.access({ host: '127.0.0.1', port, user: 'ccb01', password: 'ccb01' });
        expect((await ccb.list()).map((f) => f.name).sort()).to.deep.equal(['in', 'out']);
      } finally {
        ccb.close();
      }

      // a file put into in/ by another way than this FTP service: the scan finds it
      const inDir = join(dir, 'ftp', 'CCB01', 'in');
      await drop(inDir, 'XJMX20261123.TXT', xjmx([['S1', 'C00012345', 2250]]));
      await until('the scan to take the file', async () => (await readdir(inDir)).length === 0);
      await running.batch!.idle();
    } finally {
      await running.stop();
    }
    const closed = new Client(2000);
    let error: unknown;
    try {
      await closed.access({ host: '127.0.0.1', port, user: 'ccb01', password: 'ccb01' });
    } catch (e) {
      error = e;
    } finally {
      closed.close();
    }
    expect(String(error)).to.match(/ECONNREFUSED/);
    const batch = (await readFile(join(dir, 'logs', 'batch.log'), 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(batch.map((l) => l.event)).to.include.members(['ftp.listening', 'ftp.login.refused', 'ftp.login', 'file.reconciled', 'ftp.stopped']);
    expect(batch.find((l) => l.event === 'file.reconciled')).to.include({ bankcode: 'CCB01', file: 'XJMX20261123.TXT' });
  });

  it('serve --ftp on a port in use exits 2 naming the option', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen({ host: '127.0.0.1', port: 0 }, () => resolve((taken.address() as AddressInfo).port)));
    try {
      const run = await stbpay('boss', 'serve', '--db', db, '--port', '0', '--log-dir', join(dir, 'logs'), '--ftp', String(port), '--ftp-root', ftpRoot);
      expect(run.code, run.err).to.equal(2);
      expect(run.err).to.contain(`--ftp: FTP port 127.0.0.1:${port} is in use`);
    } finally {
      taken.close();
    }
  });
});
