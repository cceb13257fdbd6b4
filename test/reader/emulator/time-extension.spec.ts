import { expect } from 'chai';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { bench, command, exchange } from './support.ts';

describe('reader emulator: time extension (CCID 1.1 §6.2.6, bmCommandStatus 2)', () => {
  it('sets the threshold to the T=0 work waiting time 960 × 10 × 372 / f (ISO/IEC 7816-3 §10.2)', () => {
    expect(READER_PROFILES['acr39u']!.timeExtensionAfterMs).to.equal(744); // f = 4.8 MHz
    expect(READER_PROFILES['acr38u-ccid']!.timeExtensionAfterMs).to.equal(893); // f = 4 MHz
  });

  it('sends one time extension per threshold the card was busy, then the answer, all with the command bSeq', async () => {
    const { emulator, card } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    card.busyMicros = 1_600_000; // 1.6 s: two full 744 ms periods
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E1 00 00 01 33'))).to.deep.equal([
      '80 00 00 00 00 00 02 80 01 00',
      '80 00 00 00 00 00 02 80 01 00',
      '80 03 00 00 00 00 02 00 00 00 33 90 00',
    ]);
  });

  it('sends none when the card answers within the threshold', async () => {
    const { emulator, card } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    card.busyMicros = 743_000;
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E1 00 00 01 33'))).to.deep.equal(['80 03 00 00 00 00 02 00 00 00 33 90 00']);
  });
});
