import { DecodeError } from '../../core/errors.ts';
import { CCID_DESCRIPTOR_TYPE, CCID_INTERFACE_CLASS } from '../ccid/constants.ts';
import { CCID_DESCRIPTOR_LENGTH, type CcidClassDescriptor, decodeClassDescriptor } from '../ccid/descriptor.ts';

/** bRequest GET_DESCRIPTOR (USB 2.0 §9.4.3); wValue's high byte is the descriptor type. */
export const GET_DESCRIPTOR = 0x06;

/** Standard descriptor types (USB 2.0 §9.4, table 9-5). */
export const USB_DESCRIPTOR_TYPE = { device: 0x01, configuration: 0x02, string: 0x03, interface: 0x04, endpoint: 0x05 } as const;

/** wTotalLength of a configuration descriptor (USB 2.0 §9.6.3): bytes 2..3, little-endian. */
export function configurationTotalLength(header: Uint8Array): number {
  if (header.length < 4 || header[1] !== USB_DESCRIPTOR_TYPE.configuration) {
    throw new DecodeError('not a USB configuration descriptor header (expected bDescriptorType 02)', header);
  }
  return header[2]! | (header[3]! << 8);
}

/**
 * Walks the descriptors of a configuration (each starts with bLength, bDescriptorType) and returns
 * the CCID class descriptor (type 21, 54 bytes; CCID 1.1 §5.1) that follows the interface
 * descriptor of `interfaceNumber` and comes before the next interface. Class 0B only; libccid also
 * accepts vendor class FF with such a descriptor, which we do not need.
 */
export function ccidDescriptorOfInterface(configuration: Uint8Array, interfaceNumber: number): CcidClassDescriptor {
  let inInterface = false;
  for (let offset = 0; offset < configuration.length; ) {
    const length = configuration[offset]!;
    const type = configuration[offset + 1];
    if (length < 2 || offset + length > configuration.length) {
      throw new DecodeError(`USB configuration descriptor broken at byte ${offset} (bLength ${length})`, configuration);
    }
    if (type === USB_DESCRIPTOR_TYPE.interface) {
      inInterface = configuration[offset + 2] === interfaceNumber && configuration[offset + 5] === CCID_INTERFACE_CLASS;
    } else if (inInterface && type === CCID_DESCRIPTOR_TYPE && length === CCID_DESCRIPTOR_LENGTH) {
      return decodeClassDescriptor(configuration.subarray(offset, offset + length));
    }
    offset += length;
  }
  throw new DecodeError(`no CCID class descriptor (type 21) after interface ${interfaceNumber} of class 0B`, configuration);
}
