import { concatBytes } from '../../src/core/hex.ts';
import { CCID_INTERFACE_CLASS } from '../../src/reader/ccid/constants.ts';
import { encodeClassDescriptor } from '../../src/reader/ccid/descriptor.ts';
import { USB_DESCRIPTOR_TYPE } from '../../src/reader/transport/usb-config-descriptor.ts';
import type { ReaderProfile } from './profiles.ts';


/**
 * The emulated reader's endpoints: the three a CCID interface has (CCID 1.1 §3.1, §5.2). The
 * addresses are the emulator's choice (the readers/ dumps do not list them); hosts find them in the
 * configuration descriptor, as libccid and WebUSB do.
 */
export const CCID_ENDPOINTS = {
  bulkOut: { address: 0x02, packetSize: 64 },
  bulkIn: { address: 0x82, packetSize: 64 },
  /** bInterval 16 ms; NotifySlotChange is 2 bytes for up to 4 slots (§6.3.1), 8 is plenty. */
  interruptIn: { address: 0x83, packetSize: 8, intervalMs: 16 },
} as const;

/** String descriptor indexes used in the device descriptor. */
export const USB_STRING_INDEX = { manufacturer: 1, product: 2, serialNumber: 3 } as const;

/** The interface and configuration the reader exposes. */
export const CCID_INTERFACE_NUMBER = 0;
export const CCID_CONFIGURATION_VALUE = 1;

const DEVICE_DESCRIPTOR_LENGTH = 18;
const CONFIGURATION_HEADER_LENGTH = 9;
const INTERFACE_DESCRIPTOR_LENGTH = 9;
const ENDPOINT_DESCRIPTOR_LENGTH = 7;

/** The 18-byte device descriptor (USB 2.0 §9.6.1); class 0: the class is given per interface (CCID §4.1). */
export function deviceDescriptor(profile: ReaderProfile): Uint8Array {
  const out = new Uint8Array(DEVICE_DESCRIPTOR_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = DEVICE_DESCRIPTOR_LENGTH;
  out[1] = USB_DESCRIPTOR_TYPE.device;
  view.setUint16(2, profile.bcdUsb, true);
  out[4] = 0; // bDeviceClass
  out[5] = 0; // bDeviceSubClass
  out[6] = 0; // bDeviceProtocol
  out[7] = 64; // bMaxPacketSize0
  view.setUint16(8, profile.vendorId, true);
  view.setUint16(10, profile.productId, true);
  view.setUint16(12, profile.bcdDevice, true);
  out[14] = USB_STRING_INDEX.manufacturer;
  out[15] = USB_STRING_INDEX.product;
  out[16] = profile.serialNumber === undefined ? 0 : USB_STRING_INDEX.serialNumber;
  out[17] = 1; // bNumConfigurations
  return out;
}

/**
 * The configuration descriptor with everything under it, as GET_DESCRIPTOR(CONFIGURATION) returns
 * it: configuration, interface (class 0x0B, CCID §4.3), CCID class descriptor (§5.1, right after
 * the interface), then bulk-OUT, bulk-IN and interrupt-IN endpoints (§5.2).
 */
export function configurationDescriptor(profile: ReaderProfile): Uint8Array {
  const ccid = encodeClassDescriptor(profile.descriptor);
  const endpoints = [
    endpointDescriptor(CCID_ENDPOINTS.bulkOut.address, 0x02, CCID_ENDPOINTS.bulkOut.packetSize, 0),
    endpointDescriptor(CCID_ENDPOINTS.bulkIn.address, 0x02, CCID_ENDPOINTS.bulkIn.packetSize, 0),
    endpointDescriptor(CCID_ENDPOINTS.interruptIn.address, 0x03, CCID_ENDPOINTS.interruptIn.packetSize, CCID_ENDPOINTS.interruptIn.intervalMs),
  ];
  const total = CONFIGURATION_HEADER_LENGTH + INTERFACE_DESCRIPTOR_LENGTH + ccid.length + endpoints.length * ENDPOINT_DESCRIPTOR_LENGTH;
  const header = new Uint8Array(CONFIGURATION_HEADER_LENGTH);
  header[0] = CONFIGURATION_HEADER_LENGTH;
  header[1] = USB_DESCRIPTOR_TYPE.configuration;
  new DataView(header.buffer).setUint16(2, total, true); // wTotalLength
  header[4] = 1; // bNumInterfaces
  header[5] = CCID_CONFIGURATION_VALUE;
  header[6] = 0; // iConfiguration
  header[7] = 0x80; // bmAttributes: bus powered, no remote wake-up (dwFeatures has no USB wake-up bit)
  header[8] = 50; // bMaxPower, 2 mA units: 100 mA
  const iface = Uint8Array.of(
    INTERFACE_DESCRIPTOR_LENGTH,
    USB_DESCRIPTOR_TYPE.interface,
    CCID_INTERFACE_NUMBER,
    0, // bAlternateSetting
    endpoints.length,
    CCID_INTERFACE_CLASS,
    0, // bInterfaceSubClass
    0, // bInterfaceProtocol: CCID bulk transfers, optional interrupt-IN (§4.3)
    0, // iInterface
  );
  return concatBytes(header, iface, ccid, ...endpoints);
}

/** A string descriptor (USB 2.0 §9.6.7): index 0 is the language list (US English only). */
export function stringDescriptor(profile: ReaderProfile, index: number): Uint8Array | undefined {
  if (index === 0) return Uint8Array.of(4, USB_DESCRIPTOR_TYPE.string, 0x09, 0x04);
  const text = stringAt(profile, index);
  if (text === undefined) return undefined;
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = out.length;
  out[1] = USB_DESCRIPTOR_TYPE.string;
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), true);
  return out;
}

function stringAt(profile: ReaderProfile, index: number): string | undefined {
  if (index === USB_STRING_INDEX.manufacturer) return profile.manufacturer;
  if (index === USB_STRING_INDEX.product) return profile.product;
  if (index === USB_STRING_INDEX.serialNumber) return profile.serialNumber;
  return undefined;
}

/** An endpoint descriptor (USB 2.0 §9.6.6); attributes 2 = bulk, 3 = interrupt. */
function endpointDescriptor(address: number, attributes: number, packetSize: number, interval: number): Uint8Array {
  return Uint8Array.of(ENDPOINT_DESCRIPTOR_LENGTH, USB_DESCRIPTOR_TYPE.endpoint, address, attributes, packetSize & 0xff, packetSize >> 8, interval);
}

