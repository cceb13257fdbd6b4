import { expect } from 'chai';
import { toCompactHex } from '../../src/core/hex.ts';
import { encodeFrame, HsmConnection, HsmConnectionError, HsmFrameDecoder } from '../../src/hsm/index.ts';
import { startHsmEmulator, type RunningHsmEmulator } from '../../simulators/hsm/index.ts';
import { rawExchange } from './support/emulator.ts';

const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** Sends one raw message on its own connection and returns the answer message (length checked). */
async function answerTo(port: number, message: Uint8Array): Promise<string> {
  const { received } = await rawExchange(port, encodeFrame(message), { frames: 1 });
  const messages = new HsmFrameDecoder().push(received);
  expect(messages, `one answer to ${JSON.stringify(text(message))}`).to.have.length(1);
  return text(messages[0]!);
}

describe('HSM emulator wire: header echo, response codes, error answers naming the field [docs/hsm.md §2, §4]', () => {
  let emulator: RunningHsmEmulator;
  before(async () => {
    emulator = await startHsmEmulator({ port: 0 });
  });
  after(() => emulator.close());

  it('answers NC with the header echoed, ND and 00', async () => {
    const answer = await answerTo(emulator.port, ascii('HEADNC'));
    expect(answer.slice(0, 8)).to.equal('HEADND00');
    expect(answer).to.have.length(8 + 16 + 9);
  });

  it('answers an unknown command with 60, the response code advanced all the same', async () => {
    expect(await answerTo(emulator.port, ascii('0007QQ123'))).to.equal('0007QR60command');
  });

  it('answers a field of the wrong form with 15 and the field name', async () => {
    expect(await answerTo(emulator.port, ascii('0001BU008ZXX11223344556677'))).to.equal('0001BV15key');
    expect(await answerTo(emulator.port, ascii('0001M6X'))).to.equal('0001M715MAC algorithm');
  });

  it('answers a message cut short or with characters left over with 80 and the field name', async () => {
    expect(await answerTo(emulator.port, ascii('0002BU008U0011'))).to.equal('0002BV80key');
    expect(await answerTo(emulator.port, ascii('0003NCX'))).to.equal('0003ND80message');
    expect(await answerTo(emulator.port, ascii('000'))).to.equal('000 ZZ80command');
  });

  it('answers a bad key type with 04, a non-ASCII byte with 15 naming the message', async () => {
    expect(await answerTo(emulator.port, ascii('0004BU0XXZ0011223344556677'))).to.equal('0004BV04key type');
    expect(await answerTo(emulator.port, Uint8Array.of(...ascii('0005BU008Z'), 0xff))).to.equal('0005BV15message');
  });

  it('closes the connection, without an answer, on an announced length over the maximum', async () => {
    const { received, closed } = await rawExchange(emulator.port, Uint8Array.of(0xff, 0xff, 0x41));
    expect(closed).to.equal(true);
    expect(received).to.have.length(0);
  });

  it('answers requests sent in one write, in order, each with its own header', async () => {
    const frames = Buffer.concat(['AAAANC', 'BBBBQQ', 'CCCCNC'].map((m) => encodeFrame(ascii(m))));
    const { received } = await rawExchange(emulator.port, frames, { frames: 3 });
    const headers = new HsmFrameDecoder().push(received).map((m) => text(m).slice(0, 8));
    expect(headers).to.deep.equal(['AAAAND00', 'BBBBQR60', 'CCCCND00']);
  });

  it('takes another header length when configured so', async () => {
    const six = await startHsmEmulator({ port: 0, headerLength: 6 });
    try {
      expect((await answerTo(six.port, ascii('HEAD01NC'))).slice(0, 10)).to.equal('HEAD01ND00');
    } finally {
      await six.close();
    }
  });
});

describe('HSM client connection: overlapping requests, timeouts, closed connections', () => {
  it('matches overlapping answers to their requests by the echoed header', async () => {
    const emulator = await startHsmEmulator({ port: 0 });
    const connection = await HsmConnection.open({ host: emulator.host, port: emulator.port });
    try {
      const answers = await Promise.all(['NC', 'QQ', 'NC', 'BU'].map((command) => connection.send(command, command === 'BU' ? '008' : '')));
      expect(answers.map((a) => `${a.responseCode}${a.errorCode}`)).to.deep.equal(['ND00', 'QR60', 'ND00', 'BV80']);
      expect(new Set(answers.map((a) => a.header)).size).to.equal(4);
      expect(connection.inFlight).to.equal(0);
    } finally {
      await connection.close();
      await emulator.close();
    }
  });

  it('fails with a typed connect error when nothing listens', async () => {
    const emulator = await startHsmEmulator({ port: 0 });
    const port = emulator.port;
    await emulator.close();
    const error = await HsmConnection.open({ host: '127.0.0.1', port, timeoutMs: 1_000 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(HsmConnectionError).with.property('reason', 'connect');
  });

  it('the encoded request is exactly header, command and fields after the 2-byte length', () => {
    expect(toCompactHex(encodeFrame(ascii('0000NC')))).to.equal('0006303030304E43');
  });
});
