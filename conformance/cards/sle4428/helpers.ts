import {
  ERROR_COUNTER_ADDRESS,
  comparePscByte,
  eraseErrorCounter,
  readMain,
  readWithProtection,
  splitProtectedRead,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';
import { fail, type CaseContext } from '../../framework/case.ts';
import { freshCard, type CardTarget, type NewTestCardOptions, type TestCard } from '../target.ts';

/** A fresh card from the target, powered on, every exchange in the case's evidence. */
export async function poweredCard(context: CaseContext<CardTarget>, options: NewTestCardOptions = {}): Promise<TestCard> {
  const card = await freshCard(context, options);
  await card.powerOn();
  return card;
}

export async function read8(card: TestCard, address: number, length: number): Promise<Uint8Array> {
  return (await card.execute(readMain(address, length))).data;
}

export async function read9(card: TestCard, address: number, count: number): Promise<{ data: Uint8Array; protectedFlags: boolean[] }> {
  return splitProtectedRead((await card.execute(readWithProtection(address, count))).data);
}

export async function counter(card: TestCard): Promise<number> {
  return (await read8(card, ERROR_COUNTER_ADDRESS, 1))[0] ?? -1;
}

/**
 * The PSC procedure as raw chip commands (no driver, so cases check the chip alone): write a free
 * counter bit, compare 3FE and 3FF, erase the counter. Returns the counter after the bit write and
 * at the end.
 */
export async function pscProcedure(card: TestCard, psc: Uint8Array): Promise<{ afterBit: number; final: number }> {
  const before = await counter(card);
  await card.execute(writeErrorCounter(before & (before - 1) & 0xff));
  const afterBit = await counter(card);
  await card.execute(comparePscByte(0, psc[0] ?? 0));
  await card.execute(comparePscByte(1, psc[1] ?? 0));
  await card.execute(eraseErrorCounter());
  return { afterBit, final: await counter(card) };
}

/** Verifies the PSC or fails the case (the precondition of write cases). */
export async function verify(card: TestCard, psc: Uint8Array): Promise<void> {
  const { final } = await pscProcedure(card, psc);
  if (final !== 0xff) fail(`precondition: the PSC procedure with the right code left the counter at ${final}`);
}

/** A code that differs from `psc` in its first byte. */
export const wrongCode = (psc: Uint8Array): Uint8Array => Uint8Array.of((psc[0] ?? 0) ^ 0x5a, psc[1] ?? 0);

export { expectMute } from '../card-checks.ts';
