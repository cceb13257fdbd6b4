/// <reference types="w3c-web-usb" />
import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { decodeClassDescriptor } from '../../../src/reader/ccid/descriptor.ts';
import { emulatedUsbDevice } from '../../../simulators/reader/webusb-device.ts';
import { bench, command } from './support.ts';

const bytes = (result: USBInTransferResult): Uint8Array => new Uint8Array(result.data!.buffer, result.data!.byteOffset, result.data!.byteLength);

async function openDevice(profile = 'acr39u'): Promise<{ device: USBDevice } & ReturnType<typeof bench>> {
  const setup = bench(profile);
  const device = emulatedUsbDevice(setup.emulator);
  await device.open();
  await device.selectConfiguration(1);
  await device.claimInterface(0);
  return { device, ...setup };
}

/** Standard GET_DESCRIPTOR of `type` (USB 2.0 §9.4.3). */
const getDescriptor = (type: number, index = 0): USBControlTransferParameters => ({
  requestType: 'standard',
  recipient: 'device',
  request: 6,
  value: (type << 8) | index,
  index: 0,
});
const classRequest = (request: number, value = 0): USBControlTransferParameters => ({ requestType: 'class', recipient: 'interface', request, value, index: 0 });

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as DOMException).name;
  }
  return 'resolved';
}

describe('reader emulator: WebUSB device', () => {
  it('describes itself as the profile says: ids, versions, strings, one CCID interface with three endpoints', () => {
    const device = emulatedUsbDevice(bench('acr39u').emulator);
    expect([device.vendorId, device.productId]).to.deep.equal([0x072f, 0xb100]);
    expect([device.deviceVersionMajor, device.deviceVersionMinor, device.deviceVersionSubminor]).to.deep.equal([2, 1, 6]);
    expect([device.manufacturerName, device.productName]).to.deep.equal(['ACS', 'ACR39U ICC Reader']);
    const alternate = device.configuration!.interfaces[0]!.alternate;
    expect(alternate.interfaceClass).to.equal(0x0b);
    expect(alternate.endpoints.map((e) => `${e.type}-${e.direction}-${e.endpointNumber}`)).to.deep.equal(['bulk-out-2', 'bulk-in-2', 'interrupt-in-3']);
  });

  it('answers GET_DESCRIPTOR for the device and the configuration, the CCID class descriptor inside', async () => {
    const { device, emulator } = await openDevice();
    const deviceDescriptor = await device.controlTransferIn(getDescriptor(1), 18);
    expect(bytes(deviceDescriptor)).to.deep.equal(emulator.deviceDescriptor());
    const head = bytes(await device.controlTransferIn(getDescriptor(2), 9));
    const total = head[2]! | (head[3]! << 8);
    const whole = bytes(await device.controlTransferIn(getDescriptor(2), total));
    expect(decodeClassDescriptor(whole.subarray(18, 18 + 54))).to.deep.equal(emulator.profile.descriptor);
    // String 2: the product, UTF-16LE.
    const product = bytes(await device.controlTransferIn(getDescriptor(3, 2), 255));
    expect(new TextDecoder('utf-16le').decode(product.subarray(2))).to.equal('ACR39U ICC Reader');
  });

  it('stalls GET_CLOCK_FREQUENCIES on the ACR39U; the GemPC Twin lists 4000 kHz and its data rates', async () => {
    const acr = await openDevice('acr39u');
    expect((await acr.device.controlTransferIn(classRequest(2), 4)).status).to.equal('stall');
    const twin = await openDevice('gempc-twin');
    expect(toHex(bytes(await twin.device.controlTransferIn(classRequest(2), 4)))).to.equal('A0 0F 00 00');
    const rates = bytes(await twin.device.controlTransferIn(classRequest(3), 256));
    expect(rates.length).to.equal(40 * 4);
    expect(toHex(rates.subarray(0, 4)), '10753 bps').to.equal('01 2A 00 00');
  });

  it('carries CCID messages over bulk-OUT / bulk-IN and notifications over interrupt-IN', async () => {
    const { device } = await openDevice();
    expect(toHex(bytes(await device.transferIn(3, 8)))).to.equal('50 03');
    const out = await device.transferOut(2, command(PC_TO_RDR.IccPowerOn, 0, 1));
    expect(out).to.deep.equal({ status: 'ok', bytesWritten: 10 });
    expect(toHex(bytes(await device.transferIn(2, 64)))).to.equal('80 06 00 00 00 00 01 00 00 00 3B 04 A2 13 10 91');
  });

  it('reports babble when the answer is longer than the transfer asked for', async () => {
    const { device } = await openDevice();
    await device.transferOut(2, command(PC_TO_RDR.IccPowerOn, 0, 1));
    const result = await device.transferIn(2, 10);
    expect(result.status).to.equal('babble');
    expect(result.data!.byteLength).to.equal(10);
  });

  it('takes ABORT on the control pipe with wValue = bSeq << 8 | bSlot', async () => {
    const { device } = await openDevice();
    expect((await device.controlTransferOut(classRequest(1, (7 << 8) | 0))).status).to.equal('ok');
    await device.transferOut(2, command(PC_TO_RDR.Abort, 0, 7));
    expect(toHex(bytes(await device.transferIn(2, 64)))).to.equal('81 00 00 00 00 00 07 01 00 00');
    expect((await device.controlTransferOut(classRequest(1, 1))).status, 'slot 1 does not exist').to.equal('stall');
  });

  it('rejects as WebUSB says: InvalidStateError before open or claim, NotFoundError for a wrong endpoint', async () => {
    const device = emulatedUsbDevice(bench().emulator);
    expect(await rejection(device.transferOut(2, new Uint8Array(10)))).to.equal('InvalidStateError');
    await device.open();
    expect(await rejection(device.transferOut(2, new Uint8Array(10)))).to.equal('InvalidStateError');
    await device.claimInterface(0);
    expect(await rejection(device.transferOut(5, new Uint8Array(10)))).to.equal('NotFoundError');
    expect(await rejection(device.claimInterface(1))).to.equal('NotFoundError');
    expect(await rejection(device.selectConfiguration(2))).to.equal('NotFoundError');
  });

  it('ends a pending transfer with AbortError on close, and every call with NetworkError after unplug', async () => {
    const { device, emulator } = await openDevice();
    const pending = rejection(device.transferIn(2, 64));
    await device.close();
    expect(await pending).to.equal('AbortError');
    await device.open();
    await device.claimInterface(0);
    const waiting = rejection(device.transferIn(2, 64));
    emulator.faults.unplug();
    expect(await waiting).to.equal('NetworkError');
    expect(await rejection(device.transferOut(2, command(PC_TO_RDR.GetSlotStatus, 0, 1)))).to.equal('NetworkError');
    expect(await rejection(device.open())).to.equal('NetworkError');
  });
});
