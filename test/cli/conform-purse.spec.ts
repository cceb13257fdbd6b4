import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stbpay } from './run.ts';
import { tempDir } from '../setup/temp-dirs.ts';

describe('stbpay conform purse', () => {
  it('personalises the emulator, runs every case under T=0 and T=1, writes JUnit and exits 0', async () => {
    const dir = await tempDir('conform-purse');
    const out = join(dir, 'junit.xml');
    const run = await stbpay('conform', 'purse', '--seed', '8', '--report', 'junit', '--out', out);
    expect(run.code, run.out + run.err).to.equal(0);
    const junit = await readFile(out, 'utf8');
    expect(junit).to.match(/failures="0"/);
    expect(junit).to.contain('PURSE-POWER-001');
    expect(run.out).to.match(/T=0 and T=1, seed: 8/);
    expect(run.out).to.match(/verdict: PASS/);
  });

  it('takes the card\'s keys from --keys, and one --protocol', async () => {
    const dir = await tempDir('conform-purse-keys');
    const keys = join(dir, 'keys.json');
    await writeFile(keys, JSON.stringify({ format: 'stbpay-purse-keys/1', application: 'ED', aid: 'D1 56 00 01 01 80 00', loadKeyIndex: 3, dlk: '00112233445566778899AABBCCDDEEFF', purchaseKeyIndex: 4, dpk: 'FFEEDDCCBBAA99887766554433221100', dtk: '0123456789ABCDEF0123456789ABCDEF', proveSequence: 'next' }));
    const run = await stbpay('conform', 'purse', '--keys', keys, '--protocol', 'T=1', '--report', 'json', '--seed', '5');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.targets).to.have.length(1);
    expect(report.targets[0].details).to.include({ protocol: 'T=1', AID: 'D1 56 00 01 01 80 00', application: 'ED' });
    expect(report.replay).to.equal(`npx stbpay conform purse --seed 5 --keys ${keys} --protocol T=1`);
  });

  it('replays a run with its seed', async () => {
    const strip = (json: string) => JSON.parse(json).results.map((r: { id: string; evidence: { bytes?: string }[] }) => [r.id, r.evidence.map((e) => e.bytes ?? '')]);
    const args = ['conform', 'purse', '--protocol', 'T=1', '--id', 'PURSE-PUR', '--report', 'json'];
    const first = await stbpay(...args, '--seed', '77');
    const again = await stbpay(...args, '--seed', '77');
    const other = await stbpay(...args, '--seed', '78');
    expect(strip(again.out)).to.deep.equal(strip(first.out));
    expect(strip(other.out)).to.not.deep.equal(strip(first.out));
  });

  it('exits 2 naming what was wrong: a keys file that is not JSON or has a short key, an unknown protocol, a filter matching nothing', async () => {
    const dir = await tempDir('conform-purse-bad');
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, 'not json');
    const bad = await stbpay('conform', 'purse', '--keys', notJson);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/--keys: cannot read .*bad\.json as JSON/);
    const short = join(dir, 'short.json');
    await writeFile(short, JSON.stringify({ format: 'stbpay-purse-keys/1', dlk: '0011' }));
    const shortRun = await stbpay('conform', 'purse', '--keys', short);
    expect(shortRun.code).to.equal(2);
    expect(shortRun.err).to.match(/dlk: must be 16 bytes, got 2/);
    const protocol = await stbpay('conform', 'purse', '--protocol', 'T=2');
    expect(protocol.code).to.equal(2);
    expect(protocol.err).to.match(/--protocol: "T=2" is not T=0 or T=1/);
    const none = await stbpay('conform', 'purse', '--id', 'NOPE');
    expect(none.code).to.equal(2);
    expect(none.err).to.match(/no case matches the filter/);
  });
});
