import { toHex } from '../../../src/core/hex.ts';
import type { ChipResponse } from '../../../src/cards/synchronous-card.ts';
export { expectMute } from '../card-checks.ts';
import * as cmd from '../../../src/cards/sle4442/commands.ts';
import { check, checkEqual, type CaseContext } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget, type NewTestCardOptions, type TestCard } from '../target.ts';

/** The PSC the cases give their cards, so that a right and a wrong code are known. */
export const CASE_PSC = Uint8Array.of(0x12, 0x34, 0x56);
export const WRONG_PSC = Uint8Array.of(0x12, 0x34, 0x57);
export const ATR = Uint8Array.of(0xa2, 0x13, 0x10, 0x91);
/** An address outside the protected area, free on a blank card. */
export const FREE = 0x40;

export const NEEDS_CARD = [CARD_CAPABILITY.freshCard];
export const NEEDS_POWER_LOSS = [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.powerLoss];

/** A fresh card with CASE_PSC, powered on. */
export async function poweredCard(context: CaseContext<CardTarget>, options: NewTestCardOptions = {}): Promise<TestCard> {
  const card = await freshCard(context, { secret: CASE_PSC, ...options });
  await card.powerOn();
  return card;
}

export async function send(card: TestCard, bytes: number[], readLength?: number): Promise<ChipResponse> {
  return card.execute({ bytes: Uint8Array.from(bytes), ...(readLength === undefined ? {} : { readLength }) });
}

export async function readMain(card: TestCard, address: number, length: number): Promise<Uint8Array> {
  return (await card.execute(cmd.readMain(address, length))).data;
}

export async function readSecurity(card: TestCard): Promise<Uint8Array> {
  return (await card.execute(cmd.readSecurity())).data;
}

export async function readProtection(card: TestCard): Promise<Uint8Array> {
  return (await card.execute(cmd.readProtection())).data;
}

export async function errorCounter(card: TestCard): Promise<number> {
  return (await readSecurity(card))[0] ?? -1;
}

/**
 * The datasheet's PSC procedure, step by step: write a counter bit to 0, three compares, erase the
 * counter. Returns EC as read afterwards (111b = success). [SLE4442 §2.4]
 */
export async function presentPsc(card: TestCard, psc: Uint8Array): Promise<number> {
  const ec = await errorCounter(card);
  await card.execute(cmd.updateSecurity(0, cmd.clearOneCounterBit(ec)));
  for (const [i, byte] of psc.entries()) await card.execute(cmd.compareVerificationData(i + 1, byte));
  await card.execute(cmd.updateSecurity(0, cmd.ERASE_ERROR_COUNTER));
  return errorCounter(card);
}

export async function verifyOrFail(card: TestCard, psc: Uint8Array = CASE_PSC): Promise<void> {
  checkEqual(await presentPsc(card, psc), 0x07, `EC after presenting the right PSC ${toHex(psc)}`);
}

/** Writes one main byte and returns what the byte reads afterwards. */
export async function writeAndRead(card: TestCard, address: number, value: number): Promise<number> {
  const response = await card.execute(cmd.updateMain(address, value));
  checkEqual(response.data.length, 0, `38 ${address.toString(16)} outputs nothing (processing mode)`);
  return (await readMain(card, address, 1))[0] ?? -1;
}

/** Locks the card with three wrong presentations and checks the counter goes 07, 03, 01, 00. */
export async function lockOut(card: TestCard): Promise<void> {
  for (const expected of [0x03, 0x01, 0x00]) checkEqual(await presentPsc(card, WRONG_PSC), expected, 'EC after a wrong PSC');
}

export function checkProtectedBit(protection: Uint8Array, address: number, expected: boolean, what: string): void {
  const should = expected ? 'protected' : 'unprotected';
  check(
    cmd.isProtectedIn(protection, address) === expected,
    `${what}: byte 0x${address.toString(16)} should be ${should}, protection memory ${toHex(protection)}`,
  );
}

