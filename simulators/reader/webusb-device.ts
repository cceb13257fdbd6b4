/// <reference types="w3c-web-usb" />
import { bytesOf } from '../../src/reader/transport/usb-bytes.ts';
import { MessageQueue } from '../../src/reader/transport/message-queue.ts';
import type { ReaderEmulator } from './reader-emulator.ts';
import { CCID_CONFIGURATION_VALUE, CCID_ENDPOINTS, CCID_INTERFACE_NUMBER } from './usb-descriptors.ts';
import { controlIn, controlOut } from './webusb-control.ts';
import { CCID_INTERFACE_CLASS } from '../../src/reader/ccid/constants.ts';

/**
 * The emulated reader as a W3C WebUSB USBDevice, the shape the `usb` package's WebUSB gives, so the
 * host's USB transport runs unchanged against it. Each transferOut on the bulk-OUT endpoint is one
 * CCID message (a transfer ends with a short packet); transferIn on bulk-IN returns the next answer,
 * on interrupt-IN the next NotifySlotChange, waiting as long as it takes (WebUSB has no timeout).
 * Answers come in the order the reader sends them (time extensions first); WebUSB has no timeouts,
 * so their emulator-clock times do not matter here. A bulk-IN transfer whose `length` is a multiple
 * of wMaxPacketSize ends after `length` bytes of a longer message, the rest coming in the next
 * transfer (USB 2.0 §5.8.3: a full last packet does not end the message); any other `length` shorter
 * than the message is babble. The device listens to the emulator (notifications, unplug) only while
 * it is open, as a host only polls the interrupt endpoint of a device it opened.
 * Errors follow the WebUSB specification: InvalidStateError when the device is not open or the
 * interface not claimed, NotFoundError for an unknown endpoint, configuration or interface,
 * NetworkError once the device is gone (unplug fault), AbortError for transfers cut short by close().
 */
export function emulatedUsbDevice(emulator: ReaderEmulator): USBDevice {
  return new EmulatedUsbDevice(emulator);
}

/** WebUSB's BufferSource (a DOM type the project's lib settings do not include). */
type UsbData = ArrayBufferView | ArrayBuffer;

const endpointNumber = (address: number): number => address & 0x0f;
const BULK_OUT = endpointNumber(CCID_ENDPOINTS.bulkOut.address);
const BULK_IN = endpointNumber(CCID_ENDPOINTS.bulkIn.address);
const INTERRUPT_IN = endpointNumber(CCID_ENDPOINTS.interruptIn.address);

class EmulatedUsbDevice implements USBDevice {
  readonly usbVersionMajor: number;
  readonly usbVersionMinor: number;
  readonly usbVersionSubminor: number;
  readonly deviceClass = 0;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly vendorId: number;
  readonly productId: number;
  readonly deviceVersionMajor: number;
  readonly deviceVersionMinor: number;
  readonly deviceVersionSubminor: number;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly serialNumber: string | null;
  readonly configurations: USBConfiguration[];
  private isOpen = false;
  private claimed = false;
  private bulkIn = new MessageQueue<Uint8Array>('drop');
  /** What a bulk-IN transfer left of a message longer than its `length`: the next transfer starts with it. */
  private bulkInRest: Uint8Array | undefined;
  private interruptIn = new MessageQueue<Uint8Array>('drop');
  private readonly ccidInterface: USBInterface;
  private stopListening: () => void = () => undefined;

