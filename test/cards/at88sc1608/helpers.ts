import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { toHex } from '../../../src/core/hex.ts';
import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { At88sc1608Card, at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';

export const SECRET = at88sc1608Definition.defaultSecret;
export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** A powered factory-fresh card, timing off unless a clock is given. */
export async function poweredCard(options: { clock?: VirtualClock; secret?: Uint8Array } = {}): Promise<At88sc1608Card> {
  const card = at88sc1608Definition.create({
    timing: options.clock !== undefined,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
  });
  await card.powerOn();
  return card;
}

/** Executes and asserts the acknowledge bit, printing the bytes on failure. */
export async function run(card: At88sc1608Card, command: ChipCommand, acknowledged = true): Promise<ChipResponse> {
  const response = await card.execute(command);
  expect(response.acknowledged, `${toHex(command.bytes)} acknowledged`).to.equal(acknowledged);
  return response;
}

export async function withSecureCode(card: At88sc1608Card, secret = SECRET): Promise<void> {
  await run(card, cmd.verifyPassword(cmd.SECURE_CODE, secret));
  expect(card.config.cells[0x78]).to.equal(0xff);
}

/** With the secure code, writes configuration bytes (AR/PR, passwords...), then power-cycles. */
export async function configure(card: At88sc1608Card, writes: [number, number[]][], secret = SECRET): Promise<void> {
  await withSecureCode(card, secret);
  for (const [address, data] of writes) await run(card, cmd.writeConfigurationZone(address, Uint8Array.from(data)));
  await card.powerOff();
  await card.powerOn();
}

export const hex = (data: Uint8Array): string => toHex(data);
