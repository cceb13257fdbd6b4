import { expect } from 'chai';
import { byteAt, out, poweredCard, procedure, PSC, send } from './helpers.ts';

const WRONG = Uint8Array.of(0x12, 0x34, 0x00);

describe('SLE4442 emulator: PSC procedure [SLE4442 §2.4]', () => {
  it('runs the datasheet table: 39 00 03, 33 01..03, 39 00 FF → EC 07 and write access', async () => {
    const card = await poweredCard();
    await send(card, '39 00 03');
    expect(await out(card, '31 00 00')).to.equal('03 00 00 00');
    await send(card, '33 01 12');
    await send(card, '33 02 34');
    await send(card, '33 03 56');
    expect(await out(card, '31 00 00')).to.equal('03 12 34 56');
    await send(card, '39 00 FF');
    expect(await out(card, '31 00 00')).to.equal('07 12 34 56');
    expect(card.dump()).to.contain('PSC verified');
  });

  it('counts 07 → 03 → 01 → 00 on wrong codes and then refuses even the right one', async () => {
    const card = await poweredCard();
    expect(await procedure(card, WRONG)).to.equal('03');
    expect(await procedure(card, WRONG)).to.equal('01');
    expect(await procedure(card, WRONG)).to.equal('00');
    expect(await procedure(card, PSC)).to.equal('00');
    expect(await out(card, '31 00 00')).to.equal('00 00 00 00');
    await send(card, '38 40 00');
    expect(await byteAt(card, 0x40)).to.equal(0xff);
  });

  it('accepts the right code on the last attempt (EC 01 → 00 during the compares → 07)', async () => {
    const card = await poweredCard();
    await procedure(card, WRONG);
    await procedure(card, WRONG);
    expect(await procedure(card, PSC)).to.equal('07');
  });

  it('clears counter bits by AND before verification and never sets them', async () => {
    const card = await poweredCard();
    await send(card, '39 00 FE');
    expect(await out(card, '31 00 00', 1)).to.equal('06');
    await send(card, '39 00 FF');
    await send(card, '39 00 07');
    expect(await out(card, '31 00 00', 1)).to.equal('06');
    await send(card, '39 00 FD');
    expect(await out(card, '31 00 00', 1)).to.equal('04');
  });

  it('does not open an attempt with a counter write that clears no bit', async () => {
    const card = await poweredCard();
    await send(card, '39 00 07');
    for (const hex of ['33 01 12', '33 02 34', '33 03 56', '39 00 FF']) await send(card, hex);
    expect(await out(card, '31 00 00')).to.equal('07 00 00 00');
    await send(card, '38 40 00');
    expect(await byteAt(card, 0x40)).to.equal(0xff);
  });

  it('fails an attempt compared out of order, or with a repeated byte', async () => {
    for (const order of [['33 02 34', '33 01 12', '33 03 56'], ['33 01 12', '33 01 12', '33 02 34', '33 03 56']]) {
      const card = await poweredCard();
      await send(card, '39 00 03');
      for (const hex of order) await send(card, hex);
      await send(card, '39 00 FF');
      expect(await out(card, '31 00 00', 1), order.join(', ')).to.equal('03');
    }
  });

  it('lets reads run between the compares, but another processing command ends the attempt', async () => {
    const card = await poweredCard();
    await send(card, '39 00 03');
    await send(card, '33 01 12');
    await send(card, '30 00 00', 4);
    await send(card, '34 00 00');
    await send(card, '33 02 34');
    await send(card, '31 00 00');
    await send(card, '33 03 56');
    await send(card, '39 00 FF');
    expect(await out(card, '31 00 00', 1)).to.equal('07');

    const other = await poweredCard();
    await send(other, '39 00 03');
    await send(other, '33 01 12');
    await send(other, '38 40 00');
    await send(other, '33 02 34');
    await send(other, '33 03 56');
    await send(other, '39 00 FF');
    expect(await out(other, '31 00 00', 1)).to.equal('03');
  });

  it('a warm reset ends an open attempt but keeps a verification', async () => {
    const card = await poweredCard();
    await send(card, '39 00 03');
    await send(card, '33 01 12');
    await card.reset();
    await send(card, '33 02 34');
    await send(card, '33 03 56');
    await send(card, '39 00 FF');
    expect(await out(card, '31 00 00', 1)).to.equal('03');
    expect(await procedure(card)).to.equal('07');
    await card.reset();
    await send(card, '38 40 5A');
    expect(await byteAt(card, 0x40)).to.equal(0x5a);
  });

  it('a failed attempt withdraws a verification granted earlier in the session', async () => {
    const card = await poweredCard();
    expect(await procedure(card)).to.equal('07');
    expect(await procedure(card, WRONG)).to.equal('03');
    await send(card, '38 40 00');
    expect(await byteAt(card, 0x40)).to.equal(0xff);
    expect(await out(card, '31 00 00')).to.equal('03 00 00 00');
  });

  it('after verification: the counter and PSC are ordinary bytes; addresses above 3 are ignored', async () => {
    const card = await poweredCard();
    await procedure(card);
    await send(card, '39 00 05');
    expect(await out(card, '31 00 00', 1)).to.equal('05');
    await send(card, '39 00 07');
    await send(card, '39 02 99');
    await send(card, '39 04 00');
    await send(card, '39 FF 00');
    expect(await out(card, '31 00 00')).to.equal('07 12 99 56');
    await card.powerOff();
    await card.powerOn();
    expect(await procedure(card, Uint8Array.of(0x12, 0x99, 0x56))).to.equal('07');
  });

  it('before verification the PSC bytes cannot be written', async () => {
    const card = await poweredCard();
    for (const hex of ['39 01 00', '39 02 00', '39 03 00']) await send(card, hex);
    expect(await procedure(card)).to.equal('07');
    expect(await out(card, '31 00 00')).to.equal('07 12 34 56');
  });

  it('compares have no effect on a locked card, whatever precedes them', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 3; i++) await procedure(card, WRONG);
    for (const hex of ['39 00 00', '39 00 FF', '33 01 12', '33 02 34', '33 03 56', '39 00 FF', '39 01 00']) await send(card, hex);
    expect(await out(card, '31 00 00')).to.equal('00 00 00 00');
    expect(card.dump()).to.contain('LOCKED');
  });
});
