import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stbpay } from '../../cli/run.ts';
import { addDays, localDate } from '../../../src/boss/local-date.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { BOSS_MUTANTS } from './support/mutants.ts';
import { startOurBoss, type OurBoss } from './support/our-boss.ts';

const conformBoss = (...argv: string[]) => stbpay('conform', 'boss', ...argv);

describe('stbpay conform boss', function () {
  this.timeout(60_000);
  let boss: OurBoss;
  let target: string;

  before(async () => {
    boss = await startOurBoss();
    target = `${boss.host}:${boss.port}`;
  });
  after(async () => boss.close());

  it('writes a JSON report with the replay line, progress on stderr, and exits 0 when every selected case passes', async () => {
    const run = await conformBoss('--target', target, '--id', 'BOSS-TX-1002', '--id', 'boss-idem-002', '--report', 'json', '--seed', '7', '--date', '20261123');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.verdict).to.equal('pass');
    expect(report.results.map((r: { id: string }) => r.id)).to.deep.equal(['BOSS-TX-1002-001', 'BOSS-TX-1002-002', 'BOSS-IDEM-002']);
    expect(report.replay).to.equal(`npx stbpay conform boss --target ${target} --seed 7 --date 20261123 --id BOSS-TX-1002 --id boss-idem-002`);
    expect(report.targets[0].details['business date']).to.equal('20261123');
    expect(run.err).to.match(/PASS BOSS-IDEM-002/);
    // the evidence shows the frames as text
    const texts = report.results[0].evidence.map((e: { text?: string }) => e.text ?? '').join('\n');
    expect(texts).to.match(/1002\|ICBC01\|/);
  });

  it('writes all four formats with --out-dir and exits 1 when a case fails', async () => {
    const dir = await tempDir('conform-boss');
    const mutant = BOSS_MUTANTS.find((m) => m.name === 'reads-off-allow-list')!;
    const faulty = await startOurBoss({ wrap: mutant.wrap!() });
    try {
      const run = await conformBoss('--target', `${faulty.host}:${faulty.port}`, '--tag', 'allow-list', '--out-dir', dir);
      expect(run.code, run.out + run.err).to.equal(1);
      expect(run.out).to.match(/FAIL BOSS-ALLOW-001/);
      expect((await readdir(dir)).sort()).to.deep.equal(['certificate.md', 'junit.xml', 'report.json', 'report.txt']);
      expect(await readFile(join(dir, 'certificate.md'), 'utf8')).to.match(/Overall verdict \| \*\*FAIL\*\*/);
    } finally {
      await faulty.close();
    }
  });

  it('exits 0 when the only verdicts are pass and not applicable', async () => {
    const dir = await tempDir('conform-boss-data');
    const file = join(dir, 'data.json');
    await writeFile(file, JSON.stringify({ suspendedCustomer: null, closedCustomer: null }));
    const run = await conformBoss('--target', target, '--data', file, '--id', 'BOSS-RESP-2002', '--id', 'BOSS-RESP-2001-002', '--report', 'json');
    expect(run.code, run.err).to.equal(0);
    const verdicts = JSON.parse(run.out).results.map((r: { id: string; verdict: string }) => `${r.id} ${r.verdict}`);
    expect(verdicts).to.deep.equal(['BOSS-RESP-2001-002 pass', 'BOSS-RESP-2002-001 not-applicable', 'BOSS-RESP-2002-002 not-applicable']);
  });

  it('runs the slow cases only with --include-slow', async () => {
    const without = await conformBoss('--target', target, '--tag', 'slow');
    expect(without.code).to.equal(2);
    expect(without.err).to.match(/only slow cases match the filter: add --include-slow/);
  });

  it('says what was wrong with bad options (exit 2)', async () => {
    for (const [args, message] of [
      [['--target', 'localhost'], /--target: "localhost" is not HOST:PORT/],
      [['--target', '127.0.0.1:99999'], /is not HOST:PORT/],
      [['--target', target, '--date', '20261340'], /--date: "20261340" is not a date/],
      [['--target', target, '--report', 'pdf'], /unknown report format "pdf"/],
      [['--target', target, '--id', 'NOPE'], /no case matches the filter/],
      [['--target', target, '--profile', '/nonexistent/profile.json'], /--profile: .*cannot read profile/],
      [['--target', target, '--data', '/nonexistent/data.json'], /--data: cannot read/],
      [['--target', target, '--seed', 'abc'], /--seed/],
    ] as const) {
      const run = await conformBoss(...args);
      expect(run.code, `${args.join(' ')}: ${run.err}`).to.equal(2);
      expect(run.err).to.match(message);
    }
    const missing = await conformBoss('--id', 'BOSS-TX');
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/--target/);
  });

  it('refuses target data the profile cannot carry before connecting, naming the option or key (exit 2)', async () => {
    const dir = await tempDir('conform-boss-data');
    const file = join(dir, 'data.json');
    await writeFile(file, JSON.stringify({ balanceCustomer: 'C-0001', reconcileDate: '20261301' }));
    const unreachable = '127.0.0.1:1';
    for (const [args, message] of [
      [['--bank', 'BANK000001'], /--bank: "BANK000001" is 10 characters, not 2\.\.8, so it cannot be the request header's BANKCODE of profile boss-bank\/1/],
      [['--data', file], new RegExp(`--data ${file}: balanceCustomer: "C-0001" is not letters and digits only`)],
      [['--date', '20261123', '--reconcile-date', '20261123'], /--reconcile-date: 20261123 is not before the business date 20261123/],
      [['--reconcile-date', '2026-11-01'], /--reconcile-date: "2026-11-01" is not a date/],
      [['--off-list-address', '127.0.0.256'], /--off-list-address: "127\.0\.0\.256" is not an IPv4 address/],
    ] as const) {
      const run = await conformBoss('--target', unreachable, ...args);
      expect(run.code, `${args.join(' ')}: ${run.err}`).to.equal(2);
      expect(run.err).to.match(message);
    }
  });

  it('dates requests on the business date and the days before --reconcile-date, and connects from --off-list-address', async () => {
    const business = localDate(Date.now());
    const reconcile = addDays(business, -3);
    const run = await conformBoss('--target', target, '--date', business, '--reconcile-date', reconcile, '--off-list-address', '127.0.0.3', '--id', 'BOSS-TX-2001', '--id', 'BOSS-RESP-2004-002', '--id', 'BOSS-ALLOW', '--report', 'json', '--seed', '3');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.replay).to.equal(`npx stbpay conform boss --target ${target} --seed 3 --date ${business} --reconcile-date ${reconcile} --off-list-address 127.0.0.3 --id BOSS-TX-2001 --id BOSS-RESP-2004-002 --id BOSS-ALLOW`);
    expect(report.targets[0].details['reconciliation dates']).to.equal(`${addDays(reconcile, -2)}..${reconcile}`);
    const texts = (id: string) => report.results.find((r: { id: string }) => r.id === id).evidence.map((e: { text?: string }) => e.text ?? '').join('\n');
    expect(texts('BOSS-TX-2001-001')).to.include(`reconciliation date ${reconcile}`).and.include(`|${reconcile}|`);
    expect(texts('BOSS-RESP-2004-002')).to.include(`1005 dated ${addDays(reconcile, -2)}`).and.include(`|${business}|`);
    expect(texts('BOSS-ALLOW-001')).to.match(/connected from 127\.0\.0\.3:\d+/);
    expect(run.err).to.include(`reconciled for good: ${addDays(reconcile, -1)} and ${reconcile}`);
  });

  it('refuses a --data key it does not know, naming it', async () => {
    const dir = await tempDir('conform-boss-data');
    const file = join(dir, 'data.json');
    await writeFile(file, JSON.stringify({ bankk: 'ICBC01' }));
    const run = await conformBoss('--target', target, '--data', file);
    expect(run.code).to.equal(2);
    expect(run.err).to.match(/bankk: not a key of the target data/);
  });

  it('says when nothing listens at the target (exit 1, no report)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await conformBoss('--target', `127.0.0.1:${port}`);
    expect(run.code).to.equal(1);
    expect(run.err).to.match(/cannot connect to the BOSS at 127\.0\.0\.1:\d+.*BOSS_ERR_TARGET_UNREACHABLE/);
  });
});
