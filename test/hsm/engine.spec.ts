import { expect } from 'chai';
import { createRandom } from '../../src/core/random.ts';
import { HsmEngine, KeyStore } from '../../simulators/hsm/index.ts';
import { connect } from 'node:net';
import { encodeFrame, HsmFrameDecoder } from '../../src/hsm/index.ts';
import { startHsmEmulator } from '../../simulators/hsm/index.ts';

const answer = (engine: HsmEngine, request: string): string => Buffer.from(engine.answer(Buffer.from(request, 'latin1')).message).toString('latin1');

describe('HSM engine: never throws, whatever the request', () => {
  it('answers a failure inside a command with 90 and goes on answering', () => {
    const broken = { unwrap: () => { throw new Error('disk on fire'); }, lmkCheckValue: new Uint8Array(8) } as unknown as KeyStore;
    const engine = new HsmEngine({ keys: broken, random: createRandom(1) });
    expect(answer(engine, '0001BU008Z0011223344556677')).to.equal('0001BV90');
    expect(answer(engine, '0002NC').slice(0, 8)).to.equal('0002ND00');
  });

  it('takes hex in lower case and answers in upper case; three dispersion levels; a three-key key', () => {
    const engine = new HsmEngine({ keys: new KeyStore(), random: createRandom(7) });
    const formed = answer(engine, '0001A4401U111223344556677888877665544332211').slice(8);
    const lower = answer(engine, `0002KD401U${formed.slice(1, 33).toLowerCase()}3${'0102030405060708'.repeat(3)}`);
    const upper = answer(engine, `0003KD401${formed.slice(0, 33)}3${'0102030405060708'.repeat(3)}`);
    expect(lower.slice(8)).to.equal(upper.slice(8)).and.match(/^411U[0-9A-F]{32}[0-9A-F]{6}$/);
    expect(answer(engine, '0004A00008T')).to.match(/^0004A100T[0-9A-F]{48}[0-9A-F]{6}$/);
  });

  it('refuses a ZMK that is not a ZMK: A0 with a MAC key as the ZMK fails its parity (10)', () => {
    const engine = new HsmEngine({ keys: new KeyStore(), random: createRandom(7) });
    const macKey = answer(engine, '0001A00008U').slice(8, 41);
    expect(answer(engine, `0002A01008U${macKey}`)).to.equal('0002A110ZMK');
  });
});

describe('HSM emulator: a client that ends its side after sending still gets every answer', () => {
  it('answers both requests, then closes', async () => {
    const emulator = await startHsmEmulator({ port: 0 });
    try {
      const socket = connect({ host: '127.0.0.1', port: emulator.port });
      const decoder = new HsmFrameDecoder();
      const messages: string[] = [];
      socket.on('data', (chunk: Buffer) => messages.push(...decoder.push(chunk).map((m) => Buffer.from(m).toString('latin1').slice(0, 8))));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.end(Buffer.concat([encodeFrame(Buffer.from('0001NC')), encodeFrame(Buffer.from('0002QQ'))]));
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(messages).to.deep.equal(['0001ND00', '0002QR60']);
    } finally {
      await emulator.close();
    }
  });
});
