/// <reference types="w3c-web-usb" />
import { errorMessage } from '../../core/errors.ts';
import { concatBytes, hexWord, toHex } from '../../core/hex.ts';
import { CCID_HEADER_LENGTH, CCID_INTERFACE_CLASS, CLASS_REQUEST } from '../ccid/constants.ts';
import type { CcidClassDescriptor } from '../ccid/descriptor.ts';
import { declaredLength } from '../ccid/message.ts';
import { ReaderLinkError, ReaderProtocolError, ReaderTimeoutError } from '../errors.ts';
import type { CcidPort, ReaderIdentity } from './ccid-port.ts';
import { GET_DESCRIPTOR, USB_DESCRIPTOR_TYPE, ccidDescriptorOfInterface, configurationTotalLength } from './usb-config-descriptor.ts';
import { bytesOf } from './usb-bytes.ts';

interface Endpoints {
  readonly bulkIn: USBEndpoint;
  readonly bulkOut: USBEndpoint;
  readonly interruptIn: USBEndpoint | undefined;
}

/**
 * A CcidPort over a W3C WebUSB USBDevice (the `usb` package gives these in Node; the emulator's
 * emulatedUsbDevice is one too). Messages go over bulk OUT/IN, NotifySlotChange over interrupt IN,
 * ABORT over the control pipe (CCID 1.1 §5.2, §5.3.1).
 *
 * WebUSB transfers cannot be cancelled, so a read that times out stays pending and the next
 * receive waits on that same read: an answer that arrives late is delivered, never lost.
 */
export class WebUsbCcidPort implements CcidPort {
  private readonly bulkIn: PendingRead;
  private lost: ReaderLinkError | undefined;
  /** Present only when the interface has an interrupt IN endpoint (it is optional, CCID 1.1 §5.2). */
  readonly receiveInterrupt?: (timeoutMs: number) => Promise<Uint8Array | undefined>;

  private constructor(
    private readonly device: USBDevice,
    private readonly interfaceNumber: number,
    private readonly endpoints: Endpoints,
    readonly descriptor: CcidClassDescriptor,
    readonly identity: ReaderIdentity,
  ) {
    const bulkInLength = roundUp(Math.max(descriptor.dwMaxCCIDMessageLength, CCID_HEADER_LENGTH), endpoints.bulkIn.packetSize);
    this.bulkIn = new PendingRead(() => device.transferIn(endpoints.bulkIn.endpointNumber, bulkInLength));
    const interrupt = endpoints.interruptIn;
    if (interrupt) {
      const interruptIn = new PendingRead(() => device.transferIn(interrupt.endpointNumber, interrupt.packetSize));
      this.receiveInterrupt = (timeoutMs) => this.readInterrupt(interruptIn, timeoutMs);
    }
  }

  /**
   * Opens the device, selects its configuration, claims the CCID interface and reads its class
   * descriptor. If a step fails after we opened the device, we release and close it again, so a
   * failed open leaves nothing claimed behind.
   */
  static async open(device: USBDevice): Promise<WebUsbCcidPort> {
    const ids = `${hexWord(device.vendorId)}:${hexWord(device.productId)}`;
    const openedHere = !device.opened;
    let claimed: number | undefined;
    try {
      if (openedHere) await device.open();
      if (!device.configuration) {
        const first = device.configurations[0];
        if (!first) throw new ReaderLinkError(`USB device ${ids} has no configuration`);
        await device.selectConfiguration(first.configurationValue);
      }
      const configuration = device.configuration!;
      const ccid = configuration.interfaces.find((candidate) => candidate.alternate.interfaceClass === CCID_INTERFACE_CLASS);
      if (!ccid) throw new ReaderLinkError(`USB device ${ids} has no interface of class 0B (smart card, CCID 1.1 §4.3)`);
      await device.claimInterface(ccid.interfaceNumber);
      claimed = ccid.interfaceNumber;
      const endpoints = findEndpoints(ccid.alternate, ids);
      const configurationIndex = Math.max(0, device.configurations.findIndex((c) => c.configurationValue === configuration.configurationValue));
      const descriptor = ccidDescriptorOfInterface(await readConfigurationDescriptor(device, configurationIndex), ccid.interfaceNumber);
      const identity: ReaderIdentity = {
        transport: 'usb',
        name: device.productName ?? `USB ${ids}`,
        vendorId: device.vendorId,
        productId: device.productId,
        ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
        ...(device.manufacturerName ? { manufacturer: device.manufacturerName } : {}),
        firmwareVersion: `${device.deviceVersionMajor}.${device.deviceVersionMinor}.${device.deviceVersionSubminor}`,
      };
      return new WebUsbCcidPort(device, ccid.interfaceNumber, endpoints, descriptor, identity);
    } catch (error) {
      await giveBack(device, claimed, openedHere);
      if (error instanceof ReaderLinkError) throw error;
      throw new ReaderLinkError(`cannot open USB reader ${ids}: ${errorMessage(error)}`, { cause: error });
    }
  }

