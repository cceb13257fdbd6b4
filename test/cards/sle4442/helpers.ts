import { parseHex, toHex } from '../../../src/core/hex.ts';
import type { ChipResponse } from '../../../src/cards/synchronous-card.ts';
import type { NewCardOptions } from '../../../simulators/cards/common/emulated-card.ts';
import { createSle4442, type Sle4442Card } from '../../../simulators/cards/sle4442/index.ts';

export const PSC = Uint8Array.of(0x12, 0x34, 0x56);

/** A fresh card with PSC 12 34 56 (unless given), timing off (unless given), powered on. */
export async function poweredCard(options: NewCardOptions = {}): Promise<Sle4442Card> {
  const card = createSle4442({ secret: PSC, timing: false, ...options });
  await card.powerOn();
  return card;
}

/** Sends a command written in hex, e.g. "38 40 AA"; returns the response. */
export function send(card: Sle4442Card, hex: string, readLength?: number): Promise<ChipResponse> {
  return card.execute({ bytes: parseHex(hex), ...(readLength === undefined ? {} : { readLength }) });
}

/** Sends a command and returns its output as spaced hex ("" for none). */
export async function out(card: Sle4442Card, hex: string, readLength?: number): Promise<string> {
  return toHex((await send(card, hex, readLength)).data);
}

/** The datasheet's procedure with `psc`, clearing `counterData` first; returns EC afterwards as hex. */
export async function procedure(card: Sle4442Card, psc: Uint8Array = PSC, counterData?: number): Promise<string> {
  const ec = (await send(card, '31 00 00')).data[0]!;
  const clear = counterData ?? (ec & 4 ? ec & 3 : ec & 2 ? ec & 1 : 0);
  await card.execute({ bytes: Uint8Array.of(0x39, 0, clear) });
  for (const [i, b] of psc.entries()) await card.execute({ bytes: Uint8Array.of(0x33, i + 1, b) });
  await send(card, '39 00 FF');
  return out(card, '31 00 00', 1);
}

export const byteAt = async (card: Sle4442Card, address: number): Promise<number> =>
  (await card.execute({ bytes: Uint8Array.of(0x30, address, 0), readLength: 1 })).data[0]!;
