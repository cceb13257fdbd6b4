/// <reference types="w3c-web-usb" />
import { CLASS_REQUEST } from '../../src/reader/ccid/constants.ts';
import { GET_DESCRIPTOR, USB_DESCRIPTOR_TYPE } from '../../src/reader/transport/usb-config-descriptor.ts';
import type { ReaderEmulator } from './reader-emulator.ts';
import { CCID_INTERFACE_NUMBER, stringDescriptor } from './usb-descriptors.ts';

/** Bytes a control IN request returns, or undefined: the device stalls it. */
export function controlIn(emulator: ReaderEmulator, setup: USBControlTransferParameters): Uint8Array | undefined {
  if (setup.requestType === 'standard' && setup.recipient === 'device' && setup.request === GET_DESCRIPTOR) {
    return standardDescriptor(emulator, setup.value >> 8, setup.value & 0xff);
  }
  if (setup.requestType === 'class' && setup.recipient === 'interface' && setup.index === CCID_INTERFACE_NUMBER) {
    // GET_CLOCK_FREQUENCIES / GET_DATA_RATES (CCID 1.1 §5.3.2, §5.3.3): little-endian dwords; a
    // reader without the list stalls, as the ACR39U and ACR38U do (libccid readers/ dumps).
    if (setup.request === CLASS_REQUEST.getClockFrequencies) return dwords(emulator.profile.clockFrequenciesKHz);
    if (setup.request === CLASS_REQUEST.getDataRates) return dwords(emulator.profile.dataRatesBps);
  }
  return undefined;
}

/**
 * A control OUT request: true when taken, false when stalled. ABORT (§5.3.1) carries bSlot in the
 * low byte of wValue and bSeq in the high byte.
 */
export function controlOut(emulator: ReaderEmulator, setup: USBControlTransferParameters): boolean {
  if (setup.requestType !== 'class' || setup.recipient !== 'interface' || setup.index !== CCID_INTERFACE_NUMBER) return false;
  if (setup.request !== CLASS_REQUEST.abort) return false;
  const slot = setup.value & 0xff;
  if (slot >= emulator.profile.slots) return false;
  emulator.controlAbort(slot, setup.value >> 8);
  return true;
}

function standardDescriptor(emulator: ReaderEmulator, type: number, index: number): Uint8Array | undefined {
  if (type === USB_DESCRIPTOR_TYPE.device) return emulator.deviceDescriptor();
  if (type === USB_DESCRIPTOR_TYPE.configuration && index === 0) return emulator.configurationDescriptor();
  if (type === USB_DESCRIPTOR_TYPE.string) return stringDescriptor(emulator.profile, index);
  return undefined;
}

function dwords(values: readonly number[]): Uint8Array | undefined {
  if (values.length === 0) return undefined;
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => view.setUint32(i * 4, value, true));
  return out;
}