  async send(message: Uint8Array): Promise<void> {
    this.throwIfLost();
    const result = await this.transfer(() => this.device.transferOut(this.endpoints.bulkOut.endpointNumber, message), 'bulk OUT');
    if (result.status !== 'ok') throw new ReaderLinkError(`bulk OUT transfer ended with status ${result.status}`);
    if (result.bytesWritten !== message.length) {
      throw new ReaderLinkError(`bulk OUT wrote ${result.bytesWritten} of ${message.length} bytes`);
    }
  }

  /** One RDR_to_PC message, reassembled from as many bulk IN transfers as dwLength needs. */
  async receive(timeoutMs: number): Promise<Uint8Array> {
    this.throwIfLost();
    const deadline = Date.now() + timeoutMs;
    let message: Uint8Array = new Uint8Array(0);
    for (;;) {
      const result = await this.transfer(() => this.bulkIn.read(Math.max(0, deadline - Date.now())), 'bulk IN');
      if (result === undefined) {
        if (message.length > 0) throw new ReaderProtocolError(`bulk IN: message cut short after ${message.length} bytes`, message);
        throw new ReaderTimeoutError(`USB reader: no bulk IN message within ${timeoutMs} ms`, timeoutMs);
      }
      if (result.status === 'stall') {
        // The reader halted its bulk IN endpoint (a protocol error on its side): clear the halt
        // (USB 2.0 §9.4.5 CLEAR_FEATURE ENDPOINT_HALT) so the next command can be answered.
        await this.transfer(() => this.device.clearHalt('in', this.endpoints.bulkIn.endpointNumber), 'clear halt');
        throw new ReaderProtocolError(`bulk IN endpoint stalled${message.length > 0 ? ` after ${message.length} bytes` : ''}; halt cleared`, message);
      }
      if (result.status !== 'ok') throw new ReaderLinkError(`bulk IN transfer ended with status ${result.status}`);
      message = concatBytes(message, bytesOf(result.data));
      if (message.length < CCID_HEADER_LENGTH) continue;
      const total = CCID_HEADER_LENGTH + declaredLength(message);
      if (message.length === total) return message;
      if (message.length > total) {
        throw new ReaderProtocolError(`bulk IN: ${message.length} bytes received, dwLength says ${total}: ${toHex(message)}`, message);
      }
    }
  }

  /** The next interrupt IN message (NotifySlotChange), or undefined after timeoutMs. */
  private async readInterrupt(interruptIn: PendingRead, timeoutMs: number): Promise<Uint8Array | undefined> {
    this.throwIfLost();
    const result = await this.transfer(() => interruptIn.read(timeoutMs), 'interrupt IN');
    if (result === undefined) return undefined;
    if (result.status !== 'ok') throw new ReaderLinkError(`interrupt IN transfer ended with status ${result.status}`);
    return bytesOf(result.data);
  }

