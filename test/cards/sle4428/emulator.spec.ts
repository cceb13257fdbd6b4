import { expect } from 'chai';
import { DecodeError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import {
  comparePscByte,
  eraseErrorCounter,
  protectWithCompareByte,
  readMain,
  readWithProtection,
  writeAndProtectByte,
  writeByte,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';
import { sle4428Definition, type Sle4428Card } from '../../../simulators/cards/sle4428/index.ts';

const FF = Uint8Array.of(0xff, 0xff);
async function powered(secret = FF): Promise<Sle4428Card> {
  const card = sle4428Definition.create({ secret, timing: false });
  await card.powerOn();
  return card;
}
const hex = async (card: Sle4428Card, address: number, length?: number, nine = false): Promise<string> =>
  toHex((await card.execute(nine ? readWithProtection(address, length) : readMain(address, length))).data);
async function verify(card: Sle4428Card, psc = FF): Promise<void> {
  const counter = (await card.execute(readMain(0x3fd, 1))).data[0] ?? 0;
  for (const c of [writeErrorCounter(counter & (counter - 1)), comparePscByte(0, psc[0] ?? 0), comparePscByte(1, psc[1] ?? 0), eraseErrorCounter()]) {
    await card.execute(c);
  }
}

describe('SLE4428 emulator', () => {
  it('is mute until powered and after power-off', async () => {
    const card = sle4428Definition.create();
    let error: unknown;
    await card.execute(readMain(0, 1)).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(CardMuteError);
    expect(toHex(await card.powerOn())).to.equal('92 23 10 91');
    await card.powerOff();
    await card.reset().catch((e: unknown) => (error = e));
    expect((error as CardMuteError).code).to.equal('STBPAY_ERR_CARD_MUTE');
  });

  it('reads the factory header, counter and hidden PSC with 8 and 9 bits', async () => {
    const card = await powered(Uint8Array.of(0x12, 0x34));
    expect(await hex(card, 0, 8)).to.equal('92 23 10 91 FF FF 81 13');
    expect(await hex(card, 6, 3, true)).to.equal('81 00 13 00 FF 01');
    expect(await hex(card, 0x3fd)).to.equal('FF 00 00');
    expect(await hex(card, 0x3fe, undefined, true)).to.equal('00 01 00 01');
    expect((await card.execute(readMain(0))).data.length).to.equal(1024);
    expect((await card.execute(readWithProtection(0))).data.length).to.equal(2048);
  });

  it('rejects a readLength that is not a whole number >= 0 with a DecodeError naming the bytes', async () => {
    const card = await powered();
    for (const readLength of [-1, 1.5, Number.NaN]) {
      const error = await card.execute({ bytes: Uint8Array.of(0x0e, 0x00, 0x00), readLength }).then(
        () => expect.fail(`readLength ${readLength} accepted`),
        (e: unknown) => e,
      );
      expect(error, String(readLength)).to.be.instanceOf(DecodeError);
      expect(toHex((error as DecodeError).bytes)).to.equal('0E 00 00');
    }
    expect(card.isPowered).to.equal(true);
  });

  it('ignores commands of other lengths and unknown control codes', async () => {
    const card = await powered();
    await verify(card);
    for (const bytes of [Uint8Array.of(0x33, 0x40), Uint8Array.of(0x33, 0x40, 0x00, 0x00), Uint8Array.of(0x3f, 0x40, 0x00), Uint8Array.of(0x01, 0x40, 0x00)]) {
      const response = await card.execute({ bytes });
      expect(response).to.deep.equal({ data: new Uint8Array(0), acknowledged: true, busyMicros: 0 });
    }
    expect(await hex(card, 0x40, 1)).to.equal('FF');
  });

  it('runs the PSC procedure: one attempt per counter bit, erase only after a right comparison', async () => {
    const card = await powered(Uint8Array.of(0x12, 0x34));
    await verify(card, Uint8Array.of(0x12, 0x35));
    expect(await hex(card, 0x3fd, 1)).to.equal('FE');
    await card.execute(writeByte(0x40, 0x01));
    expect(await hex(card, 0x40, 1)).to.equal('FF');
    await verify(card, Uint8Array.of(0x12, 0x34));
    expect(await hex(card, 0x3fd)).to.equal('FF 12 34');
  });

  it('a failed attempt after a verification withdraws the access; a warm reset keeps it', async () => {
    const card = await powered();
    await verify(card);
    await card.reset();
    await card.execute(writeByte(0x40, 0x01));
    expect(await hex(card, 0x40, 1)).to.equal('01');
    await verify(card, Uint8Array.of(0, 0));
    await card.execute(writeByte(0x40, 0x02));
    expect(await hex(card, 0x40, 1)).to.equal('01');
  });

  it('write with protect bit freezes the byte; protect-with-compare needs the stored value', async () => {
    const card = await powered();
    await verify(card);
    await card.execute(writeAndProtectByte(0x100, 0x42));
    await card.execute(writeByte(0x100, 0x00));
    expect(await hex(card, 0x100, 1, true)).to.equal('42 00');
    await card.execute(writeByte(0x101, 0x10));
    await card.execute(protectWithCompareByte(0x101, 0x11));
    expect(await hex(card, 0x101, 1, true)).to.equal('10 01');
    await card.execute(protectWithCompareByte(0x101, 0x10));
    expect(await hex(card, 0x101, 1, true)).to.equal('10 00');
  });

  it('locks after 8 wrong codes: the right code no longer opens an attempt', async () => {
    const card = await powered();
    for (let i = 0; i < 8; i++) await verify(card, Uint8Array.of(1, 1));
    expect(await hex(card, 0x3fd, 1)).to.equal('00');
    await verify(card);
    expect(await hex(card, 0x3fd)).to.equal('00 00 00');
    expect(card.dump()).to.contain('LOCKED for good');
  });
});
