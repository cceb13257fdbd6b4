import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stbpay } from './run.ts';
import { tempDir } from '../setup/temp-dirs.ts';

describe('stbpay conform cards', () => {
  it('writes a JSON report to stdout with progress on stderr, and exits 0 on a pass', async () => {
    const run = await stbpay('conform', 'cards', '--card', 'SLE4442', '--report', 'json', '--seed', '7', '--property-runs', '20');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.seed).to.equal(7);
    expect(report.verdict).to.equal('pass');
    expect(report.results.length).to.be.greaterThan(10);
    expect(report.replay).to.equal('npx stbpay conform cards --seed 7 --card SLE4442 --property-runs 20');
    expect(run.err).to.match(/PASS SLE4442-/);
  });

  it('writes all four formats with --out-dir', async () => {
    const dir = await tempDir('conform');
    const run = await stbpay('conform', 'cards', '--card', 'SLE4428', '--id', 'SLE4428-VEC', '--out-dir', dir);
    expect(run.code, run.err).to.equal(0);
    expect((await readdir(dir)).sort()).to.deep.equal(['certificate.md', 'junit.xml', 'report.json', 'report.txt']);
    expect(await readFile(join(dir, 'certificate.md'), 'utf8')).to.match(/Overall verdict \| \*\*PASS\*\*/);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).to.match(/failures="0"/);
  });

  it('says what was wrong with bad options', async () => {
    const format = await stbpay('conform', 'cards', '--report', 'pdf');
    expect(format.code).to.equal(2);
    expect(format.err).to.match(/unknown report format "pdf"/);
    const none = await stbpay('conform', 'cards', '--card', 'SLE4442', '--id', 'NOPE');
    expect(none.code).to.equal(2);
    expect(none.err).to.match(/no case matches the filter/);
    const seed = await stbpay('conform', 'cards', '--seed', 'abc');
    expect(seed.code).to.equal(2);
  });

  it('selects cases by id prefix and by tag, both case-insensitive, and runs each --card once', async () => {
    const run = await stbpay('conform', 'cards', '--card', 'SLE4442', '--card', 'sle4442', '--id', 'sle4442-psc', '--id', 'SLE4442-LOCK', '--tag', 'PSC', '--report', 'json');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.targets).to.have.length(1);
    const ids: string[] = report.results.map((r: { id: string }) => r.id);
    expect(ids).to.not.be.empty;
    for (const r of report.results) {
      expect(r.id).to.match(/^SLE4442-(PSC|LOCK)-/);
      expect(r.tags).to.include('psc');
    }
    expect(new Set(ids).size).to.equal(ids.length);
    expect(report.filter).to.deep.equal({ idPrefixes: ['sle4442-psc', 'SLE4442-LOCK'], tags: ['PSC'] });
  });

  it('prints the seed of a run it chose, and replaying with it gives the same results', async () => {
    const strip = (json: string) =>
      JSON.parse(json).results.map((r: { id: string; verdict: string; evidence: { kind: string; bytes?: string; text?: string }[] }) => [
        r.id,
        r.verdict,
        r.evidence.map((e) => `${e.kind} ${e.bytes ?? ''} ${e.text ?? ''}`),
      ]);
    // The AT88SC153 cases draw random data (zone contents, codes), so the evidence depends on the seed.
    const args = ['conform', 'cards', '--card', 'AT88SC153', '--property-runs', '10', '--report', 'json'];
    const first = await stbpay(...args);
    expect(first.code, first.err).to.equal(0);
    const seed = /seed: (\d+)/.exec(first.err)![1]!;
    expect(JSON.parse(first.out).replay).to.equal(`npx stbpay conform cards --seed ${seed} --card AT88SC153 --property-runs 10`);
    const again = await stbpay(...args, '--seed', seed);
    expect(strip(again.out)).to.deep.equal(strip(first.out));
    const other = await stbpay(...args, '--seed', String((Number(seed) + 1) % 2 ** 32));
    expect(strip(other.out)).to.not.deep.equal(strip(first.out));
  });

  it('spells out a property-sequence count set through STBPAY_PBT_RUNS in the replay line', async () => {
    const saved = process.env.STBPAY_PBT_RUNS;
    process.env.STBPAY_PBT_RUNS = '7';
    try {
      const run = await stbpay('conform', 'cards', '--card', 'SLE4442', '--id', 'SLE4442-MODEL', '--seed', '3', '--report', 'json');
      expect(JSON.parse(run.out).replay).to.equal('npx stbpay conform cards --seed 3 --card SLE4442 --id SLE4442-MODEL --property-runs 7');
    } finally {
      if (saved === undefined) delete process.env.STBPAY_PBT_RUNS;
      else process.env.STBPAY_PBT_RUNS = saved;
    }
  });

  it('exits 1 when nothing passed (only not-applicable cases)', async () => {
    const run = await stbpay('conform', 'cards', '--card', 'AT88SC1608', '--id', 'AT88SC1608-AUTH-001');
    expect(run.code).to.equal(1);
    expect(run.out).to.match(/N\/A +AT88SC1608-AUTH-001[\s\S]*verdict: INCONCLUSIVE/);
  });

  it('refuses an --out it cannot write and a --seed that is no whole number before running anything', async () => {
    const dir = await tempDir('conform');
    const out = await stbpay('conform', 'cards', '--card', 'SLE4442', '--out', join(dir, 'no', 'r.txt'));
    expect(out.code).to.equal(2);
    expect(out.err).to.match(/--out: cannot write .*r\.txt/);
    expect(out.out).to.equal('');
    await writeFile(join(dir, 'file'), '');
    const outDir = await stbpay('conform', 'cards', '--card', 'SLE4442', '--out-dir', join(dir, 'file'));
    expect(outDir.code).to.equal(2);
    expect(outDir.err).to.match(/--out-dir: cannot write reports into/);
    for (const bad of ['', '1.5', '1e3', '-1', '4294967296']) {
      const seed = await stbpay('conform', 'cards', '--seed', bad);
      expect(seed.code, bad).to.equal(2);
      expect(seed.err, bad).to.match(/--seed: .* is not a whole number from 0 to 4294967295/);
    }
  });

  it('runs as a real process through bin/stbpay.js', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [new URL('../../bin/stbpay.js', import.meta.url).pathname, '--version']);
    expect(stdout.trim()).to.match(/^\d+\.\d+\.\d+$/);
  });
});
