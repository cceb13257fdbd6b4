import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import type { StbpayError } from '../../../src/core/errors.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import * as driver from '../../../src/cards/at88sc1608/driver.ts';
import { At88LastAttemptError, At88PasswordLockedError, At88RangeError } from '../../../src/cards/at88-i2c/errors.ts';
import { SECRET, bytes, configure, hex, poweredCard } from './helpers.ts';

const W1 = { set: 1, kind: 'write' } as const;

async function rejection(promise: Promise<unknown>): Promise<StbpayError> {
  try {
    await promise;
  } catch (error) {
    return error as StbpayError;
  }
  throw new Error('expected a rejection');
}

/** Counts the chip commands a driver call sends. */
function counting(card: SynchronousCard): SynchronousCard & { sent: string[] } {
  const sent: string[] = [];
  return Object.assign(Object.create(card) as SynchronousCard, {
    sent,
    execute: (command: ChipCommand): Promise<ChipResponse> => {
      sent.push(hex(command.bytes));
      return card.execute(command);
    },
  });
}

describe('AT88SC1608 host driver', () => {
  it('writes across pages in page-sized commands, ACK-polling each 10 ms cycle on the card clock', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    const spy = counting(card);
    const start = clock.now();
    const data = Uint8Array.from({ length: 40 }, (_, i) => i);
    await driver.writeUserZone(spy, 3, 0x0c, data, { clock });
    expect(spy.sent.filter((s) => s.startsWith('B0')).map((s) => s.slice(0, 5))).to.deep.equal(['B0 0C', 'B0 10', 'B0 20', 'B0 30']);
    expect(clock.now() - start).to.equal(40);
    expect(await driver.readUserZone(card, 3, 0x0c, 40, { clock })).to.deep.equal(data);
  });

  it('reads and writes the configuration zone; refused writes raise At88NackError with the bytes', async () => {
    const card = await poweredCard();
    const error = await rejection(driver.writeConfig(card, 0x08, bytes(1, 2)));
    expect(error.code).to.equal('STBPAY_ERR_AT88_NACK');
    expect(hex((error as unknown as { bytes: Uint8Array }).bytes)).to.equal('B4 08 01 02');
    const result = await driver.presentSecureCode(card, SECRET);
    expect(result).to.deep.equal({ verified: true, pac: 0xff, attemptsLeft: 8 });
    await driver.writeConfig(card, 0x08, bytes(1, 2));
    expect(await driver.readConfig(card, 0x08, 2)).to.deep.equal(bytes(1, 2));
    expect((await rejection(driver.readConfig(card, 0x7f, 2))).constructor).to.equal(At88RangeError);
  });

  it('counts down attempts, refuses to present at one attempt left unless insist, then reports locked', async () => {
    const card = await poweredCard();
    await configure(card, [[0x49, [1, 2, 3]]]);
    const left: number[] = [];
    for (let i = 0; i < 7; i++) left.push((await driver.verifyPassword(card, W1, bytes(0, 0, 0))).attemptsLeft);
    expect(left).to.deep.equal([7, 6, 5, 4, 3, 2, 1]);
    const refusal = await rejection(driver.verifyPassword(card, W1, bytes(1, 2, 3)));
    expect(refusal).to.be.instanceOf(At88LastAttemptError);
    expect(refusal.code).to.equal('STBPAY_ERR_AT88_LAST_ATTEMPT');
    expect(card.config.cells[0x48]).to.equal(0x80);
    expect(await driver.verifyPassword(card, W1, bytes(1, 2, 3), { insist: true })).to.deep.equal({ verified: true, pac: 0xff, attemptsLeft: 8 });
    for (let i = 0; i < 7; i++) await driver.verifyPassword(card, W1, bytes(0, 0, 0));
    await driver.verifyPassword(card, W1, bytes(0, 0, 0), { insist: true });
    const locked = await rejection(driver.verifyPassword(card, W1, bytes(1, 2, 3), { insist: true }));
    expect(locked).to.be.instanceOf(At88PasswordLockedError);
    expect(locked.code).to.equal('STBPAY_ERR_AT88_LOCKED');
  });

  it('blows fuses only in order and only once; without the secure code the chip refuses', async () => {
    const card = await poweredCard();
    expect((await rejection(driver.blowFuse(card, 'FAB'))).code).to.equal('STBPAY_ERR_AT88_NACK');
    await driver.presentSecureCode(card, SECRET);
    expect((await rejection(driver.blowFuse(card, 'CMA'))).code).to.equal('STBPAY_ERR_AT88_FUSE');
    await driver.blowFuse(card, 'FAB');
    expect((await rejection(driver.blowFuse(card, 'FAB'))).code).to.equal('STBPAY_ERR_AT88_FUSE');
    await driver.blowFuse(card, 'CMA');
    expect(await driver.readFuses(card)).to.deep.equal({ FAB: true, CMA: true, PER: false });
  });

  it('gives up ACK polling with At88BusyError when the card never acknowledges', async () => {
    const clock = new VirtualClock();
    const stuck: SynchronousCard = {
      type: 'AT88SC1608',
      powerOn: async () => new Uint8Array(0),
      reset: async () => new Uint8Array(0),
      powerOff: async () => undefined,
      execute: async () => ({ data: new Uint8Array(0), acknowledged: false, busyMicros: 0 }),
    };
    const error = await rejection(driver.readConfig(stuck, 0, 1, { clock, pollTimeoutMs: 20 }));
    expect(error.code).to.equal('STBPAY_ERR_AT88_BUSY');
    expect(clock.now() - new VirtualClock().now()).to.equal(20);
    expect((await rejection(driver.setUserZone(stuck, 8))).code).to.equal('STBPAY_ERR_AT88_RANGE');
  });
});
