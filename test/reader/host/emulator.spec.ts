import { expect } from 'chai';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ReaderCommandError, ReaderLinkError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4442Firmware } from '../../../simulators/reader/firmware/sle4442.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { rejection } from '../fixtures/rejection.ts';

/** An ACR39U emulator whose firmware drives SLE4442 cards. */
function emulator(profile = READER_PROFILES['acr39u']!): ReaderEmulator {
  return new ReaderEmulator({ profile, firmware: () => sle4442Firmware });
}

describe('CcidReader against the reader emulator (inProcessPort)', () => {
  it('waits for a card on the interrupt channel, powers it on and reads it with ACS pseudo-APDUs', async () => {
    const device = emulator();
    const reader = await CcidReader.open(inProcessPort(device));
    expect((await reader.slotStatus(0)).present).to.equal(false);
    const waiting = reader.waitForCard(0, { timeoutMs: 5000 });
    setImmediate(() => device.insert(0, cardDefinition('SLE4442').create()));
    expect((await waiting).present).to.equal(true);
    // ATR 3B 04 + the chip's A2 13 10 91 (research cards_readers.md §0, pcsc-tools #46 trace).
    expect(toHex(await reader.powerOn(0))).to.equal('3B 04 A2 13 10 91');
    const channel = reader.channel(0);
    expect(toHex(await channel.transmit(parseHex('FF A4 00 00 01 06')))).to.equal('90 00');
    // The first main-memory bytes of an SLE4442 are its ATR header (research §6B dump: A2 13 10 91 FF FF 81 15).
    expect(toHex(await channel.transmit(parseHex('FF B0 00 00 04')))).to.equal('A2 13 10 91 90 00');
    expect((await reader.powerOff(0)).active).to.equal(false);
    await reader.close();
  });

  it('times out when the emulator drops an answer, then goes on with the next command', async () => {
    const device = emulator();
    device.insert(0, cardDefinition('SLE4442').create());
    const reader = await CcidReader.open(inProcessPort(device), { commandTimeoutMs: 50 });
    device.faults.dropNext();
    expect(await rejection(reader.slotStatus(0))).to.be.instanceOf(ReaderTimeoutError);
    expect((await reader.slotStatus(0)).present).to.equal(true);
    await reader.close();
  });

  it('fails with ReaderLinkError once the reader is unplugged', async () => {
    const device = emulator();
    const reader = await CcidReader.open(inProcessPort(device));
    await reader.slotStatus(0);
    device.faults.unplug();
    expect(await rejection(reader.slotStatus(0))).to.be.instanceOf(ReaderLinkError);
  });

  it('reports the ACR38U-CCID refusing SetParameters for a memory card as ReaderCommandError bError 00 (LudovicRousseau/PCSC#103)', async () => {
    const device = emulator(READER_PROFILES['acr38u-ccid']!);
    device.insert(0, cardDefinition('SLE4442').create());
    const reader = await CcidReader.open(inProcessPort(device));
    await reader.powerOn(0);
    // libccid's default T=0 parameters (research cards_readers.md §1.3): Fi/Di 11, TCCKS 00, guard 00, WI 0A, clock stop 00.
    const error = await rejection(reader.setParameters(0, 0, parseHex('11 00 00 0A 00')));
    expect(error).to.be.instanceOf(ReaderCommandError).and.include({ slotError: 0x00 });
    await reader.close();
  });

  it('aborts: ABORT request and PC_to_RDR_Abort answered with SlotStatus (§5.3.1)', async () => {
    const device = emulator();
    device.insert(0, cardDefinition('SLE4442').create());
    const reader = await CcidReader.open(inProcessPort(device));
    expect((await reader.abort(0)).present).to.equal(true);
    expect((await reader.slotStatus(0)).present).to.equal(true);
    await reader.close();
  });
});
