import { expect } from 'chai';
import { VirtualClock, type Clock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { ReaderProtocolError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import type { CcidPort } from '../../../src/reader/transport/ccid-port.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { emulatedUsbDevice } from '../../../simulators/reader/webusb-device.ts';
import { FakeCard, echoFirmware } from '../fixtures/echo-firmware.ts';
import { bench, command, exchange } from './support.ts';
import { rejection } from '../fixtures/rejection.ts';

/** A fake card whose busy time passes on `clock`, as a card model with its write-cycle timing does. */
class ClockedCard extends FakeCard {
  constructor(private readonly clock: Clock) {
    super();
  }

  override async execute(chipCommand: ChipCommand): Promise<ChipResponse> {
    const response = await super.execute(chipCommand);
    await this.clock.sleep(this.busyMicros / 1000);
    return response;
  }
}

/** The port, recording every message `receive` hands to the host. */
function recording(port: CcidPort): { port: CcidPort; received: Uint8Array[] } {
  const received: Uint8Array[] = [];
  const receive = port.receive.bind(port);
  port.receive = async (timeoutMs) => {
    const message = await receive(timeoutMs);
    received.push(message);
    return message;
  };
  return { port, received };
}

const CHIP_COMMAND = parseHex('FF E1 00 00 01 33'); // the echo firmware's one chip command

describe('reader emulator: review fixes', () => {
  describe('late answers on the in-process port', () => {
    it('a delayed answer times out one command; the next command gets its own answer (the late one dropped as stale)', async () => {
      const clock = new VirtualClock();
      const { emulator } = bench('acr39u', { clock });
      const reader = await CcidReader.open(inProcessPort(emulator), { clock, commandTimeoutMs: 100 });
      emulator.faults.delayNext(500);
      expect(await rejection(reader.slotStatus(0))).to.be.instanceOf(ReaderTimeoutError);
      expect(await reader.slotStatus(0)).to.include({ present: true });
      expect(await reader.slotStatus(0)).to.include({ present: true });
    });
  });

  describe('time extensions while the card works (CCID 1.1 §6.2.6, libccid CCID_Receive)', () => {
    it('stamps time extension i at sentAt + (i + 1) × timeExtensionAfterMs and the answer when the command is done', async () => {
      const clock = new VirtualClock();
      const hold = bench('acr39u', { clock, empty: true });
      const card = new ClockedCard(clock);
      hold.emulator.insert(0, card);
      await hold.emulator.handle(command(PC_TO_RDR.IccPowerOn, 0, 1));
      card.busyMicros = 1_600_000;
      const sentAt = clock.now();
      const timed = await hold.emulator.handleTimed(command(PC_TO_RDR.XfrBlock, 0, 2, 'FF E1 00 00 01 33'));
      expect(timed.map((answer) => [toHex(answer.bytes.subarray(0, 8)), answer.at - sentAt])).to.deep.equal([
        ['80 00 00 00 00 00 02 80', 744],
        ['80 00 00 00 00 00 02 80', 1488],
        ['80 03 00 00 00 00 02 00', 1600],
      ]);
    });

    it('a card busy 4 s answers a host waiting 3 s per read: the extensions come in time and each restarts its wait', async () => {
      const clock = new VirtualClock();
      const { emulator } = bench('acr39u', { clock, empty: true });
      const card = new ClockedCard(clock);
      emulator.insert(0, card);
      const { port, received } = recording(inProcessPort(emulator));
      const reader = await CcidReader.open(port, { clock, commandTimeoutMs: 3000 });
      await reader.powerOn(0);
      card.busyMicros = 4_000_000;
      received.length = 0;
      expect(toHex(await reader.transmit(0, CHIP_COMMAND))).to.equal('33 90 00');
      // floor(4000 / 744) = 5 time extensions (bStatus 80), then the DataBlock.
      expect(received.map((message) => toHex(message.subarray(7, 8)))).to.deep.equal(['80', '80', '80', '80', '80', '00']);
    });

    it('without time extensions the same card makes the host time out: the answer comes 4 s after the command', async () => {
      const clock = new VirtualClock();
      const profile = { ...READER_PROFILES['acr39u']!, timeExtensionAfterMs: 60_000 };
      const emulator = new ReaderEmulator({ profile, clock, firmware: () => echoFirmware() });
      const card = new ClockedCard(clock);
      emulator.insert(0, card);
      const reader = await CcidReader.open(inProcessPort(emulator), { clock, commandTimeoutMs: 3000 });
      await reader.powerOn(0);
      card.busyMicros = 4_000_000;
      expect(await rejection(reader.transmit(0, CHIP_COMMAND))).to.be.instanceOf(ReaderTimeoutError);
    });
  });

  describe('corrupted answers reach the host as typed errors with the bytes', () => {
    it('a damaged message type is a ReaderProtocolError carrying the answer as received', async () => {
      const { emulator } = bench();
      const reader = await CcidReader.open(inProcessPort(emulator));
      emulator.faults.corruptNext({ byteIndex: 0, mask: 0x01 });
      const error = await rejection(reader.slotStatus(0));
      expect(error).to.be.instanceOf(ReaderProtocolError);
      expect(toHex((error as ReaderProtocolError).bytes)).to.equal('80 00 00 00 00 00 00 01 00 00');
      expect(await reader.slotStatus(0)).to.include({ present: true });
    });

    it('a damaged dwLength is a ReaderProtocolError carrying the answer', async () => {
      const { emulator } = bench();
      const reader = await CcidReader.open(inProcessPort(emulator));
      emulator.faults.corruptNext({ byteIndex: 1, mask: 0x01 });
      const error = await rejection(reader.slotStatus(0));
      expect(error).to.be.instanceOf(ReaderProtocolError);
      expect(toHex((error as ReaderProtocolError).bytes)).to.equal('81 01 00 00 00 00 00 01 00 00');
    });
  });

  describe('Escape', () => {
    it('answers 06, what libccid sends a reader named SEC1210 instead of 02 (ccid_serial.c), like 02', async () => {
      const { emulator } = bench('gempc-twin', { empty: true });
      const [firmware] = await exchange(emulator, command(PC_TO_RDR.Escape, 0, 1, '02'));
      const [probe] = await exchange(emulator, command(PC_TO_RDR.Escape, 0, 2, '06'));
      expect(probe).to.equal(firmware!.replace('00 01 02 00 00', '00 02 02 00 00'));
      expect(probe!.slice(0, 29)).to.equal('83 13 00 00 00 00 02 02 00 00');
    });
  });

  describe('WebUSB device', () => {
    const bytes = (result: USBInTransferResult): Uint8Array => new Uint8Array(result.data!.buffer, result.data!.byteOffset, result.data!.byteLength);

    it('ends a bulk-IN transfer of a multiple of wMaxPacketSize after `length` bytes; the rest comes in the next transfer', async () => {
      const { emulator } = bench();
      const device = emulatedUsbDevice(emulator);
      await device.open();
      await device.claimInterface(0);
      await device.transferOut(2, command(PC_TO_RDR.IccPowerOn, 0, 1));
      await device.transferIn(2, 64);
      const data = '00 '.repeat(60).trim(); // echoed back with 90 00: a 72-byte answer
      await device.transferOut(2, command(PC_TO_RDR.XfrBlock, 0, 2, `FF E0 00 00 3C ${data}`));
      const first = await device.transferIn(2, 64);
      expect(first.status).to.equal('ok');
      expect(bytes(first).length).to.equal(64);
      const second = await device.transferIn(2, 64);
      expect(second.status).to.equal('ok');
      expect(bytes(second).length).to.equal(8);
      expect(toHex(bytes(second).subarray(-2))).to.equal('90 00');
    });

    it('listens to the emulator only while open: a device never opened leaves the insertion report to the next subscriber', async () => {
      const { emulator } = bench(); // the insertion is not reported yet
      emulatedUsbDevice(emulator);
      const port = inProcessPort(emulator);
      expect(toHex((await port.receiveInterrupt!(1000))!)).to.equal('50 03');
    });
  });
});
