import { expect } from 'chai';
import fc from 'fast-check';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { bench, command, exchange, settle } from './support.ts';

describe('reader emulator: CCID header checks (CCID 1.1 §6, §6.2.6)', () => {
  it('echoes bSeq and bSlot in the answer to any message type', async () => {
    const { emulator } = bench();
    // Abort is left out: alone it waits for its control request (abort.spec.ts).
    const types = fc.integer({ min: 0, max: 255 }).filter((type) => type !== PC_TO_RDR.Abort);
    await fc.assert(
      fc.asyncProperty(types, fc.integer({ min: 0, max: 255 }), async (type, seq) => {
        const answers = await emulator.handle(command(type, 0, seq, type === PC_TO_RDR.SetParameters ? '11 00 00 0A 00' : ''));
        for (const answer of answers) {
          expect(answer[5], 'bSlot').to.equal(0);
          expect(answer[6], 'bSeq').to.equal(seq);
        }
        await emulator.handle(command(PC_TO_RDR.IccPowerOff, 0, 0));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a bSlot above bMaxSlotIndex with bError 05 and bmICCStatus 2', async () => {
    const { emulator } = bench();
    // SlotStatus, failed (0x40) + absent (2) = 0x42, bError 05.
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 1, 7))).to.deep.equal(['81 00 00 00 00 01 07 42 05 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.IccPowerOn, 5, 8))).to.deep.equal(['80 00 00 00 00 05 08 42 05 00']);
  });

  it('refuses a dwLength that disagrees with the bytes with bError 01', async () => {
    const { emulator } = bench();
    const lying = command(PC_TO_RDR.XfrBlock, 0, 3, 'FF E0 00 00 01 AA');
    lying[1] = 2; // says 2 data bytes, 6 follow
    expect(await exchange(emulator, lying)).to.deep.equal(['80 00 00 00 00 00 03 41 01 00']);
    expect(await exchange(emulator, Uint8Array.of(0x65, 0, 0, 0, 0, 0, 4))).to.deep.equal(['81 00 00 00 00 00 04 41 01 00']);
  });

  it('refuses a message longer than dwMaxCCIDMessageLength (271) with bError 01', async () => {
    const { emulator } = bench();
    const data = ' 00'.repeat(262); // 10 + 262 = 272 bytes
    expect(await exchange(emulator, command(PC_TO_RDR.XfrBlock, 0, 9, data))).to.deep.equal(['80 00 00 00 00 00 09 41 01 00']);
    const fits = command(PC_TO_RDR.Escape, 0, 10, ' 00'.repeat(261));
    expect((await emulator.handle(fits))[0]![8], 'a 271-byte message passes the length check').to.equal(0x00);
  });

  it('answers unsupported and unknown message types with the right answer type, failed, bError 00', async () => {
    const { emulator } = bench();
    // Table 6.1-1: IccClock and Mechanical → SlotStatus, Secure → DataBlock, SetDataRateAndClockFrequency → 84 (8 data bytes).
    expect(await exchange(emulator, command(PC_TO_RDR.IccClock, 0, 1))).to.deep.equal(['81 00 00 00 00 00 01 41 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.Secure, 0, 2, '00'))).to.deep.equal(['80 00 00 00 00 00 02 41 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.Mechanical, 0, 3))).to.deep.equal(['81 00 00 00 00 00 03 41 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.T0APDU, 0, 4))).to.deep.equal(['81 00 00 00 00 00 04 41 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.SetDataRateAndClockFrequency, 0, 5, '00 00 00 00 00 00 00 00'))).to.deep.equal([
      '84 08 00 00 00 00 05 41 00 00 00 00 00 00 00 00 00 00',
    ]);
    expect(await exchange(emulator, command(0x99, 0, 6))).to.deep.equal(['81 00 00 00 00 00 06 41 00 00']);
  });

  it('answers CMD_SLOT_BUSY (E0) to a command for a slot that is still working', async () => {
    const { emulator, hold } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    const held = emulator.handle(command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E2 00 00'));
    await hold.reached;
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 3))).to.deep.equal(['81 00 00 00 00 00 03 40 E0 00']);
    hold.open();
    expect((await held).map((a) => a[7])).to.deep.equal([0x00]);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 4))).to.deep.equal(['81 00 00 00 00 00 04 00 00 00']);
  });

  it('keeps to bMaxCCIDBusySlots = 1: a two-slot reader refuses slot 1 while slot 0 works', async () => {
    const { emulator, hold } = bench('dual-slot');
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    const held = emulator.handle(command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E2 00 00'));
    await hold.reached;
    // Slot 1 is empty: bmICCStatus 2 with failed = 0x42.
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 1, 3))).to.deep.equal(['81 00 00 00 00 01 03 42 E0 00']);
    hold.open();
    await held;
    await settle();
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 1, 4))).to.deep.equal(['81 00 00 00 00 01 04 02 00 00']);
  });
});