  /** CCID 1.1 §5.3.1: class request ABORT to the interface, wValue = bSeq << 8 | bSlot. */
  async controlAbort(slot: number, seq: number): Promise<void> {
    this.throwIfLost();
    const setup: USBControlTransferParameters = {
      requestType: 'class',
      recipient: 'interface',
      request: CLASS_REQUEST.abort,
      value: ((seq & 0xff) << 8) | (slot & 0xff),
      index: this.interfaceNumber,
    };
    const result = await this.transfer(() => this.device.controlTransferOut(setup), 'control ABORT');
    if (result.status !== 'ok') throw new ReaderLinkError(`ABORT class request ended with status ${result.status}`);
  }

  async close(): Promise<void> {
    if (this.lost) return;
    this.lost = new ReaderLinkError('USB reader closed');
    try {
      await this.device.releaseInterface(this.interfaceNumber);
      await this.device.close();
    } catch {
      // Already unplugged: nothing left to release.
    }
  }

  private throwIfLost(): void {
    if (this.lost) throw this.lost;
  }

  /** Any transfer exception means the device is gone (unplugged, reset); the port stays failed. */
  private async transfer<T>(call: () => Promise<T>, what: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ReaderLinkError) throw error;
      this.lost ??= new ReaderLinkError(`USB ${what} failed, the reader is gone: ${errorMessage(error)}`, { cause: error });
      throw this.lost;
    }
  }
}

/**
 * At most one transfer IN outstanding per endpoint. A read that outlives its caller's timeout is
 * kept and handed to the next caller.
 */
class PendingRead {
  private pending: Promise<USBInTransferResult> | undefined;

  constructor(private readonly start: () => Promise<USBInTransferResult>) {}

  async read(timeoutMs: number): Promise<USBInTransferResult | undefined> {
    if (!this.pending) {
      const started = this.start();
      started.catch(() => undefined); // a read abandoned by a timeout must not become an unhandled rejection
      this.pending = started;
    }
    const pending = this.pending;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      const result = await Promise.race([pending, timedOut]);
      if (result !== undefined) this.pending = undefined;
      return result;
    } catch (error) {
      this.pending = undefined;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function findEndpoints(alternate: USBAlternateInterface, ids: string): Endpoints {
  const find = (direction: USBDirection, type: USBEndpointType) =>
    alternate.endpoints.find((endpoint) => endpoint.direction === direction && endpoint.type === type);
  const bulkIn = find('in', 'bulk');
  const bulkOut = find('out', 'bulk');
  if (!bulkIn || !bulkOut) throw new ReaderLinkError(`USB device ${ids}: the CCID interface lacks a bulk IN or bulk OUT endpoint (CCID 1.1 §5.2)`);
  return { bulkIn, bulkOut, interruptIn: find('in', 'interrupt') };
}

/** GET_DESCRIPTOR(CONFIGURATION): first the 9-byte header for wTotalLength, then the whole set. */
async function readConfigurationDescriptor(device: USBDevice, index: number): Promise<Uint8Array> {
  const setup: USBControlTransferParameters = {
    requestType: 'standard',
    recipient: 'device',
    request: GET_DESCRIPTOR,
    value: (USB_DESCRIPTOR_TYPE.configuration << 8) | index,
    index: 0,
  };
  const header = await device.controlTransferIn(setup, 9);
  if (header.status !== 'ok') throw new ReaderLinkError(`GET_DESCRIPTOR(configuration) ended with status ${header.status}`);
  const total = configurationTotalLength(bytesOf(header.data));
  const full = await device.controlTransferIn(setup, total);
  if (full.status !== 'ok') throw new ReaderLinkError(`GET_DESCRIPTOR(configuration) ended with status ${full.status}`);
  return bytesOf(full.data);
}

/** After a failed open: release the interface we claimed and close the device if we opened it; errors there change nothing. */
async function giveBack(device: USBDevice, claimed: number | undefined, openedHere: boolean): Promise<void> {
  try {
    if (claimed !== undefined) await device.releaseInterface(claimed);
  } catch {
    // already gone
  }
  try {
    if (openedHere && device.opened) await device.close();
  } catch {
    // already gone
  }
}

function roundUp(value: number, multiple: number): number {
  return multiple > 0 ? Math.ceil(value / multiple) * multiple : value;
}

