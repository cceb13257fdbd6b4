import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BossFileError } from '../../../src/boss/codec/errors.ts';
import { decodeDailyFile } from '../../../src/boss/codec/daily-file.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { bankPersona, directoryDrop, encodeNamedFile, type FileDeliveryContext, type FileOutcome, type FilePersona, type NamedFile } from '../../../simulators/bank/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { EXAMPLE_MS } from './support/fixtures.ts';
import { GateClock } from './support/gate-clock.ts';

const profile = defaultProfile();

function filePersona(name: string): FilePersona {
  const persona = bankPersona(name);
  if (persona.kind !== 'file') throw new Error(`${name} is not a file persona`);
  return persona;
}

/** A correct XJMX of two payments. */
const xjmx: NamedFile = encodeNamedFile(profile, {
  layout: 'XJMX',
  header: { TAG: 'H', DATE: '20261123', COUNT: '2', TOTAL: '6750' },
  details: [
    { BANKSERIAL: '20261123000001', CUSTNO: 'C00012345', AMOUNT: '4500', TXTIME: '101500', TELLER: 'T01' },
    { BANKSERIAL: '20261123000002', CUSTNO: 'C00020001', AMOUNT: '2250', TXTIME: '101600', TELLER: 'T01' },
  ],
});

describe('bank emulator: file personas [bank-interface §7]', () => {
  const deliver = async (name: string, context: Partial<FileDeliveryContext> = {}): Promise<{ outcome: FileOutcome; root: string }> => {
    const root = await tempDir('bank-files');
    const outcome = await filePersona(name).run({ profile, drop: directoryDrop(root), clock: new VirtualClock(EXAMPLE_MS), file: xjmx, ...context });
    return { outcome, root };
  };

  it('file-twice: the file and its flag, then both again', async () => {
    const { outcome, root } = await deliver('file-twice');
    expect(outcome.steps.map((s) => s.path)).to.deep.equal(['in/XJMX20261123.TXT', 'in/XJMX20261123.TXT.OK', 'in/XJMX20261123.TXT', 'in/XJMX20261123.TXT.OK']);
    expect(outcome.steps[2]!.bytes).to.deep.equal(xjmx.bytes);
    expect(outcome.steps[1]!.bytes).to.have.length(0);
    expect(await readFile(join(root, 'in/XJMX20261123.TXT'))).to.deep.equal(Buffer.from(xjmx.bytes));
  });

  it('file-no-flag: the file only; no .OK anywhere', async () => {
    const { outcome, root } = await deliver('file-no-flag');
    expect(outcome.steps.map((s) => s.path)).to.deep.equal(['in/XJMX20261123.TXT']);
    expect(await readdir(join(root, 'in'))).to.deep.equal(['XJMX20261123.TXT']);
  });

  it('file-bad-total: header TOTAL one fen over its lines; the codec rejects it exactly there', async () => {
    const { outcome, root } = await deliver('file-bad-total');
    expect(outcome.findings).to.deep.equal({ field: 'TOTAL', was: '6750', now: '6751' });
    const bytes = Uint8Array.from(await readFile(join(root, 'in/XJMX20261123.TXT')));
    expect(existsSync(join(root, 'in/XJMX20261123.TXT.OK'))).to.equal(true);
    let error: unknown;
    try {
      decodeDailyFile(profile, 'XJMX', bytes, { fileName: 'XJMX20261123.TXT' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(BossFileError);
    expect([(error as BossFileError).reason, (error as BossFileError).field, (error as BossFileError).value]).to.deep.equal(['totalMismatch', 'TOTAL', '6751']);
    // only the header changed
    const lines = (b: Uint8Array) => Buffer.from(b).toString('latin1').split('\r\n');
    expect(lines(bytes).slice(1)).to.deep.equal(lines(xjmx.bytes).slice(1));
    expect(lines(bytes)[0]).to.equal('H|20261123|2|6751|');
  });

  it('file-bad-total on a YH changes SUCCESSTOTAL (the total of the debited lines)', async () => {
    const yh = encodeNamedFile(profile, {
      layout: 'YH',
      header: { TAG: 'H', DATE: '20261123', COUNT: '1', SUCCESSTOTAL: '2250' },
      details: [{ SEQ: '1', CUSTNO: 'C00020004', ACCTNO: '6222020000020004', AMOUNT: '2250', RESULT: '0', BANKSERIAL: '20261123000009' }],
    });
    const { outcome } = await deliver('file-bad-total', { file: yh });
    expect(outcome.findings).to.deep.equal({ field: 'SUCCESSTOTAL', was: '2250', now: '2251' });
  });

  it('file-late-flag: the flag only after delayMs on the clock; nothing beside the file before that', async () => {
    const root = await tempDir('bank-late');
    const clock = new GateClock(EXAMPLE_MS);
    const running = filePersona('file-late-flag').run({ profile, drop: directoryDrop(root), clock, file: xjmx, delayMs: 30_000 });
    while (clock.sleeping === 0) await new Promise((r) => setTimeout(r, 2));
    expect(await readdir(join(root, 'in'))).to.deep.equal(['XJMX20261123.TXT']);
    clock.release();
    const outcome = await running;
    expect((await readdir(join(root, 'in'))).sort()).to.deep.equal(['XJMX20261123.TXT', 'XJMX20261123.TXT.OK']);
    expect(outcome.steps.map((s) => s.at - EXAMPLE_MS)).to.deep.equal([0, 30_000]);
  });

  it('refuses a file whose name is not a daily file of the profile', async () => {
    const error = await deliver('file-bad-total', { file: { name: 'notes.txt', bytes: xjmx.bytes } }).catch((e: unknown) => e);
    expect(error).to.have.property('reason', 'fileName');
  });
});
