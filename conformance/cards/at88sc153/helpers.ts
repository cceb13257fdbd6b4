import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { AR, CONFIG, SECURE_CODE, pacAddress, type FuseName, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { check, checkBytes, checkEqual, type CaseContext } from '../../framework/case.ts';
import { freshCard, type CardTarget, type NewTestCardOptions, type TestCard } from '../target.ts';

/** Shorthands for the AT88SC153 cases: every exchange goes through the recorded card. */
export type Ctx = CaseContext<CardTarget>;

export interface Started {
  readonly card: TestCard;
  /** The secure code the card was made with (random per case, so no value is hard-wired). */
  readonly secret: Uint8Array;
}

export async function start(context: Ctx, options: NewTestCardOptions = {}): Promise<Started> {
  const secret = options.secret ?? context.random.bytes(3);
  const card = await freshCard(context, { ...options, secret });
  await card.powerOn();
  return { card, secret };
}

export async function acked(card: TestCard, command: ChipCommand, what: string): Promise<ChipResponse> {
  const response = await card.execute(command);
  check(response.acknowledged, `${what}: the chip did not acknowledge`);
  return response;
}

export async function readUser(card: TestCard, zone: number, address: number, length: number): Promise<Uint8Array> {
  return (await acked(card, cmd.readUserZone(zone, address, length), `read user zone ${zone}`)).data;
}

export async function writeUser(card: TestCard, zone: number, address: number, data: Uint8Array): Promise<void> {
  await acked(card, cmd.writeUserZone(zone, address, data), `write user zone ${zone}`);
}

export async function readConfig(card: TestCard, address: number, length: number): Promise<Uint8Array> {
  return (await acked(card, cmd.readConfigZone(address, length), 'read configuration zone')).data;
}

export async function writeConfig(card: TestCard, address: number, data: Uint8Array): Promise<void> {
  await acked(card, cmd.writeConfigZone(address, data), 'write configuration zone');
}

export async function pac(card: TestCard, ref: PasswordRef): Promise<number> {
  return (await readConfig(card, pacAddress(ref), 1))[0]!;
}

/** One Verify Password command (one pass). */
export async function verifyOnce(card: TestCard, ref: PasswordRef, password: Uint8Array): Promise<void> {
  await acked(card, cmd.verifyPassword(ref, password), 'verify password');
}

/** The two-pass procedure [1016 p12]; returns the attempts counter read after it. */
export async function verify(card: TestCard, ref: PasswordRef, password: Uint8Array): Promise<number> {
  await verifyOnce(card, ref, password);
  await verifyOnce(card, ref, password);
  return pac(card, ref);
}

export async function openSecureCode(card: TestCard, secret: Uint8Array): Promise<void> {
  checkEqual(await verify(card, SECURE_CODE, secret), 0xff, 'attempts counter after the secure code');
}

/** With the secure code: sets a user zone's access register and, optionally, a password. */
export async function personalise(card: TestCard, secret: Uint8Array, zone: number, ar: number, password?: { ref: PasswordRef; value: Uint8Array }): Promise<void> {
  await openSecureCode(card, secret);
  await writeConfig(card, CONFIG.accessRegister0 + zone, Uint8Array.of(ar));
  if (password) await writeConfig(card, pacAddress(password.ref) + 1, password.value);
  checkEqual((await readConfig(card, CONFIG.accessRegister0 + zone, 1))[0]!, ar, `AR${zone} after personalisation`);
}

export async function fuses(card: TestCard): Promise<number> {
  return (await acked(card, cmd.readFuses(), 'read fuses')).data[0]!;
}

export async function blow(card: TestCard, fuse: FuseName): Promise<void> {
  await acked(card, cmd.writeFuses(fuse), `write fuses ${fuse}`);
}

export async function powerCycle(card: TestCard): Promise<void> {
  await card.powerOff();
  await card.powerOn();
}

export async function expectUser(card: TestCard, zone: number, address: number, expected: Uint8Array, what: string): Promise<void> {
  checkBytes(await readUser(card, zone, address, expected.length), expected, what);
}

export const fill = (length: number, value: number): Uint8Array => new Uint8Array(length).fill(value);
export const password = (context: Ctx): Uint8Array => context.random.bytes(3);
/** A user-zone access register: all features disabled (bits 1) except those cleared. */
export const ar = (...enabled: (keyof typeof AR)[]): number => enabled.reduce((v, bit) => v & ~AR[bit], 0xff);
