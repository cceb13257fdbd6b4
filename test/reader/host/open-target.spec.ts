import { expect } from 'chai';
import { SerialPortMock } from 'serialport';
import { InputError } from '../../../src/core/errors.ts';
import { ReaderLinkError } from '../../../src/reader/errors.ts';
import { openTarget, parseTarget } from '../../../src/reader/open-target.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { emulatedUsbDevice } from '../../../simulators/reader/webusb-device.ts';

/** @serialport/binding-mock's programmable device (serialport re-exports it with types). */
const MockBinding = SerialPortMock.binding;

function inputErrorOf(text: string): InputError {
  try {
    parseTarget(text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

describe('reader target strings', () => {
  it('parses usb:VID:PID in hex, with or without 0x', () => {
    expect(parseTarget('usb:072F:B100')).to.deep.equal({ kind: 'usb', vendorId: 0x072f, productId: 0xb100 });
    expect(parseTarget('usb:0x8e6:0x3437')).to.deep.equal({ kind: 'usb', vendorId: 0x08e6, productId: 0x3437 });
  });

  it('parses serial:/dev/ttyX with the GemPC Twin as default model, and a model after the last colon as libccid DEVICENAME does', () => {
    expect(parseTarget('serial:/dev/ttyS0')).to.deep.equal({ kind: 'serial', path: '/dev/ttyS0', model: 'GemPCTwin' });
    expect(parseTarget('serial:/dev/ttyUSB1:gempcpinpad')).to.deep.equal({ kind: 'serial', path: '/dev/ttyUSB1', model: 'GemPCPinPad' });
    const byPath = '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0';
    expect(parseTarget(`serial:${byPath}:SEC1210URT`)).to.deep.equal({ kind: 'serial', path: byPath, model: 'SEC1210URT' });
    expect(parseTarget(`serial:${byPath}`)).to.deep.equal({ kind: 'serial', path: byPath, model: 'GemPCTwin' });
  });

  it('names the field at fault', () => {
    expect(inputErrorOf('pcsc:Reader 0').field).to.equal('target');
    expect(inputErrorOf('usb:072F').field).to.equal('target');
    expect(inputErrorOf('usb:072G:B100').field).to.equal('target.vendorId');
    expect(inputErrorOf('usb:072F:12345').field).to.equal('target.productId');
    expect(inputErrorOf('serial:').field).to.equal('target.path');
    expect(inputErrorOf('serial::GemPCTwin').field).to.equal('target.path');
    const unknownModel = inputErrorOf('serial:/dev/ttyS0:GemPCTwim');
    expect(unknownModel.field).to.equal('target.model');
    expect(unknownModel.message).to.match(/GemPCTwim.*known: GemPCTwin/);
  });

  it('opens a USB target through WebUSB and a serial target through serialport', async () => {
    const usbPort = await openTarget('usb:072F:B100', {
      usb: { requestDevice: async () => emulatedUsbDevice(new ReaderEmulator({ profile: READER_PROFILES['acr39u']! })) },
    });
    expect(usbPort.identity.transport).to.equal('usb');
    await usbPort.close();
    MockBinding.createPort('/dev/ttyTARGET', { echo: false });
    try {
      const serialPort = await openTarget('serial:/dev/ttyTARGET:SEC1210', { serialBinding: MockBinding });
      expect(serialPort.identity).to.deep.equal({ transport: 'serial', name: '/dev/ttyTARGET (SEC1210)' });
      expect(serialPort.descriptor.bMaxSlotIndex).to.equal(1);
      await serialPort.close();
    } finally {
      MockBinding.reset();
    }
  });

  it('reports a missing tty as ReaderLinkError', async () => {
    let error: unknown;
    await openTarget('serial:/dev/ttyNOPE', { serialBinding: MockBinding }).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(ReaderLinkError);
  });
});
