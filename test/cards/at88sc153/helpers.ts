import { VirtualClock } from '../../../src/core/clock.ts';
import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { at88sc153Definition, type At88sc153Card } from '../../../simulators/cards/at88sc153/index.ts';

export const SECRET = Uint8Array.of(0x11, 0x22, 0x33);
export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
export const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

/** A powered card with the timing model off unless a clock is given. */
export async function poweredCard(options: { clock?: VirtualClock; secret?: Uint8Array } = {}): Promise<At88sc153Card> {
  const card = at88sc153Definition.create({
    secret: options.secret ?? SECRET,
    timing: options.clock !== undefined,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await card.powerOn();
  return card;
}


export async function secureCode(card: At88sc153Card, secret: Uint8Array = SECRET): Promise<void> {
  await card.execute(cmd.verifyPassword(cmd.SECURE_CODE, secret));
  await card.execute(cmd.verifyPassword(cmd.SECURE_CODE, secret));
}

export async function cfg(card: At88sc153Card, address: number, length: number): Promise<number[]> {
  return [...(await card.execute(cmd.readConfigZone(address, length))).data];
}

export async function user(card: At88sc153Card, zone: number, address: number, length: number): Promise<number[]> {
  return [...(await card.execute(cmd.readUserZone(zone, address, length))).data];
}

/** Resolves when `action` fails with CardMuteError; throws otherwise. */
export async function expectMute(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof CardMuteError) return;
    throw error;
  }
  throw new Error('expected the card to be mute, it answered');
}
