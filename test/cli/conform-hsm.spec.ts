import { expect } from 'chai';
import { createServer, type AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRandom } from '../../src/core/random.ts';
import { corruptByte, startHsmEmulator, type RunningHsmEmulator } from '../../simulators/hsm/index.ts';
import { stbpay } from './run.ts';
import { tempDir } from '../setup/temp-dirs.ts';

/** A loopback port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('stbpay conform hsm', () => {
  let emulator: RunningHsmEmulator;
  beforeEach(async () => {
    emulator = await startHsmEmulator({ port: 0, random: createRandom(9) });
  });
  afterEach(() => emulator.close());

  it('runs against --target, writes JUnit and the other formats with --out-dir, and exits 0 on a pass', async () => {
    const dir = await tempDir('conform-hsm');
    const run = await stbpay('conform', 'hsm', '--target', `127.0.0.1:${emulator.port}`, '--seed', '4', '--out-dir', dir);
    expect(run.code, run.out + run.err).to.equal(0);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit).to.match(/failures="0"/);
    expect(junit).to.contain('HSM-PURSE-PL-001');
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(report.replay).to.equal(`npx stbpay conform hsm --target 127.0.0.1:${emulator.port} --seed 4`);
    expect(report.results.every((r: { verdict: string }) => r.verdict === 'pass')).to.equal(true);
  });

  it('exits 1 with the failed cases in the JUnit report against an HSM that corrupts its answers', async () => {
    emulator.persona = corruptByte();
    const dir = await tempDir('conform-hsm-corrupt');
    const out = join(dir, 'junit.xml');
    const run = await stbpay('conform', 'hsm', '--target', `127.0.0.1:${emulator.port}`, '--tag', 'purse', '--report', 'junit', '--out', out, '--timeout-ms', '1000');
    expect(run.code, run.out + run.err).to.equal(1);
    const junit = await readFile(out, 'utf8');
    expect(junit).to.not.match(/failures="0"/);
    expect(junit).to.match(/<failure/);
    expect(run.out).to.match(/FAIL HSM-PURSE-PL-001/);
  });

  it('runs a self-check against the in-process emulator with --emulator', async () => {
    const run = await stbpay('conform', 'hsm', '--emulator', '--id', 'hsm-frame', '--report', 'json', '--seed', '2');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.results.map((r: { id: string }) => r.id)).to.deep.equal(['HSM-FRAME-001', 'HSM-FRAME-002', 'HSM-FRAME-003', 'HSM-FRAME-004']);
    expect(report.targets[0].kind).to.equal('emulator');
    expect(report.replay).to.equal('npx stbpay conform hsm --emulator --seed 2 --id hsm-frame');
  });

  it('exits 2 with a clear message for a target nothing listens on, a malformed target, or neither/both of --target and --emulator', async () => {
    const port = await deadPort();
    const dead = await stbpay('conform', 'hsm', '--target', `127.0.0.1:${port}`, '--timeout-ms', '1000');
    expect(dead.code).to.equal(2);
    expect(dead.err).to.match(new RegExp(`--target: cannot connect to the HSM at 127\\.0\\.0\\.1:${port}`));
    const malformed = await stbpay('conform', 'hsm', '--target', 'nowhere');
    expect(malformed.code).to.equal(2);
    expect(malformed.err).to.match(/"nowhere" is not HOST:PORT/);
    const neither = await stbpay('conform', 'hsm');
    expect(neither.code).to.equal(2);
    expect(neither.err).to.match(/either --target HOST:PORT .* or --emulator/);
    const both = await stbpay('conform', 'hsm', '--emulator', '--target', `127.0.0.1:${emulator.port}`);
    expect(both.code).to.equal(2);
    const filter = await stbpay('conform', 'hsm', '--emulator', '--id', 'NOPE');
    expect(filter.code).to.equal(2);
    expect(filter.err).to.match(/no case matches the filter/);
  });
});
