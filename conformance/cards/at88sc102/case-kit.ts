import { toHex } from '../../../src/core/hex.ts';
import { compareCode, eraseAt, readBits, writeBits } from '../../../src/cards/at88sc102/family.ts';
import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { check, fail, type CaseContext, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget, type NewTestCardOptions, type TestCard } from '../target.ts';

/**
 * Helpers for the AT88SC102/AT88SC1604 cases: raw chip commands only (the family encoding of
 * src/cards/at88sc102/family.ts), so a case reads as the transcript it produces.
 */
export type CardCase = ConformanceCase<CardTarget>;

export function card(
  id: string,
  clause: string,
  title: string,
  tags: readonly string[],
  run: (context: CaseContext<CardTarget>) => Promise<void>,
  requires: readonly string[] = [CARD_CAPABILITY.freshCard],
): CardCase {
  return { id, clause, title, tags, requires, run };
}

/** A fresh card, powered on. */
export async function powered(context: CaseContext<CardTarget>, options: NewTestCardOptions = {}): Promise<TestCard> {
  const c = await freshCard(context, options);
  await c.powerOn();
  return c;
}

/** Sends a command that must be acknowledged. */
export async function ack(c: TestCard, command: ChipCommand, what: string): Promise<ChipResponse> {
  const response = await c.execute(command);
  check(response.acknowledged, `${what}: the card did not acknowledge ${toHex(command.bytes)}`);
  return response;
}

export async function readAt(c: TestCard, address: number, count: number): Promise<Uint8Array> {
  return (await ack(c, readBits(address, count), `read bit ${address}`)).data;
}

export async function writeAt(c: TestCard, address: number, data: Uint8Array): Promise<Uint8Array> {
  return (await ack(c, writeBits(address, data), `write bit ${address}`)).data;
}

export async function eraseUnitAt(c: TestCard, address: number): Promise<Uint8Array> {
  return (await ack(c, eraseAt(address), `erase bit ${address}`)).data;
}

export function ones(bytes: Uint8Array, bits: number): number {
  let n = 0;
  for (let i = 0; i < bits; i++) n += ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
  return n;
}

export interface CodeUnderTest {
  readonly code: { readonly start: number; readonly bits: number };
  readonly counter: { readonly start: number; readonly bits: number };
  readonly counted: number;
}

/**
 * The datasheet presentation: compare, write the counter's first 1 bit to 0, erase the counter.
 * Returns the attempts left afterwards.
 */
export async function present(c: TestCard, spec: CodeUnderTest, value: Uint8Array, pay = true): Promise<number> {
  const counterBytes = Math.ceil(spec.counter.bits / 8);
  await ack(c, compareCode(spec.code.start, value), 'compare');
  if (pay) {
    const before = await readAt(c, spec.counter.start, counterBytes);
    let first = -1;
    for (let i = 0; i < spec.counted && first < 0; i++) if ((((before[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1) first = i;
    if (first < 0) return 0;
    await writeAt(c, spec.counter.start + first, Uint8Array.of(0x7f));
  }
  await eraseUnitAt(c, spec.counter.start);
  return ones(await readAt(c, spec.counter.start, counterBytes), spec.counted);
}

/** Fails unless `bytes` are all FF. */
export function checkErased(bytes: Uint8Array, what: string): void {
  if (bytes.some((b) => b !== 0xff)) fail(`${what}: expected erased (FF), got ${toHex(bytes)}`);
}
