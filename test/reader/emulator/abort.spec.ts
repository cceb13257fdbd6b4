import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { bench, command, exchange, settle } from './support.ts';

/** Whether `promise` has settled after pending callbacks ran. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
}

describe('reader emulator: abort (CCID 1.1 §5.3.1, §6.1.13)', () => {
  it('control ABORT first: commands answer CMD_ABORTED (FF) until the bulk Abort with the same bSeq', async () => {
    const { emulator } = bench();
    emulator.controlAbort(0, 5);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 6))).to.deep.equal(['81 00 00 00 00 00 06 41 FF 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.Abort, 0, 5))).to.deep.equal(['81 00 00 00 00 00 05 01 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 7))).to.deep.equal(['81 00 00 00 00 00 07 01 00 00']);
  });

  it('bulk Abort first: it waits for the control ABORT with its bSeq', async () => {
    const { emulator } = bench();
    const bulk = emulator.handle(command(PC_TO_RDR.Abort, 0, 9));
    expect(await isSettled(bulk), 'no answer before the control request').to.equal(false);
    emulator.controlAbort(0, 8);
    expect(await isSettled(bulk), 'another bSeq does not pair').to.equal(false);
    emulator.controlAbort(0, 9);
    expect((await bulk).map(toHex)).to.deep.equal(['81 00 00 00 00 00 09 01 00 00']);
  });

  it('a command running when ABORT comes answers CMD_ABORTED, before the Abort is answered', async () => {
    const { emulator, hold } = bench();
    await emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
    const order: string[] = [];
    const running = emulator.handle(command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E2 00 00')).then((answers) => order.push(...answers.map(toHex)));
    await hold.reached;
    emulator.controlAbort(0, 3);
    const aborting = emulator.handle(command(PC_TO_RDR.Abort, 0, 3)).then((answers) => order.push(...answers.map(toHex)));
    expect(await isSettled(aborting), 'Abort waits for the aborted command').to.equal(false);
    hold.open();
    await Promise.all([running, aborting]);
    expect(order).to.deep.equal(['80 00 00 00 00 00 02 40 FF 00', '81 00 00 00 00 00 03 00 00 00']);
  });

  it('refuses a second bulk Abort while the first waits, and an ABORT for a slot the reader lacks', async () => {
    const { emulator } = bench();
    void emulator.handle(command(PC_TO_RDR.Abort, 0, 1));
    expect(await exchange(emulator, command(PC_TO_RDR.Abort, 0, 2))).to.deep.equal(['81 00 00 00 00 00 02 41 E0 00']);
    expect(() => emulator.controlAbort(1, 0)).to.throw(InputError, /slots 0\.\.0/);
    emulator.controlAbort(0, 1);
  });
});
