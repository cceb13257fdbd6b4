import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../bin/cli.ts';
import { captureIo } from '../../bin/io.ts';

async function stbpay(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

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
    const dir = await mkdtemp(join(tmpdir(), 'stbpay-conform-'));
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

  it('runs as a real process through bin/stbpay.js', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [new URL('../../bin/stbpay.js', import.meta.url).pathname, '--version']);
    expect(stdout.trim()).to.match(/^\d+\.\d+\.\d+$/);
  });
});
