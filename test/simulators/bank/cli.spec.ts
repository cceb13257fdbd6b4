import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDailyFile } from '../../../src/boss/codec/daily-file.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { stbpay } from '../../cli/run.ts';
import { ScriptedBoss } from './support/scripted-boss.ts';

const stbpayBank = (...argv: string[]) => stbpay('bank', ...argv);

describe('stbpay bank (CLI)', function () {
  this.timeout(20_000);
  let boss: ScriptedBoss;
  let target: string;
  beforeEach(async () => {
    boss = await ScriptedBoss.start();
    target = `127.0.0.1:${boss.port}`;
  });
  afterEach(async () => {
    await boss.close();
  });

  it('query prints both frames and the decoded answer; exit 0 on 0000', async () => {
    const r = await stbpayBank('--target', target, '--date', '20261123', '--serial-prefix', '', 'query', 'C00012345');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^> 0000571001\|ICBC01\|20261123000001\|20261123\|\d{6}\|T01\|C00012345\|$/m);
    expect(r.out).to.contain('< 0001071001|0000|OK|20261123000001||C00012345|ZHANG SAN|');
    expect(r.out).to.contain('BILLS[1] BILLMONTH 202611  ITEM BASIC  AMOUNT 2250');
  });

  it('a refusal exits 1; --json gives the transaction as JSON with frames in hex', async () => {
    const refused = await stbpayBank('--target', target, 'query', 'C99999999');
    expect(refused.code).to.equal(1);
    expect(refused.out).to.contain('RESPCODE 2001');
    const json = await stbpayBank('--target', target, '--json', '--bank', 'CCB01', 'pay', 'C00012345', '4500', '--card');
    expect(json.code, json.err).to.equal(0);
    const tx = JSON.parse(json.out) as { request: { header: Record<string, string>; fields: Record<string, string> }; requestFrame: string; bossSerial: string };
    expect(tx.request.header.BANKCODE).to.equal('CCB01');
    expect(tx.request.fields).to.deep.equal({ CUSTNO: 'C00012345', AMOUNT: '4500', PAYTYPE: '2' });
    expect(tx.requestFrame).to.match(/^30 30 30 30/);
    expect(tx.bossSerial).to.match(/^B\d{16}$/);
    // the default serial prefix keeps separate runs apart
    expect(tx.request.header.BANKSERIAL).to.have.length(20);
  });

  it('every transaction has its subcommand', async () => {
    const runs = [
      ['agree', 'C00020004', '6222020000020004', 'ACCT20004'],
      ['cancel-agreement', 'C00020004', '6222020000020004'],
      ['delete', '20261123000001', 'C00012345', '4500'],
      ['make-up', '20261122000009', '20261122', 'C00012345', '2250'],
      ['reconcile', 'cash', '--count', '2', '--total', '6750', '--chkdate', '20261122'],
      ['reconcile', 'withholding', '--count', '0', '--total', '0'],
      ['invoice', 'B2026112300000001'],
      ['print', 'I2026112300000001'],
      ['void', 'I2026112300000001', 'WRONG NAME'],
    ];
    for (const argv of runs) {
      const r = await stbpayBank('--target', target, ...argv);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).to.equal(0);
    }
    expect(boss.requests.map((r) => r.message.txcode)).to.deep.equal(['1003', '1004', '1005', '1006', '2001', '2002', '3001', '3002', '3003']);
    expect(boss.requests[4]!.message.fields).to.deep.equal({ CHKDATE: '20261122', COUNT: '2', TOTAL: '6750' });
    expect(boss.requests[8]!.message.fields).to.deep.equal({ INVOICENO: 'I2026112300000001', REASON: 'WRONG NAME' });
  });

  it('bad input exits 2 with a message naming the option or argument', async () => {
    const cases: [string[], RegExp][] = [
      [['--target', 'nowhere', 'query', 'C1'], /--target: "nowhere" is not HOST:PORT/],
      [['--target', target, 'pay', 'C00012345', '12.50'], /AMOUNT: "12.50" is not a whole number/],
      [['--target', target, '--date', '20261340', 'query', 'C1'], /--date: "20261340" is not a date/],
      [['--target', target, '--bank', 'ICBC-1', 'query', 'C1'], /--bank: 'ICBC-1' is not letters and digits/],
      [['--target', target, '--serial-prefix', 'TOOLONG', 'query', 'C1'], /--serial-prefix: "TOOLONG"/],
      [['--target', target, 'load', '--requests', '5', '--mix', '1009=1'], /--mix: "1009" is not a TXCODE/],
      [['--target', target, 'load', '--requests', '5', '--mix', '1001=x'], /--mix: "1001=x"/],
      [['--target', target, 'load', '--requests', '5', '--mix', '1001=0'], /--mix: needs at least one weight above 0/],
      [['--target', target, '--teller', 'TELLER12345', 'load', '--requests', '5'], /--teller: 'TELLER12345'/],
      [['--target', target, 'misbehave', 'drop-mid-frame', '--cut-at', '99999'], /--cut-at: 99999 must be from 1 to/],
      [['--target', target, 'load'], /--requests\/--duration/],
      [['--target', target, 'misbehave', 'teapot'], /persona: unknown persona "teapot"/],
      [['--target', target, 'misbehave', 'file-twice', '--out', '/tmp'], /--file: the file-twice persona delivers a daily file/],
      [['--target', target, 'reconcile', 'cheque', '--count', '1', '--total', '1'], /kind: "cheque"/],
      [['--target', target, '--profile', '/nonexistent.json', 'query', 'C1'], /--profile: /],
      [['--target', target, 'day', '--payments', '1'], /--ftp\/--out: give one of them/],
    ];
    for (const [argv, message] of cases) {
      const r = await stbpayBank(...argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.err, argv.join(' ')).to.match(message);
    }
  });

  it('load prints a summary and can write the full report; exit 0 without errors', async () => {
    const dir = await tempDir('bank-cli-load');
    const file = join(dir, 'report.json');
    const r = await stbpayBank('--target', target, '--seed', '9', 'load', '--connections', '3', '--requests', '30', '--mix', '1001=2,1002=1', '--report', file);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/load: 3 connection\(s\) to 127\.0\.0\.1:\d+ as ICBC01, seed 9/);
    expect(r.out).to.match(/attempts 30, sent 30, answered 30/);
    expect(r.out).to.match(/latency ms: p50 [\d.]+ {2}p90 [\d.]+ {2}p99 [\d.]+ {2}max [\d.]+/);
    const report = JSON.parse(await readFile(file, 'utf8')) as { answered: number; committed: unknown[]; byTxcode: Record<string, { sent: number }> };
    expect(report.answered).to.equal(30);
    expect(report.committed).to.have.length(report.byTxcode['1002']!.sent);
  });

  it('misbehave runs a wire persona and prints what went out and came back', async () => {
    const r = await stbpayBank('--target', target, 'misbehave', 'oversized', '--wait', '1000');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('> [0] 8199 bytes: 008193XXXX');
    expect(r.out).to.match(/< \[0\] \d{6}0000\|1004\|/);
    expect(r.out).to.contain('BOSS closed the connection: yes');
    const list = await stbpayBank('personas');
    expect(list.out.split('\n').filter((l) => /^\S/.test(l))).to.have.length(11);
  });

  it('misbehave runs a file persona on a local directory', async () => {
    const dir = await tempDir('bank-cli-file');
    const file = join(dir, 'XJMX20261123.TXT');
    await writeFile(file, 'H|20261123|1|4500|\r\n20261123000001|C00012345|4500|101500|T01|\r\n');
    const r = await stbpayBank('misbehave', 'file-bad-total', '--file', file, '--out', join(dir, 'box'));
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('now: 4501');
    expect((await readdir(join(dir, 'box', 'in'))).sort()).to.deep.equal(['XJMX20261123.TXT', 'XJMX20261123.TXT.OK']);
  });

  it('day serves customers, loses some, and delivers XJMX with its flag; --reconcile sends 2001', async () => {
    const dir = await tempDir('bank-cli-day');
    const r = await stbpayBank('--target', target, '--date', '20261123', '--seed', '4', 'day', '--payments', '5', '--lose', '2', '--reconcile', '--out', dir);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('3 payment(s) answered (3 with 0000), 2 lost');
    expect(r.out).to.contain('delivered in/XJMX20261123.TXT.OK');
    const xjmx = decodeDailyFile(defaultProfile(), 'XJMX', Uint8Array.from(await readFile(join(dir, 'in/XJMX20261123.TXT'))), { fileName: 'XJMX20261123.TXT' });
    expect(xjmx.header.COUNT).to.equal('5');
    expect(boss.requests.filter((q) => q.message.txcode === '1002')).to.have.length(3);
    const check = boss.requests.find((q) => q.message.txcode === '2001')!;
    expect(check.message.fields).to.deep.equal({ CHKDATE: '20261123', COUNT: '5', TOTAL: xjmx.header.TOTAL });
  });
});
