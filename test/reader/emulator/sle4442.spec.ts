import { expect } from 'chai';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4442Firmware } from '../../../simulators/reader/firmware/sle4442.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { command, exchange } from './support.ts';

/** The emulator with the real SLE4442 firmware and a factory-fresh card (PSC FF FF FF). */
function sle4442Reader(): { emulator: ReaderEmulator; card: ReturnType<ReturnType<typeof cardDefinition>['create']> } {
  const emulator = new ReaderEmulator({ firmware: () => sle4442Firmware });
  const card = cardDefinition('SLE4442').create({ timing: false });
  emulator.insert(0, card);
  return { emulator, card };
}

describe('reader emulator with the SLE4442 firmware', () => {
  it('powers the card on with ATR 3B 04 A2 13 10 91 and reads it through XfrBlock, as an ACR38U does (research §6B)', async () => {
    const { emulator } = sle4442Reader();
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 0, 1))).to.deep.equal(['80 06 00 00 00 00 01 00 00 00 3B 04 A2 13 10 91']);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 2, 'FF A4 00 00 01 06'))).to.deep.equal(['80 02 00 00 00 00 02 00 00 00 90 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 3, 'FF B0 00 00 04'))).to.deep.equal([
      '80 06 00 00 00 00 03 00 00 00 A2 13 10 91 90 00',
    ]);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 4, 'FF 20 00 00 03 FF FF FF'))).to.deep.equal([
      '80 02 00 00 00 00 04 00 00 00 90 07',
    ]);
  });

  it('answers ICC_MUTE and deactivates the slot when the card loses power mid-write', async () => {
    const { emulator, card } = sle4442Reader();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    await emulator.handle(command(PC_TO_RDR.XfrBlock, 0, 2, 'FF 20 00 00 03 FF FF FF'));
    card.faults.powerLossAfter(0);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 3, 'FF D0 00 40 01 55'))).to.deep.equal(['80 00 00 00 00 00 03 41 FE 00']);
    expect(emulator.slots[0]!.powered).to.equal(false);
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 4, 'FF B0 00 40 01'))).to.deep.equal(['80 00 00 00 00 00 04 41 FE 00']);
  });
});
