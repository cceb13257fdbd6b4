import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { ReaderLinkError } from '../../../src/reader/errors.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { bench, command } from './support.ts';

describe('reader emulator: inProcessPort', () => {
  it('identifies the profile and carries its descriptor', () => {
    const { emulator } = bench('gempc-twin');
    const port = inProcessPort(emulator);
    expect(port.identity).to.deep.include({ transport: 'in-process', name: 'Gemplus GemPC Twin', vendorId: 0x08e6, productId: 0x3437 });
    expect(port.descriptor).to.equal(emulator.profile.descriptor);
  });

  it('queues answers in order, time extensions included', async () => {
    const { emulator, card } = bench();
    const port = inProcessPort(emulator);
    await port.send(command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(toHex(await port.receive(1000))).to.equal('80 06 00 00 00 00 01 00 00 00 3B 04 A2 13 10 91');
    card.busyMicros = 800_000;
    await port.send(command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E1 00 00 01 44'));
    expect(toHex(await port.receive(1000))).to.equal('80 00 00 00 00 00 02 80 01 00');
    expect(toHex(await port.receive(1000))).to.equal('80 03 00 00 00 00 02 00 00 00 44 90 00');
  });

  it('delivers NotifySlotChange on receiveInterrupt, undefined when none comes in time', async () => {
    const { emulator } = bench();
    const port = inProcessPort(emulator);
    // The insertion before the port existed was not reported yet: the port gets it first.
    expect(toHex((await port.receiveInterrupt!(1000))!)).to.equal('50 03');
    emulator.remove(0);
    expect(toHex((await port.receiveInterrupt!(1000))!)).to.equal('50 02');
    expect(await port.receiveInterrupt!(10)).to.equal(undefined);
  });

  it('forwards controlAbort to the emulator', async () => {
    const { emulator } = bench();
    const port = inProcessPort(emulator);
    await port.controlAbort!(0, 4);
    await port.send(command(PC_TO_RDR.Abort, 0, 4));
    expect(toHex(await port.receive(1000))).to.equal('81 00 00 00 00 00 04 01 00 00');
  });

  it('refuses everything once closed, and ends a waiting receive', async () => {
    const { emulator } = bench();
    const port = inProcessPort(emulator);
    const waiting = port.receive(10_000).catch((e: unknown) => e);
    await port.close();
    expect(await waiting).to.be.instanceOf(ReaderLinkError);
    expect(await port.send(command(PC_TO_RDR.GetSlotStatus, 0, 1)).catch((e: unknown) => e)).to.be.instanceOf(ReaderLinkError);
  });
});
