import { expect } from 'chai';
import { poweredCard, send } from './helpers.ts';

const SEQUENCE: Array<[string, number]> = [
  ['31 00 00', 0],
  ['39 00 03', 2500],
  ['33 01 12', 0],
  ['33 02 34', 0],
  ['33 03 56', 0],
  ['39 00 FF', 2500],
  ['39 00 FF', 0],
  ['38 40 55', 2500],
  ['38 40 AA', 5000],
  ['38 40 AA', 2500],
  ['38 40 FF', 2500],
  ['38 40 FF', 0],
  ['38 00 00', 0],
  ['3C 10 FF', 2500],
  ['3C 11 00', 0],
  ['39 01 00', 2500],
  ['39 01 12', 5000],
  ['30 00 00', 0],
  ['34 00 00', 0],
  ['FF 00 00', 0],
];

describe('SLE4442 emulator: timing model (2.5 ms per erase and per write)', () => {
  it('reports busyMicros per programming phase when on (the default)', async () => {
    const card = await poweredCard({ timing: undefined });
    for (const [hex, micros] of SEQUENCE) expect((await send(card, hex)).busyMicros, hex).to.equal(micros);
  });

  it('reports 0 for everything when off, with the same results', async () => {
    const card = await poweredCard({ timing: false });
    for (const [hex] of SEQUENCE) expect((await send(card, hex)).busyMicros, hex).to.equal(0);
    expect(Array.from((await send(card, '30 40 00', 1)).data)).to.deep.equal([0xff]);
    expect(Array.from((await send(card, '34 00 00')).data)).to.deep.equal([0x00, 0xff, 0x1e, 0xf8]);
  });
});
