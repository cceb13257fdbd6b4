import { expect } from 'chai';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { frameMessage } from '../../../src/reader/serial/gempc-twin.ts';
import { GemPcTwinPort } from '../../../src/reader/transport/serial-port.ts';
import { duplexPair } from './duplex-pair.ts';
import { rejection } from '../fixtures/rejection.ts';

const GET_SLOT_STATUS = parseHex('65 00 00 00 00 00 04 00 00 00');
const SLOT_STATUS = parseHex('81 00 00 00 00 00 04 01 00 00');

describe('GemPcTwinPort: review fixes', () => {
  it('gives up after timeRequestLimit time-request bytes instead of waiting for ever', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { echo: false, timeRequestLimit: 3 });
    await port.send(GET_SLOT_STATUS);
    line.reader.write(Buffer.from([0x80, 0x81, 0xff, 0x80]));
    const error = await rejection(port.receive(1000));
    expect(error).to.be.instanceOf(ReaderTimeoutError);
    expect((error as Error).message).to.match(/more than 3 time requests/);
    await port.close();
  });

  it('takes the answer after time requests within the limit', async () => {
    const line = duplexPair();
    const port = new GemPcTwinPort(line.host, { echo: false, timeRequestLimit: 3 });
    await port.send(GET_SLOT_STATUS);
    line.reader.write(Buffer.from([0x80, 0x80, 0x80, ...frameMessage(SLOT_STATUS)]));
    expect(toHex(await port.receive(1000))).to.equal(toHex(SLOT_STATUS));
    await port.close();
  });

  it('stops listening to the stream on close()', async () => {
    const line = duplexPair();
    const before = ['data', 'close', 'end'].map((event) => line.host.listenerCount(event));
    const port = new GemPcTwinPort(line.host);
    await port.close();
    expect(['data', 'close', 'end'].map((event) => line.host.listenerCount(event))).to.deep.equal(before);
  });
});
