/// <reference types="w3c-web-usb" />
import { expect } from 'chai';
import { DecodeError } from '../../../src/core/errors.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ReaderLinkError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import { openUsbReader } from '../../../src/reader/transport/open-usb.ts';
import { ccidDescriptorOfInterface } from '../../../src/reader/transport/usb-config-descriptor.ts';
import { WebUsbCcidPort } from '../../../src/reader/transport/webusb-port.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4442Firmware } from '../../../simulators/reader/firmware/sle4442.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { emulatedUsbDevice } from '../../../simulators/reader/webusb-device.ts';
import { rejection } from '../fixtures/rejection.ts';

function emulator(profile = 'acr39u'): ReaderEmulator {
  return new ReaderEmulator({ profile: READER_PROFILES[profile]!, firmware: () => sle4442Firmware });
}

/**
 * The device as a full-speed bus delivers it: bulk IN answers come `chunk` bytes per transferIn, the
 * way a message longer than wMaxPacketSize may reach a host that reads packet by packet.
 */
function chunkedBulkIn(device: USBDevice, chunk: number): USBDevice {
  const bulkInNumber = device.configurations[0]!.interfaces[0]!.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'bulk')!.endpointNumber;
  let rest = new Uint8Array(0);
  return new Proxy(device, {
    get(target, key, receiver) {
      if (key === 'transferIn') {
        return async (endpoint: number, length: number): Promise<USBInTransferResult> => {
          if (endpoint !== bulkInNumber) return target.transferIn(endpoint, length);
          if (rest.length === 0) {
            const result = await target.transferIn(endpoint, length);
            rest = new Uint8Array(result.data!.buffer, result.data!.byteOffset, result.data!.byteLength).slice();
          }
          const piece = rest.slice(0, chunk);
          rest = rest.slice(chunk);
          return { status: 'ok', data: new DataView(piece.buffer) };
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The device with its interrupt IN endpoint taken out of the interface (it is optional, CCID 1.1 §5.2). */
function withoutInterruptEndpoint(device: USBDevice): USBDevice {
  const original = device.configurations[0]!;
  const iface = original.interfaces[0]!;
  const alternate = { ...iface.alternate, endpoints: iface.alternate.endpoints.filter((e) => e.type !== 'interrupt') };
  const configuration: USBConfiguration = { ...original, interfaces: [{ ...iface, alternate, alternates: [alternate], claimed: false }] };
  return new Proxy(device, {
    get(target, key, receiver) {
      if (key === 'configuration') return configuration;
      if (key === 'configurations') return [configuration];
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('WebUsbCcidPort (CCID over WebUSB)', () => {
  it('finds the class-0B interface, claims it and reads the CCID class descriptor with GET_DESCRIPTOR', async () => {
    const device = emulator('acr38u-ccid');
    const port = await WebUsbCcidPort.open(emulatedUsbDevice(device));
    expect(port.descriptor).to.deep.equal(READER_PROFILES['acr38u-ccid']!.descriptor);
    expect(port.identity).to.include({ transport: 'usb', vendorId: 0x072f, productId: 0x90cc, name: 'ACR38 USB Reader' });
    await port.close();
  });

  it('runs a whole session through CcidReader: NotifySlotChange on interrupt IN, ATR, pseudo-APDUs on bulk', async () => {
    const device = emulator();
    const reader = await CcidReader.open(await WebUsbCcidPort.open(emulatedUsbDevice(device)));
    const waiting = reader.waitForCard(0, { timeoutMs: 5000 });
    setImmediate(() => device.insert(0, cardDefinition('SLE4442').create()));
    expect((await waiting).present).to.equal(true);
    expect(toHex(await reader.powerOn(0))).to.equal('3B 04 A2 13 10 91');
    expect(toHex(await reader.transmit(0, parseHex('FF A4 00 00 01 06')))).to.equal('90 00');
    expect(toHex(await reader.transmit(0, parseHex('FF B0 00 00 04')))).to.equal('A2 13 10 91 90 00');
    await reader.close();
  });

  it('reassembles a message that arrives in several transferIn chunks, by dwLength', async () => {
    const device = emulator();
    device.insert(0, cardDefinition('SLE4442').create());
    const reader = await CcidReader.open(await WebUsbCcidPort.open(chunkedBulkIn(emulatedUsbDevice(device), 8)));
    await reader.powerOn(0);
    await reader.transmit(0, parseHex('FF A4 00 00 01 06'));
    const response = await reader.transmit(0, parseHex('FF B0 00 00 20')); // 10 + 34 bytes: 6 chunks
    expect(response).to.have.length(34);
    expect(toHex(response.subarray(0, 4))).to.equal('A2 13 10 91');
    await reader.close();
  });

  it('times out on a dropped answer and keeps the pending read for the next command', async () => {
    const device = emulator();
    device.insert(0, cardDefinition('SLE4442').create());
    const reader = await CcidReader.open(await WebUsbCcidPort.open(emulatedUsbDevice(device)), { commandTimeoutMs: 30 });
    device.faults.dropNext();
    expect(await rejection(reader.slotStatus(0))).to.be.instanceOf(ReaderTimeoutError);
    expect((await reader.slotStatus(0)).present).to.equal(true);
    await reader.close();
  });

  it('sends ABORT as a class request to the interface, then PC_to_RDR_Abort (§5.3.1)', async () => {
    const device = emulator();
    device.insert(0, cardDefinition('SLE4442').create());
    const reader = await CcidReader.open(await WebUsbCcidPort.open(emulatedUsbDevice(device)));
    expect((await reader.abort(0)).present).to.equal(true);
    await reader.close();
  });

  it('has no interrupt channel without an interrupt IN endpoint, so CcidReader polls GetSlotStatus', async () => {
    const device = emulator();
    const port = await WebUsbCcidPort.open(withoutInterruptEndpoint(emulatedUsbDevice(device)));
    expect(port.receiveInterrupt).to.equal(undefined);
    const reader = await CcidReader.open(port, { pollIntervalMs: 5 });
    const waiting = reader.waitForCard(0, { timeoutMs: 5000 });
    setTimeout(() => device.insert(0, cardDefinition('SLE4442').create()), 20);
    expect((await waiting).present).to.equal(true);
    await reader.close();
  });

  it('turns an unplugged device into ReaderLinkError, also for a read already waiting', async () => {
    const device = emulator();
    const port = await WebUsbCcidPort.open(emulatedUsbDevice(device));
    const reader = await CcidReader.open(port);
    const waitingInterrupt = port.receiveInterrupt!(5000);
    device.faults.unplug();
    expect(await rejection(waitingInterrupt)).to.be.instanceOf(ReaderLinkError);
    expect(await rejection(reader.slotStatus(0))).to.be.instanceOf(ReaderLinkError);
  });

  describe('openUsbReader', () => {
    it('opens the device WebUSB requestDevice finds for the vendor and product id', async () => {
      const device = emulator();
      const filters: USBDeviceFilter[] = [];
      const port = await openUsbReader(0x072f, 0xb100, {
        usb: {
          requestDevice: async (options: USBDeviceRequestOptions) => {
            filters.push(...options.filters);
            return emulatedUsbDevice(device);
          },
        },
      });
      expect(filters).to.deep.equal([{ vendorId: 0x072f, productId: 0xb100 }]);
      expect(port.descriptor.dwFeatures).to.equal(0x000100b2);
      await port.close();
    });

    it('reports "no such device" (WebUSB NotFoundError) as ReaderLinkError naming VID:PID', async () => {
      const notFound = Object.assign(new Error("Failed to execute 'requestDevice' on 'USB': No device selected."), { name: 'NotFoundError' });
      const error = await rejection(openUsbReader(0x072f, 0xb100, { usb: { requestDevice: () => Promise.reject(notFound) } }));
      expect(error).to.be.instanceOf(ReaderLinkError);
      expect((error as Error).message).to.equal('no USB reader 072F:B100 is connected');
    });

    it('reports a machine without USB (this one has no /sys/bus/usb) or without the device as ReaderLinkError, through the usb package', async () => {
      const error = await rejection(openUsbReader(0xfffe, 0xfffd));
      expect(error).to.be.instanceOf(ReaderLinkError);
      expect((error as Error).message).to.match(/FFFE:FFFD/).and.match(/USB is not available on this machine|is connected/);
    });
  });

  describe('ccidDescriptorOfInterface (CCID 1.1 §5.1 inside the configuration descriptor)', () => {
    it('finds the 54-byte type-21 descriptor after interface 0 of class 0B', () => {
      const profile = READER_PROFILES['gempc-twin']!;
      const configuration = new ReaderEmulator({ profile }).configurationDescriptor();
      expect(ccidDescriptorOfInterface(configuration, 0)).to.deep.equal(profile.descriptor);
    });

    it('refuses a configuration without one, or with a broken bLength, keeping the bytes', () => {
      const noCcid = parseHex('09 02 12 00 01 01 00 80 32  09 04 00 00 00 03 00 00 00');
      expect(() => ccidDescriptorOfInterface(noCcid, 0)).to.throw(DecodeError, /no CCID class descriptor/);
      const broken = parseHex('09 02 12 00 01 01 00 80 32  40 04 00');
      expect(() => ccidDescriptorOfInterface(broken, 0)).to.throw(DecodeError, /broken at byte 9/).with.property('bytes', broken);
    });
  });
});
