import { expect } from 'chai';
import { SerialPortMock } from 'serialport';
import type { Duplex } from 'node:stream';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ReaderLinkError, ReaderProtocolError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { frameMessage, GemPcTwinDecoder, NAK_FRAME, SerialLrcError } from '../../../src/reader/serial/gempc-twin.ts';
import { GemPcTwinPort, openSerialPort } from '../../../src/reader/transport/serial-port.ts';
import { rejection } from '../fixtures/rejection.ts';
import { duplexPair, settle } from './duplex-pair.ts';

/** @serialport/binding-mock's programmable device (serialport re-exports it with types). */
const MockBinding = SerialPortMock.binding;

const GET_SLOT_STATUS = parseHex('65 00 00 00 00 00 04 00 00 00');
const SLOT_STATUS = parseHex('81 00 00 00 00 00 04 01 00 00');

/** The reader end of the line: records the frames it gets and lets the test write raw bytes back. */
function fakeReader(line: Duplex): { frames: string[]; send(bytes: Uint8Array): void } {
  const decoder = new GemPcTwinDecoder();
  const frames: string[] = [];
  line.on('data', (chunk: Buffer) => {
    for (const event of decoder.push(new Uint8Array(chunk))) if (event.kind === 'message') frames.push(toHex(event.message));
  });
  return { frames, send: (bytes) => line.write(Buffer.from(bytes)) };
}

