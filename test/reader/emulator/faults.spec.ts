import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { ReaderLinkError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { bench, command, exchange } from './support.ts';

describe('reader emulator: faults', () => {
  it('delays the next answers on the emulator clock; a VirtualClock costs no real time', async () => {
    const clock = new VirtualClock();
    const { emulator } = bench('acr39u', { clock });
    emulator.faults.delayNext(5000, 2);
    const realStart = Date.now();
    const virtualStart = clock.now();
    await emulator.handle(command(PC_TO_RDR.GetSlotStatus, 0, 1));
    await emulator.handle(command(PC_TO_RDR.GetSlotStatus, 0, 2));
    await emulator.handle(command(PC_TO_RDR.GetSlotStatus, 0, 3));
    expect(clock.now() - virtualStart).to.equal(10_000);
    expect(Date.now() - realStart).to.be.lessThan(1000);
  });

  it('a delayed answer times out a receive on the port and waits for the next receive', async () => {
    const clock = new VirtualClock();
    const { emulator } = bench('acr39u', { clock });
    const port = inProcessPort(emulator);
    emulator.faults.delayNext(500);
    await port.send(command(PC_TO_RDR.GetSlotStatus, 0, 1));
    const error = await port.receive(100).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ReaderTimeoutError).with.property('waitedMs', 100);
    expect((await port.receive(1000))[6], 'the late answer, bSeq 1').to.equal(1);
  });

  it('drops the next final answer', async () => {
    const { emulator } = bench();
    emulator.faults.dropNext();
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 1))).to.deep.equal([]);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 2))).to.deep.equal(['81 00 00 00 00 00 02 01 00 00']);
    const port = inProcessPort(emulator);
    emulator.faults.dropNext();
    await port.send(command(PC_TO_RDR.GetSlotStatus, 0, 3));
    expect(await port.receive(20).catch((e: unknown) => e)).to.be.instanceOf(ReaderTimeoutError);
  });

  it('flips a byte of the next answer: the last one by default, or the one named', async () => {
    const { emulator } = bench();
    emulator.faults.corruptNext();
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 1))).to.deep.equal(['81 00 00 00 00 00 01 01 00 FF']);
    emulator.faults.corruptNext({ byteIndex: 6, mask: 0x01 });
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 2))).to.deep.equal(['81 00 00 00 00 00 03 01 00 00']);
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 4))).to.deep.equal(['81 00 00 00 00 00 04 01 00 00']);
  });

  it('clear() disarms what is armed', async () => {
    const { emulator } = bench();
    emulator.faults.dropNext(3);
    emulator.faults.corruptNext();
    emulator.faults.clear();
    expect(await exchange(emulator, command(PC_TO_RDR.GetSlotStatus, 0, 1))).to.deep.equal(['81 00 00 00 00 00 01 01 00 00']);
  });

  it('unplug: every later call fails with ReaderLinkError, and waiting reads end with it', async () => {
    const { emulator } = bench();
    const port = inProcessPort(emulator);
    const waiting = port.receive(10_000).catch((e: unknown) => e);
    const abortWaiting = emulator.handle(command(PC_TO_RDR.Abort, 0, 1)).catch((e: unknown) => e);
    emulator.faults.unplug();
    expect(emulator.faults.unplugged).to.equal(true);
    expect(await waiting).to.be.instanceOf(ReaderLinkError);
    expect(await abortWaiting).to.be.instanceOf(ReaderLinkError);
    expect(await emulator.handle(command(PC_TO_RDR.GetSlotStatus, 0, 2)).catch((e: unknown) => e)).to.be.instanceOf(ReaderLinkError);
    expect(() => emulator.controlAbort(0, 1)).to.throw(ReaderLinkError);
    expect(() => emulator.onInterrupt(() => undefined)).to.throw(ReaderLinkError);
    expect(await port.send(command(PC_TO_RDR.GetSlotStatus, 0, 3)).catch((e: unknown) => e)).to.be.instanceOf(ReaderLinkError);
  });
});