  constructor(private readonly emulator: ReaderEmulator) {
    const { profile } = emulator;
    [this.usbVersionMajor, this.usbVersionMinor, this.usbVersionSubminor] = bcdParts(profile.bcdUsb);
    [this.deviceVersionMajor, this.deviceVersionMinor, this.deviceVersionSubminor] = bcdParts(profile.bcdDevice);
    this.vendorId = profile.vendorId;
    this.productId = profile.productId;
    this.manufacturerName = profile.manufacturer;
    this.productName = profile.product;
    this.serialNumber = profile.serialNumber ?? null;
    const device = this;
    const alternate: USBAlternateInterface = {
      alternateSetting: 0,
      interfaceClass: CCID_INTERFACE_CLASS,
      interfaceSubclass: 0,
      interfaceProtocol: 0,
      interfaceName: null,
      endpoints: [
        { endpointNumber: BULK_OUT, direction: 'out', type: 'bulk', packetSize: CCID_ENDPOINTS.bulkOut.packetSize },
        { endpointNumber: BULK_IN, direction: 'in', type: 'bulk', packetSize: CCID_ENDPOINTS.bulkIn.packetSize },
        { endpointNumber: INTERRUPT_IN, direction: 'in', type: 'interrupt', packetSize: CCID_ENDPOINTS.interruptIn.packetSize },
      ],
    };
    this.ccidInterface = {
      interfaceNumber: CCID_INTERFACE_NUMBER,
      alternate,
      alternates: [alternate],
      get claimed() {
        return device.claimed;
      },
    };
    this.configurations = [{ configurationValue: CCID_CONFIGURATION_VALUE, configurationName: null, interfaces: [this.ccidInterface] }];
  }

  /** The device is configured (by the OS, as WebUSB reports it) from the start. */
  get configuration(): USBConfiguration | null {
    return this.configurations[0] ?? null;
  }

  get opened(): boolean {
    return this.isOpen;
  }

  /** Opens the device; from now on it queues notifications (changes made while closed come merged first) and watches for unplug. */
  async open(): Promise<void> {
    this.assertPresent();
    if (this.isOpen) return;
    this.isOpen = true;
    const stopInterrupts = this.emulator.onInterrupt((message) => this.interruptIn.push(message));
    const stopWatchingUnplug = this.emulator.faults.onUnplug(() => this.gone());
    this.stopListening = () => {
      stopInterrupts();
      stopWatchingUnplug();
      this.stopListening = () => undefined;
    };
  }

  async close(): Promise<void> {
    this.assertPresent();
    if (!this.isOpen) return;
    this.isOpen = false;
    this.claimed = false;
    this.stopListening();
    this.restartQueues(new DOMException('the device was closed', 'AbortError'));
  }

  /** The host gives the device up: closed, and it stops listening to the emulator. */
  async forget(): Promise<void> {
    if (this.isOpen && !this.emulator.faults.unplugged) await this.close();
    this.isOpen = false;
    this.stopListening();
  }

  async selectConfiguration(configurationValue: number): Promise<void> {
    this.assertOpen();
    if (configurationValue !== CCID_CONFIGURATION_VALUE) throw new DOMException(`no configuration ${configurationValue}`, 'NotFoundError');
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.assertOpen();
    this.assertInterface(interfaceNumber);
    this.claimed = true;
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.assertOpen();
    this.assertInterface(interfaceNumber);
    this.claimed = false;
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    this.assertClaimed();
    this.assertInterface(interfaceNumber);
    if (alternateSetting !== 0) throw new DOMException(`no alternate setting ${alternateSetting}`, 'NotFoundError');
  }

  async controlTransferIn(setup: USBControlTransferParameters, length: number): Promise<USBInTransferResult> {
    this.assertOpen();
    const bytes = controlIn(this.emulator, setup);
    if (!bytes) return { status: 'stall' };
    return { status: 'ok', data: dataView(bytes.slice(0, length)) };
  }

  async controlTransferOut(setup: USBControlTransferParameters, data?: UsbData): Promise<USBOutTransferResult> {
    this.assertOpen();
    const taken = controlOut(this.emulator, setup);
    return { status: taken ? 'ok' : 'stall', bytesWritten: taken && data ? data.byteLength : 0 };
  }

  async clearHalt(direction: USBDirection, endpoint: number): Promise<void> {
    this.assertClaimed();
    this.endpoint(direction, endpoint);
  }

