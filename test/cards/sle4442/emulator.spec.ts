import { expect } from 'chai';
import { DecodeError } from '../../../src/core/errors.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { createSle4442, sle4442Definition } from '../../../simulators/cards/sle4442/index.ts';
import { byteAt, out, poweredCard, procedure, send } from './helpers.ts';

describe('SLE4442 emulator: commands', () => {
  it('answers reset with main bytes 0..3, A2 13 10 91 [SLE4442 ATR]', async () => {
    const card = createSle4442({ timing: false });
    expect(Array.from(await card.powerOn())).to.deep.equal([0xa2, 0x13, 0x10, 0x91]);
    expect(Array.from(await card.reset())).to.deep.equal([0xa2, 0x13, 0x10, 0x91]);
  });

  it('READ MAIN outputs from the address to the end, or readLength bytes', async () => {
    const card = await poweredCard();
    expect((await send(card, '30 00 00')).data.length).to.equal(256);
    expect((await send(card, '30 E0 00')).data.length).to.equal(32);
    expect(await out(card, '30 14 00', 4)).to.equal('FF D2 76 00');
    expect(await out(card, '30 00 00', 0)).to.equal('');
    expect(await out(card, '30 FF 00', 5)).to.equal('FF');
  });

  it('holds the blank-card header in bytes 0..31 and FF above', async () => {
    const card = await poweredCard();
    expect(await out(card, '30 00 00', 32)).to.equal(
      'A2 13 10 91 FF FF 81 15 FF FF FF FF FF FF FF FF FF FF FF FF FF D2 76 00 00 04 00 FF FF FF FF FF',
    );
    expect(Array.from((await send(card, '30 20 00')).data).every((b) => b === 0xff)).to.equal(true);
  });

  it('READ PROTECTION outputs 4 bytes: factory-frozen bytes 0..7 and 21..26 read as 0 bits', async () => {
    const card = await poweredCard();
    expect(await out(card, '34 00 00')).to.equal('00 FF 1F F8');
    expect(await out(card, '34 55 AA', 2)).to.equal('00 FF');
  });

  it('READ SECURITY outputs EC then 00 00 00 until the PSC is verified', async () => {
    const card = await poweredCard();
    expect(await out(card, '31 00 00')).to.equal('07 00 00 00');
    expect(await procedure(card)).to.equal('07');
    expect(await out(card, '31 00 00')).to.equal('07 12 34 56');
  });

  it('processing-mode commands output nothing and report acknowledged', async () => {
    const card = await poweredCard();
    for (const hex of ['38 40 00', '3C 10 00', '39 00 FF', '33 01 12']) {
      const response = await send(card, hex, 4);
      expect(response.data.length, hex).to.equal(0);
      expect(response.acknowledged, hex).to.equal(true);
    }
  });

  it('UPDATE MAIN needs the PSC; afterwards it sets any value', async () => {
    const card = await poweredCard();
    await send(card, '38 40 00');
    expect(await byteAt(card, 0x40)).to.equal(0xff);
    await procedure(card);
    for (const value of [0x00, 0xff, 0x5a, 0xa5]) {
      await card.execute({ bytes: Uint8Array.of(0x38, 0x40, value) });
      expect(await byteAt(card, 0x40)).to.equal(value);
    }
  });

  it('UPDATE MAIN refuses a protected byte and accepts an unprotected one of 0..31', async () => {
    const card = await poweredCard();
    await procedure(card);
    await send(card, '38 03 00');
    expect(await byteAt(card, 0x03)).to.equal(0x91);
    await send(card, '38 1B 42');
    expect(await byteAt(card, 0x1b)).to.equal(0x42);
  });

  it('WRITE PROTECTION programs the bit only when the data matches, only for 0..31, only when verified', async () => {
    const card = await poweredCard();
    await send(card, '3C 08 FF');
    expect(await out(card, '34 00 00')).to.equal('00 FF 1F F8');
    await procedure(card);
    await send(card, '3C 08 00');
    expect(await out(card, '34 00 00')).to.equal('00 FF 1F F8');
    await send(card, '3C 20 FF');
    expect(await out(card, '34 00 00')).to.equal('00 FF 1F F8');
    await send(card, '3C 08 FF');
    await send(card, '3C 1F FF');
    expect(await out(card, '34 00 00')).to.equal('00 FE 1F 78');
    await send(card, '38 08 00');
    expect(await byteAt(card, 0x08)).to.equal(0xff);
  });

  it('ignores unknown control bytes', async () => {
    const card = await poweredCard();
    for (const control of [0x00, 0x32, 0x35, 0x3b, 0x3d, 0xff]) {
      const response = await card.execute({ bytes: Uint8Array.of(control, 0x40, 0x00) });
      expect(response.data.length).to.equal(0);
      expect(response.busyMicros).to.equal(0);
    }
    expect(await byteAt(card, 0x40)).to.equal(0xff);
    expect(await out(card, '31 00 00')).to.equal('07 00 00 00');
  });

  it('rejects commands that are not 3 bytes and bad readLengths with a DecodeError naming the bytes', async () => {
    const card = await poweredCard();
    for (const bytes of [Uint8Array.of(0x30, 0x00), Uint8Array.of(0x30, 0, 0, 0), new Uint8Array(0)]) {
      try {
        await card.execute({ bytes });
        expect.fail('no error');
      } catch (error) {
        expect(error).to.be.instanceOf(DecodeError);
        expect(Array.from((error as DecodeError).bytes)).to.deep.equal(Array.from(bytes));
      }
    }
    for (const readLength of [-1, 1.5]) {
      try {
        await send(card, '30 00 00', readLength);
        expect.fail('no error');
      } catch (error) {
        expect(error).to.be.instanceOf(DecodeError);
      }
    }
  });

  it('is mute when not powered: before power-on, after power-off, and reset too', async () => {
    const card = createSle4442({ timing: false });
    for (const attempt of [() => send(card, '30 00 00'), () => card.reset()]) {
      try {
        await attempt();
        expect.fail('no error');
      } catch (error) {
        expect(error).to.be.instanceOf(CardMuteError);
      }
    }
    await card.powerOn();
    await card.powerOff();
    try {
      await send(card, '31 00 00');
      expect.fail('no error');
    } catch (error) {
      expect((error as CardMuteError).code).to.equal('STBPAY_ERR_CARD_MUTE');
    }
  });

  it('a second power-on acts as a power cycle (verification lost)', async () => {
    const card = await poweredCard();
    await procedure(card);
    await card.powerOn();
    await send(card, '38 40 00');
    expect(await byteAt(card, 0x40)).to.equal(0xff);
  });

  it('definition: type, default secret FF FF FF, secret length 3, wrong secret length refused', () => {
    expect(sle4442Definition.type).to.equal('SLE4442');
    expect(Array.from(sle4442Definition.defaultSecret)).to.deep.equal([0xff, 0xff, 0xff]);
    expect(sle4442Definition.secretLength).to.equal(3);
    expect(() => sle4442Definition.create({ secret: Uint8Array.of(1, 2) })).to.throw(/3 bytes/);
  });

  it('a card created without a secret takes the default PSC FF FF FF', async () => {
    const card = sle4442Definition.create({ timing: false });
    await card.powerOn();
    expect(await procedure(card, Uint8Array.of(0xff, 0xff, 0xff))).to.equal('07');
  });
});
