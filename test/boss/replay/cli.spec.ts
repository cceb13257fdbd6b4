import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Command } from 'commander';
import { captureIo } from '../../../bin/io.ts';
import { registerReplayCommand, runReplay, type ReplayCommandOptions } from '../../../bin/commands/replay.ts';
import { CaptureFileError } from '../../../src/boss/capture/errors.ts';
import { InputError } from '../../../src/core/errors.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { CAPTURES_DIR, exampleFrame } from '../capture/support/examples.ts';
import { changedAnswer, writeCapture } from './support/capture-file.ts';
import { section8Answers, startScriptedBoss, type ScriptedBoss } from './support/scripted-boss.ts';

const query = exampleFrame('query');
const queryAnswer = exampleFrame('query-answer');
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer');

describe('stbpay replay', () => {
  let capture: string;
  let good: ScriptedBoss;
  let bad: ScriptedBoss;
  const options = (boss: ScriptedBoss, extra: Partial<ReplayCommandOptions> = {}): ReplayCommandOptions => ({ target: `${boss.host}:${boss.port}`, report: 'console', timeout: 500, settle: 20, ...extra });

  before(async () => {
    capture = await writeCapture([{ steps: [['request', query], ['response', queryAnswer], ['request', payment], ['response', paymentAnswer]], closedBy: 'bank' }]);
    good = await startScriptedBoss(section8Answers([[query, queryAnswer], [payment, paymentAnswer]]));
    bad = await startScriptedBoss(section8Answers([[query, queryAnswer], [payment, changedAnswer(paymentAnswer, (m) => (m.header.RESPCODE = '9999', m.header.RESPMSG = 'internal error', m.header.BOSSSERIAL = '', m.fields = {}))]]));
  });

  after(async () => {
    await good.close();
    await bad.close();
  });

  it('console report, exit 0 when all match', async () => {
    const io = captureIo();
    await runReplay(capture, options(good), io);
    expect(io.exitCode).to.equal(0);
    expect(io.stdout).to.match(/^replay .*capture\.jsonl \(jsonl\) → 127\.0\.0\.1:\d+, profile boss-bank\/1\n/);
    expect(io.stdout).to.contain('  match  1. 1001 ICBC01/20261123000001 [line 3]');
    expect(io.stdout).to.match(/connection #1 connection 1, replayed from 127\.0\.0\.1:\d+\n/);
    expect(io.stdout).to.match(/summary: 2 exchanges on 1 connections, 2 matched, 0 differed, 0 missing answers, 0 extra answers/);
  });

  it('console report names the differing fields; exit 1', async () => {
    const io = captureIo();
    await runReplay(capture, options(bad), io);
    expect(io.exitCode).to.equal(1);
    expect(io.stdout).to.contain('  DIFFER 2. 1002 ICBC01/20261123000002 [line 5]');
    expect(io.stdout).to.contain('      RESPCODE: expected "0000", got "9999"');
    expect(io.stdout).to.contain('      captured: 0000631002|0000|OK|');
    expect(io.stdout).to.contain('      replayed: 0000');
  });

  it('json report with the exit code; --out writes the file and shows the console summary', async () => {
    const io = captureIo();
    await runReplay(capture, options(bad, { report: 'json' }), io);
    const json = JSON.parse(io.stdout) as { exitCode: number; summary: { differed: number }; exchanges: { differences: { field: string }[] }[] };
    expect(json.exitCode).to.equal(1);
    expect(json.summary.differed).to.equal(1);
    expect(json.exchanges[1]?.differences[0]?.field).to.equal('RESPCODE');

    const out = join(await tempDir('replay-cli'), 'junit.xml');
    const io2 = captureIo();
    await runReplay(capture, options(bad, { report: 'junit', out }), io2);
    const xml = await readFile(out, 'utf8');
    expect(xml).to.match(/<testsuites name="replay .*" tests="2" failures="1" errors="0" skipped="0">/);
    expect(xml).to.contain('<failure message="RESPCODE: expected 0000, got 9999;');
    expect(io2.stdout).to.match(/summary: 2 exchanges/);
  });

  it('bad input is an InputError (exit 2): target, report format, file, profile', async () => {
    const fails = async (file: string, extra: Partial<ReplayCommandOptions>): Promise<InputError> => {
      const error = await runReplay(file, { ...options(good), ...extra }, captureIo()).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InputError);
      return error as InputError;
    };
    expect((await fails(capture, { target: 'localhost' })).field).to.equal('--target');
    expect((await fails(capture, { report: 'html' })).field).to.equal('--report');
    expect(await fails('/nonexistent.pcap', {})).to.be.instanceOf(CaptureFileError);
    const dir = await tempDir('replay-cli');
    await writeFile(join(dir, 'x.bin'), Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    expect((await fails(join(dir, 'x.bin'), {})).message).to.contain('starts with DE AD BE EF');
    await writeFile(join(dir, 'p.json'), '{"profile": 3}');
    expect((await fails(capture, { profile: join(dir, 'p.json') })).field).to.equal('--profile');
  });

  it('nothing to compare (a wrong --boss-port): exit 1 and says why', async () => {
    const pcap = fileURLToPath(new URL('lo-tcpdump.pcap', CAPTURES_DIR));
    const io = captureIo();
    await runReplay(pcap, options(good, { bossPort: 9 }), io);
    expect(io.exitCode).to.equal(1);
    expect(io.stdout).to.contain('problem: nothing to compare: the capture holds no BOSS connection; check the capture filter, and --boss-port (the BOSS side)\n');
    const json = captureIo();
    await runReplay(pcap, options(good, { bossPort: 9, report: 'junit' }), json);
    expect(json.exitCode).to.equal(1);
    expect(json.stderr).to.match(/^nothing to compare/);
    expect(json.stdout).to.contain('errors="1"').and.contain('type="nothing-compared"');
  });

  it('--out is checked before the replay runs', async () => {
    const before = good.requests.length;
    const error = await runReplay(capture, options(good, { report: 'json', out: '/nonexistent-dir/report.json' }), captureIo()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InputError);
    expect((error as InputError).field).to.equal('--out');
    expect(good.requests.length).to.equal(before);
  });

  it('a directory given as the capture is bad input naming it', async () => {
    const dir = await tempDir('replay-cli');
    const error = await runReplay(dir, options(good), captureIo()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CaptureFileError);
    expect((error as Error).message).to.contain(dir).and.contain('is a directory');
  });

  it('--ignore names an answer field of the profile', async () => {
    const error = await runReplay(capture, options(good, { ignore: ['RESPMSG', 'RESPMESSAGE'] }), captureIo()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InputError);
    expect((error as InputError).field).to.equal('--ignore');
    expect((error as Error).message).to.contain('RESPMESSAGE: not an answer field of profile boss-bank/1');
  });

  it('registers as a command: stbpay replay FILE --target HOST:PORT [options]', async () => {
    const io = captureIo();
    const program = new Command('stbpay').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    registerReplayCommand(program, io);
    await program.parseAsync(['replay', capture, '--target', `${good.host}:${good.port}`, '--report', 'json', '--ignore', 'RESPMSG', '--ignore', 'INVOICENO', '--close-margin', '100', '--close-timeout', '1000', '--timeout', '500', '--settle', '10'], { from: 'user' });
    expect(io.exitCode).to.equal(0);
    expect(JSON.parse(io.stdout)).to.have.nested.property('summary.matched', 2);
  });
});