describe('GemPcTwinPort (CcidPort over the GemPC Twin serial framing)', () => {
  it('frames what it sends and drops the echo of an echoing GemPC Twin (ccid_serial.c echo = true)', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host);
    const reader = fakeReader(line.reader);
    await port.send(GET_SLOT_STATUS);
    await settle();
    expect(reader.frames).to.deep.equal([toHex(GET_SLOT_STATUS)]);
    reader.send(frameMessage(GET_SLOT_STATUS)); // the echo
    reader.send(frameMessage(SLOT_STATUS));
    expect(toHex(await port.receive(1000))).to.equal(toHex(SLOT_STATUS));
    await port.close();
  });

  it('does not drop a first frame equal to nothing sent; a non-echoing model (SEC1210) gets no echo handling', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { model: 'SEC1210' });
    const reader = fakeReader(line.reader);
    await port.send(GET_SLOT_STATUS);
    reader.send(frameMessage(GET_SLOT_STATUS)); // a non-echoing reader would never send this: it is delivered as is
    expect(toHex(await port.receive(1000))).to.equal(toHex(GET_SLOT_STATUS));
    expect(port.descriptor.dwFeatures).to.equal(0x000100b2);
    await port.close();
  });

  it('resends the last frame once after a NAK (03 15 16), as libccid replays the command', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { echo: false });
    const reader = fakeReader(line.reader);
    await port.send(GET_SLOT_STATUS);
    reader.send(NAK_FRAME);
    await settle();
    expect(reader.frames).to.deep.equal([toHex(GET_SLOT_STATUS), toHex(GET_SLOT_STATUS)]);
    reader.send(frameMessage(SLOT_STATUS));
    expect(toHex(await port.receive(1000))).to.equal(toHex(SLOT_STATUS));
    await port.close();
  });

  it('reports a second NAK as ReaderProtocolError carrying 03 15 16', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { echo: false });
    const reader = fakeReader(line.reader);
    await port.send(GET_SLOT_STATUS);
    reader.send(NAK_FRAME);
    await settle();
    reader.send(NAK_FRAME);
    const error = await rejection(port.receive(1000));
    expect(error).to.be.instanceOf(ReaderProtocolError);
    expect(toHex((error as ReaderProtocolError).bytes)).to.equal('03 15 16');
    expect(reader.frames).to.have.length(2);
    await port.close();
  });

  it('fails the answer in wait with SerialLrcError when the answer frame has a bad LRC', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { echo: false });
    await port.send(GET_SLOT_STATUS);
    const bad = frameMessage(SLOT_STATUS);
    bad[9]! ^= 0x01; // bStatus, not dwLength: the frame keeps its length
    line.reader.write(Buffer.from(bad));
    const error = await rejection(port.receive(1000));
    expect(error).to.be.instanceOf(SerialLrcError);
    expect(toHex((error as SerialLrcError).bytes)).to.equal(toHex(bad));
    await port.close();
  });

  it('turns card movement 50 03 / 50 02 into NotifySlotChange messages on receiveInterrupt', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host);
    line.reader.write(Buffer.from(parseHex('50 03 50 02')));
    expect(toHex((await port.receiveInterrupt(1000))!)).to.equal('50 03');
    expect(toHex((await port.receiveInterrupt(1000))!)).to.equal('50 02');
    expect(await port.receiveInterrupt(5)).to.equal(undefined);
    await port.close();
  });

  it('restarts the answer timeout on a T=0 time request byte (80..FF)', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { echo: false });
    await port.send(GET_SLOT_STATUS);
    // Wide margins: a loaded CI machine may deliver a write tens of milliseconds late.
    const answer = port.receive(300);
    setTimeout(() => line.reader.write(Buffer.from([0x80])), 150);
    setTimeout(() => line.reader.write(Buffer.from(frameMessage(SLOT_STATUS))), 375); // after the first 300 ms, before 150 + 300
    expect(toHex(await answer)).to.equal(toHex(SLOT_STATUS));
    await port.close();
  });

  it('times out with ReaderTimeoutError when nothing comes', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host);
    expect(await rejection(port.receive(10))).to.be.instanceOf(ReaderTimeoutError).and.include({ waitedMs: 10 });
    await port.close();
  });

  it('fails waits and later sends with ReaderLinkError when the line goes away (unplugged adapter)', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host);
    const waiting = port.receive(5000);
    const waitingInterrupt = port.receiveInterrupt(5000);
    line.cut();
    expect(await rejection(waiting)).to.be.instanceOf(ReaderLinkError);
    expect(await rejection(waitingInterrupt)).to.be.instanceOf(ReaderLinkError);
    expect(await rejection(port.send(GET_SLOT_STATUS))).to.be.instanceOf(ReaderLinkError);
    await port.close();
  });

  describe('openSerialPort over serialport (MockBinding)', () => {
    beforeEach(() => MockBinding.createPort('/dev/ttyGEMPC', { echo: false, record: true }));
    afterEach(() => MockBinding.reset());

    it('opens the tty at 115200 bd, 8 data bits, no parity, 2 stop bits, no flow control (ccid_serial.c OpenSerialByName)', async () => {
      const port = await openSerialPort('/dev/ttyGEMPC', { binding: MockBinding });
      const stream = (port as unknown as { stream: { port: { openOptions: Record<string, unknown> } } }).stream;
      expect(stream.port.openOptions).to.include({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 2, rtscts: false });
      expect(port.identity.name).to.equal('/dev/ttyGEMPC (GemPCTwin)');
      await port.close();
    });

    it('writes frames to the tty and reads answers from it', async () => {
      const port = await openSerialPort('/dev/ttyGEMPC', { binding: MockBinding, echo: false });
      const binding = (port as unknown as { stream: { port: { recording: Buffer; emitData(data: Buffer): void } } }).stream.port;
      await port.send(GET_SLOT_STATUS);
      await settle();
      expect(toHex(new Uint8Array(binding.recording))).to.equal(toHex(frameMessage(GET_SLOT_STATUS)));
      binding.emitData(Buffer.from(frameMessage(SLOT_STATUS)));
      expect(toHex(await port.receive(1000))).to.equal(toHex(SLOT_STATUS));
      await port.close();
    });

    it('reports a tty that cannot be opened as ReaderLinkError naming it', async () => {
      const error = await rejection(openSerialPort('/dev/ttyMISSING', { binding: MockBinding }));
      expect(error).to.be.instanceOf(ReaderLinkError);
      expect((error as Error).message).to.match(/cannot open serial port \/dev\/ttyMISSING/);
    });
  });
});
