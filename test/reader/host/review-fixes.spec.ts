/// <reference types="w3c-web-usb" />
import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import { ReaderLinkError, ReaderProtocolError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { commandTpdu } from '../../../src/reader/host/t0-procedure.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import { WebUsbCcidPort } from '../../../src/reader/transport/webusb-port.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4442Firmware } from '../../../simulators/reader/firmware/sle4442.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { emulatedUsbDevice } from '../../../simulators/reader/webusb-device.ts';
import { answerTo, dataBlock, ScriptedPort, TPDU_READER } from './scripted-port.ts';
import { rejection } from '../fixtures/rejection.ts';

/** `device` with some members replaced; everything else goes to the device itself. */
function patched(device: USBDevice, members: Partial<Record<keyof USBDevice, unknown>>): USBDevice {
  return new Proxy(device, {
    get(target, key, receiver) {
      if (key in members) return members[key as keyof USBDevice];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function sle4442Emulator(profile = READER_PROFILES['acr39u']!): ReaderEmulator {
  const emulator = new ReaderEmulator({ profile, firmware: () => sle4442Firmware });
  emulator.insert(0, cardDefinition('SLE4442').create());
  return emulator;
}

describe('host driver: review fixes', () => {
  describe('APDU to TPDU on a TPDU-level T=0 reader (ISO/IEC 7816-3:2006 §12.2)', () => {
    it('case 1 gets P3 = 00; cases 2 and 3 go as they are; case 4 loses its Le', () => {
      expect(toHex(commandTpdu(parseHex('00 70 00 00')))).to.equal('00 70 00 00 00');
      expect(toHex(commandTpdu(parseHex('00 B0 00 00 10')))).to.equal('00 B0 00 00 10');
      expect(toHex(commandTpdu(parseHex('00 D6 00 00 02 AA BB')))).to.equal('00 D6 00 00 02 AA BB');
      expect(toHex(commandTpdu(parseHex('00 A4 04 00 02 3F 00 00')))).to.equal('00 A4 04 00 02 3F 00');
    });

    it('leaves bytes that fit no short case for the card to refuse', () => {
      expect(toHex(commandTpdu(parseHex('00 D6 00 00 02 AA BB CC DD')))).to.equal('00 D6 00 00 02 AA BB CC DD');
    });

    it('sends a case-1 APDU with P3 = 00 through CcidReader', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [dataBlock(command, parseHex('90 00'))]);
      expect(toHex(await (await CcidReader.open(port)).transmit(0, parseHex('80 70 00 00')))).to.equal('90 00');
      expect(toHex(port.sent[0]!.data)).to.equal('80 70 00 00 00');
    });

    it('case 4: the TPDU without Le, then GET RESPONSE with the command CLA on 61 xx', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bClassGetResponse: 0x00 }, (command, i) =>
        [[dataBlock(command, parseHex('61 03'))], [dataBlock(command, parseHex('01 02 03 90 00'))]][i]!,
      );
      const response = await (await CcidReader.open(port)).transmit(0, parseHex('80 A4 04 00 02 3F 00 00'));
      expect(toHex(response)).to.equal('01 02 03 90 00');
      expect(port.sent.map((m) => toHex(m.data))).to.deep.equal(['80 A4 04 00 02 3F 00', '80 C0 00 00 03']);
    });
  });

  describe('waitForCard with an interrupt channel that stays silent (GemPC Twin between commands)', () => {
    it('still polls GetSlotStatus every pollIntervalMs and finds the card', async () => {
      const port = new ScriptedPort(TPDU_READER, (command, i) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: i < 2 ? 0x02 : 0x01 })], {
        interrupts: true,
      });
      const reader = await CcidReader.open(port, { clock: new VirtualClock(), pollIntervalMs: 400 });
      expect((await reader.waitForCard(0, { timeoutMs: 5000 })).present).to.equal(true);
      expect(port.sent).to.have.length(3);
    });

    it('times out at the deadline, counting the time the port waited on its own timer', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: 0x02 })], { interrupts: true });
      const reader = await CcidReader.open(port, { clock: new VirtualClock(), pollIntervalMs: 400 });
      const error = await rejection(reader.waitForCard(0, { timeoutMs: 1000 }));
      expect(error).to.be.instanceOf(ReaderTimeoutError).and.include({ waitedMs: 1000 });
      expect(port.sent).to.have.length(4); // at 0, 400, 800 and 1000 ms
    });
  });

  describe('WebUsbCcidPort', () => {
    it('reassembles an answer longer than one bulk-IN transfer of a multiple of wMaxPacketSize', async () => {
      // dwMaxCCIDMessageLength 64: the host reads 64 bytes per transfer; a 16-byte read answers 10 + 18 bytes, a 64-byte one 10 + 66.
      const acr39u = READER_PROFILES['acr39u']!;
      const emulator = sle4442Emulator({ ...acr39u, descriptor: { ...acr39u.descriptor, dwMaxCCIDMessageLength: 64 } });
      const lengths: number[] = [];
      const device = emulatedUsbDevice(emulator);
      const spied = patched(device, {
        transferIn: async (endpoint: number, length: number) => {
          const result = await device.transferIn(endpoint, length);
          if (endpoint === 2) lengths.push(result.data!.byteLength);
          return result;
        },
      });
      const reader = await CcidReader.open(await WebUsbCcidPort.open(spied));
      await reader.powerOn(0);
      await reader.transmit(0, parseHex('FF A4 00 00 01 06'));
      const response = await reader.transmit(0, parseHex('FF B0 00 00 40'));
      expect(response.length).to.equal(66);
      expect(toHex(response.subarray(0, 4))).to.equal('A2 13 10 91');
      expect(lengths.slice(-2)).to.deep.equal([64, 12]);
      await reader.close();
    });

    it('clears the halt of a stalled bulk-IN endpoint and reports ReaderProtocolError; the next command works', async () => {
      const emulator = sle4442Emulator();
      const device = emulatedUsbDevice(emulator);
      const cleared: Array<[USBDirection, number]> = [];
      let stallNext = false;
      const stalling = patched(device, {
        transferIn: async (endpoint: number, length: number): Promise<USBInTransferResult> => {
          if (endpoint === 2 && stallNext) {
            stallNext = false;
            await device.transferIn(endpoint, length); // the answer the reader could not deliver
            return { status: 'stall' };
          }
          return device.transferIn(endpoint, length);
        },
        clearHalt: async (direction: USBDirection, endpoint: number) => {
          cleared.push([direction, endpoint]);
          await device.clearHalt(direction, endpoint);
        },
      });
      const reader = await CcidReader.open(await WebUsbCcidPort.open(stalling));
      stallNext = true;
      const error = await rejection(reader.slotStatus(0));
      expect(error).to.be.instanceOf(ReaderProtocolError);
      expect(cleared).to.deep.equal([['in', 2]]);
      expect(await reader.slotStatus(0)).to.include({ present: true });
      await reader.close();
    });

    it('closes the device again when a later step of open() fails', async () => {
      const device = emulatedUsbDevice(sle4442Emulator());
      const failing = patched(device, {
        controlTransferIn: async () => {
          throw new DOMException('GET_DESCRIPTOR failed', 'NetworkError');
        },
      });
      const error = await rejection(WebUsbCcidPort.open(failing));
      expect(error).to.be.instanceOf(ReaderLinkError);
      expect(device.opened).to.equal(false);
      expect(device.configuration!.interfaces[0]!.claimed).to.equal(false);
    });
  });
});