  async transferOut(endpoint: number, data: UsbData): Promise<USBOutTransferResult> {
    this.assertClaimed();
    if (this.endpoint('out', endpoint).endpointNumber !== BULK_OUT) throw new DOMException(`endpoint ${endpoint} is not bulk-OUT`, 'NotFoundError');
    const message = bytesOf(data);
    const bulkIn = this.bulkIn;
    this.emulator.handleTimed(message).then(
      (answers) => answers.forEach((answer) => bulkIn.push(answer.bytes)),
      () => bulkIn.fail(new DOMException('the device is gone', 'NetworkError')),
    );
    return { status: 'ok', bytesWritten: message.length };
  }

  async transferIn(endpoint: number, length: number): Promise<USBInTransferResult> {
    this.assertClaimed();
    const found = this.endpoint('in', endpoint);
    if (found.endpointNumber === INTERRUPT_IN) {
      const note = await this.interruptIn.take();
      return note.length > length ? { status: 'babble', data: dataView(note.slice(0, length)) } : { status: 'ok', data: dataView(note) };
    }
    const message = this.bulkInRest ?? (await this.bulkIn.take());
    this.bulkInRest = undefined;
    if (message.length <= length) return { status: 'ok', data: dataView(message) };
    // Only full packets fit a `length` that is a multiple of wMaxPacketSize: the transfer ends there.
    if (length > 0 && length % found.packetSize === 0) {
      this.bulkInRest = message.slice(length);
      return { status: 'ok', data: dataView(message.slice(0, length)) };
    }
    // A packet overran what the host asked for (WebUSB: babble, the data cut to `length`).
    return { status: 'babble', data: dataView(message.slice(0, length)) };
  }

  async isochronousTransferIn(): Promise<USBIsochronousInTransferResult> {
    throw new DOMException('the CCID interface has no isochronous endpoint', 'NotFoundError');
  }

  async isochronousTransferOut(): Promise<USBIsochronousOutTransferResult> {
    throw new DOMException('the CCID interface has no isochronous endpoint', 'NotFoundError');
  }

  async reset(): Promise<void> {
    this.assertOpen();
    this.restartQueues(new DOMException('the device was reset', 'AbortError'));
  }

  /** Pending transfers end with `error`; later ones use fresh queues. Queued answers are lost, as on a bus reset. */
  private restartQueues(error: DOMException): void {
    this.bulkInRest = undefined;
    this.bulkIn.fail(error);
    this.bulkIn = new MessageQueue<Uint8Array>('drop');
    this.interruptIn.fail(error);
    this.interruptIn = new MessageQueue<Uint8Array>('drop');
  }

  private gone(): void {
    const error = new DOMException('the device was disconnected', 'NetworkError');
    this.bulkIn.fail(error);
    this.interruptIn.fail(error);
  }

  private endpoint(direction: USBDirection, number: number): USBEndpoint {
    const found = this.ccidInterface.alternate.endpoints.find((e) => e.direction === direction && e.endpointNumber === number);
    if (!found) throw new DOMException(`no ${direction} endpoint ${number}`, 'NotFoundError');
    return found;
  }

  private assertInterface(interfaceNumber: number): void {
    if (interfaceNumber !== CCID_INTERFACE_NUMBER) throw new DOMException(`no interface ${interfaceNumber}`, 'NotFoundError');
  }

  private assertPresent(): void {
    if (this.emulator.faults.unplugged) throw new DOMException('the device was disconnected', 'NetworkError');
  }

  private assertOpen(): void {
    this.assertPresent();
    if (!this.isOpen) throw new DOMException('the device is not open', 'InvalidStateError');
  }

  private assertClaimed(): void {
    this.assertOpen();
    if (!this.claimed) throw new DOMException('the interface is not claimed', 'InvalidStateError');
  }
}

/** bcd 0xJJMN → [JJ, M, N] (WebUSB splits bcdUSB and bcdDevice this way). */
function bcdParts(bcd: number): [number, number, number] {
  return [bcd >> 8, (bcd >> 4) & 0x0f, bcd & 0x0f];
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
