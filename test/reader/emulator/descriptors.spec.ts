import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { decodeClassDescriptor } from '../../../src/reader/ccid/descriptor.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';

/** Splits a configuration descriptor into its descriptors by bLength (USB 2.0 §9.5). */
function descriptors(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += bytes[offset]!) {
    if (bytes[offset] === 0) throw new Error(`zero bLength at ${offset}`);
    out.push(bytes.subarray(offset, offset + bytes[offset]!));
  }
  return out;
}

describe('reader emulator: USB descriptors (USB 2.0 §9.6, CCID 1.1 §4, §5)', () => {
  it('gives the ACR39U device descriptor: 18 bytes, VID 072F PID B100, bcdDevice 2.16', () => {
    const emulator = new ReaderEmulator();
    // bLength 12, type 01, bcdUSB 0200, class/subclass/protocol 0 (per interface), ep0 64,
    // idVendor 2F 07, idProduct 00 B1, bcdDevice 16 02, strings 1 and 2, no serial, 1 configuration.
    expect(toHex(emulator.deviceDescriptor())).to.equal('12 01 00 02 00 00 00 40 2F 07 00 B1 16 02 01 02 00 01');
  });

  for (const profile of Object.values(READER_PROFILES)) {
    it(`${profile.name}: the configuration descriptor decodes back to the profile`, () => {
      const bytes = new ReaderEmulator({ profile }).configurationDescriptor();
      const [config, iface, ccid, ...endpoints] = descriptors(bytes);
      expect(config![1], 'configuration type').to.equal(2);
      expect(config![2]! | (config![3]! << 8), 'wTotalLength').to.equal(bytes.length);
      expect(bytes.length).to.equal(9 + 9 + 54 + 3 * 7);
      expect([iface![1], iface![4], iface![5]], 'interface: type 4, 3 endpoints, class 0B').to.deep.equal([4, 3, 0x0b]);
      expect(decodeClassDescriptor(ccid!)).to.deep.equal(profile.descriptor);
      expect(decodeClassDescriptor(ccid!).bMaxSlotIndex).to.equal(profile.slots - 1);
      // Endpoint address and transfer type: bulk OUT, bulk IN, interrupt IN (CCID §5.2).
      expect(endpoints.map((e) => [e[1], e[2], e[3]! & 3])).to.deep.equal([
        [5, 0x02, 2],
        [5, 0x82, 2],
        [5, 0x83, 3],
      ]);
      const device = new ReaderEmulator({ profile }).deviceDescriptor();
      expect(device[8]! | (device[9]! << 8)).to.equal(profile.vendorId);
      expect(device[10]! | (device[11]! << 8)).to.equal(profile.productId);
    });
  }

  it('copies the readers/ dumps: dwFeatures, dwMaxIFSD, voltages and slots per profile', () => {
    const pick = (name: string): number[] => {
      const d = READER_PROFILES[name]!.descriptor;
      return [d.bcdCCID, d.bVoltageSupport, d.dwFeatures, d.dwMaxIFSD, d.dwMaxCCIDMessageLength, d.bMaxSlotIndex];
    };
    expect(pick('acr39u')).to.deep.equal([0x0110, 0x07, 0x000100b2, 247, 271, 0]); // ACS_ACR39U_ICC_Reader.txt
    expect(pick('acr38u-ccid')).to.deep.equal([0x0100, 0x01, 0x00010030, 254, 271, 0]); // ACR38U-CCID.txt
    expect(pick('gempc-twin')).to.deep.equal([0x0100, 0x07, 0x00010230, 254, 271, 0]); // ccid_serial.c GEMPCTWIN
    expect(pick('dual-slot')).to.deep.equal([0x0100, 0x07, 0x00010230, 254, 271, 1]); // GemCoreSIMPro.txt
  });
});
