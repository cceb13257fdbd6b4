import { expect } from 'chai';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { toHex } from '../../../src/core/hex.ts';
import { InputError } from '../../../src/core/errors.ts';
import { writeErrorCounter } from '../../../src/cards/sle4428/commands.ts';
import {
  changePsc,
  presentPsc,
  protectWithCompare,
  read,
  readErrorCounter,
  readWithProtect,
  write,
  writeAndProtect,
} from '../../../src/cards/sle4428/driver.ts';
import { CardLockedError, LastAttemptError, PscFormatError, PscProcedureError, WriteRefusedError } from '../../../src/cards/sle4428/errors.ts';
import { sle4428Definition } from '../../../simulators/cards/sle4428/index.ts';

const PSC = Uint8Array.of(0x12, 0x34);
const WRONG = Uint8Array.of(0x12, 0x35);

/** A card that logs every command it is sent, in spaced hex. */
async function loggedCard(): Promise<{ card: SynchronousCard; log: string[] }> {
  const inner = sle4428Definition.create({ secret: PSC, timing: false });
  await inner.powerOn();
  const log: string[] = [];
  const card: SynchronousCard = {
    type: 'SLE4428',
    powerOn: () => inner.powerOn(),
    reset: () => inner.reset(),
    powerOff: () => inner.powerOff(),
    execute: (c: ChipCommand): Promise<ChipResponse> => {
      log.push(toHex(c.bytes));
      return inner.execute(c);
    },
  };
  return { card, log };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.fail('expected a rejection'), (e: unknown) => e);
}

describe('SLE4428 host driver', () => {
  it('presents the PSC with the datasheet procedure and reports attempts', async () => {
    const { card, log } = await loggedCard();
    expect(await presentPsc(card, WRONG)).to.deep.equal({ verified: false, attemptsLeft: 7 });
    log.length = 0;
    expect(await presentPsc(card, PSC)).to.deep.equal({ verified: true, attemptsLeft: 8 });
    expect(log).to.deep.equal(['CE FD 00', 'F2 FD FC', 'CD FE 12', 'CD FF 34', 'F3 FD FF', 'CE FD 00']);
  });

  it('refuses to spend the last attempt unless insisted, and names the counter', async () => {
    const { card, log } = await loggedCard();
    for (let i = 0; i < 7; i++) await presentPsc(card, WRONG);
    log.length = 0;
    const error = await rejection(presentPsc(card, PSC));
    expect(error).to.be.instanceOf(LastAttemptError);
    expect((error as LastAttemptError).code).to.equal('STBPAY_ERR_SLE4428_LAST_ATTEMPT');
    expect((error as LastAttemptError).errorCounter).to.equal(0x80);
    expect(log).to.deep.equal(['CE FD 00']); // nothing written
    expect(await presentPsc(card, PSC, { insist: true })).to.deep.equal({ verified: true, attemptsLeft: 8 });
  });

  it('reports a locked card without touching it, and refuses a PSC of the wrong length', async () => {
    const { card } = await loggedCard();
    for (let i = 0; i < 7; i++) await presentPsc(card, WRONG);
    expect(await presentPsc(card, WRONG, { insist: true })).to.deep.equal({ verified: false, attemptsLeft: 0 });
    const locked = await rejection(presentPsc(card, PSC, { insist: true }));
    expect(locked).to.be.instanceOf(CardLockedError);
    expect((locked as CardLockedError).code).to.equal('STBPAY_ERR_SLE4428_LOCKED');
    expect(await rejection(presentPsc(card, Uint8Array.of(1, 2, 3)))).to.be.instanceOf(PscFormatError);
  });

  it('detects a card that took no attempt', async () => {
    const { card } = await loggedCard();
    const inner = sle4428Definition.create({ timing: false });
    await inner.powerOn();
    const frozen: SynchronousCard = { ...card, execute: (c) => (c.bytes[0] === 0xf2 ? Promise.resolve({ data: new Uint8Array(0), acknowledged: true, busyMicros: 0 }) : inner.execute(c)) };
    const error = await rejection(presentPsc(frozen, Uint8Array.of(0xff, 0xff))); // the right code, but no bit written
    expect(error).to.be.instanceOf(PscProcedureError);
    expect((error as PscProcedureError).errorCounterAfter).to.equal(0xff);
  });

  it('writes, protects and changes the PSC after verification, reading back every byte', async () => {
    const { card } = await loggedCard();
    await presentPsc(card, PSC);
    await write(card, 0x100, Uint8Array.of(1, 2, 3));
    expect(toHex(await read(card, 0x100, 3))).to.equal('01 02 03');
    await writeAndProtect(card, 0x103, Uint8Array.of(4));
    await protectWithCompare(card, 0x100, Uint8Array.of(1, 2));
    expect(await readWithProtect(card, 0x100, 5)).to.deep.equal({
      data: Uint8Array.of(1, 2, 3, 4, 0xff),
      protectedFlags: [true, true, false, true, false],
    });
    await changePsc(card, Uint8Array.of(0xab, 0xcd));
    await card.powerOff();
    await card.powerOn();
    expect((await presentPsc(card, Uint8Array.of(0xab, 0xcd))).verified).to.equal(true);
  });

  it('throws WriteRefusedError naming the address when the card did not take a write', async () => {
    const { card } = await loggedCard();
    const unverified = await rejection(write(card, 0x100, Uint8Array.of(9)));
    expect(unverified).to.be.instanceOf(WriteRefusedError);
    expect((unverified as WriteRefusedError).address).to.equal(0x100);
    await presentPsc(card, PSC);
    const header = await rejection(write(card, 0x006, Uint8Array.of(0x00)));
    expect((header as WriteRefusedError).code).to.equal('STBPAY_ERR_SLE4428_WRITE_REFUSED');
    expect(toHex((header as WriteRefusedError).actual)).to.equal('81');
    await write(card, 0x110, Uint8Array.of(0x10));
    const mismatch = await rejection(protectWithCompare(card, 0x110, Uint8Array.of(0x11)));
    expect((mismatch as WriteRefusedError).address).to.equal(0x110);
    expect(await rejection(read(card, 0x3ff, 2))).to.be.instanceOf(InputError);
  });

  it('changePsc to 00 00 is confirmed only on a verified card (an unverified one reads its PSC as 00 00)', async () => {
    const { card } = await loggedCard();
    expect(await rejection(changePsc(card, Uint8Array.of(0, 0)))).to.be.instanceOf(WriteRefusedError);
    await presentPsc(card, PSC);
    await changePsc(card, Uint8Array.of(0, 0));
    await card.powerOff();
    await card.powerOn();
    expect((await presentPsc(card, Uint8Array.of(0, 0))).verified).to.equal(true);
  });

  it('reads the error counter', async () => {
    const { card } = await loggedCard();
    await card.execute(writeErrorCounter(0x7f));
    expect(await readErrorCounter(card)).to.equal(0x7f);
  });
});
