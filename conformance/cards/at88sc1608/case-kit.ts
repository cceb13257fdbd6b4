import { toHex } from '../../../src/core/hex.ts';
import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { SECURE_CODE, type PasswordRef } from '../../../src/cards/at88sc1608/commands.ts';
import { accessRegisterAddress, pacAddress, passwordAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { check, checkBytes, checkEqual, fail, type CaseContext, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, freshCard, type CardTarget, type NewTestCardOptions, type TestCard } from '../target.ts';

/** Shorthands the AT88SC1608 cases share; every exchange still goes through the recorded card. */
export type Case = ConformanceCase<CardTarget>;
export type Context = CaseContext<CardTarget>;

export const FRESH = [CARD_CAPABILITY.freshCard];

export async function poweredCard(context: Context, options: NewTestCardOptions = {}): Promise<TestCard> {
  const card = await freshCard(context, options);
  await card.powerOn();
  return card;
}

export async function acked(card: TestCard, command: ChipCommand, what: string): Promise<ChipResponse> {
  const response = await card.execute(command);
  check(response.acknowledged, `${what}: the card did not acknowledge ${toHex(command.bytes)}`);
  return response;
}

export async function refused(card: TestCard, command: ChipCommand, what: string): Promise<void> {
  const response = await card.execute(command);
  check(!response.acknowledged, `${what}: the card acknowledged ${toHex(command.bytes)}, it should have refused it`);
}

export const readConfig = async (card: TestCard, address: number, length: number): Promise<Uint8Array> =>
  (await acked(card, cmd.readConfigurationZone(address, length), `read configuration 0x${address.toString(16)}`)).data;

export const readPac = async (card: TestCard, ref: PasswordRef): Promise<number> => (await readConfig(card, pacAddress(ref), 1))[0] ?? -1;

export async function readUser(card: TestCard, zone: number, address: number, length: number): Promise<Uint8Array> {
  await acked(card, cmd.setUserZoneAddress(zone), `select zone ${zone}`);
  return (await acked(card, cmd.readUserZone(address, length), `read zone ${zone}`)).data;
}

/** ACK-polls with $B5 until the write cycle is over [AT88SC1608 0971G p12]; instant with timing off. */
export async function settle(card: TestCard): Promise<void> {
  for (let i = 0; i < 10_000; i++) if ((await card.execute(cmd.ackPoll())).acknowledged) return;
  fail('the card stayed busy through 10,000 ACK polls');
}

/** Selects the zone, writes, and waits for the write cycle; returns the write's answer. */
export async function writeUser(card: TestCard, zone: number, address: number, data: number[]): Promise<ChipResponse> {
  await acked(card, cmd.setUserZoneAddress(zone), `select zone ${zone}`);
  const response = await card.execute(cmd.writeUserZone(address, Uint8Array.from(data)));
  await settle(card);
  return response;
}

/** Presents a password and checks the PAC afterwards: FF when `right`. */
export async function present(card: TestCard, ref: PasswordRef, code: Uint8Array, right: boolean): Promise<number> {
  await acked(card, cmd.verifyPassword(ref, code), `present ${cmd.describePassword(ref)}`);
  await settle(card);
  const pac = await readPac(card, ref);
  if (right) checkEqual(pac, 0xff, `PAC of ${cmd.describePassword(ref)} after the right code`);
  return pac;
}

export const presentSecureCode = (card: TestCard, context: Context): Promise<number> =>
  present(card, SECURE_CODE, context.target.defaultSecret, true);

/** With the secure code: writes configuration bytes and checks they read back. */
export async function personalise(card: TestCard, context: Context, address: number, data: number[]): Promise<void> {
  await presentSecureCode(card, context);
  await acked(card, cmd.writeConfigurationZone(address, Uint8Array.from(data)), `write configuration 0x${address.toString(16)}`);
  await settle(card);
  checkBytes(await readConfig(card, address, data.length), Uint8Array.from(data), `configuration 0x${address.toString(16)} read back`);
}

/** A card whose zone has access register `ar`, password register `pr` and the given passwords set. */
export async function zoneCard(
  context: Context,
  zone: number,
  ar: number,
  pr: number,
  passwords: readonly [PasswordRef, number[]][] = [],
): Promise<TestCard> {
  const card = await poweredCard(context);
  await personalise(card, context, accessRegisterAddress(zone), [ar, pr]);
  for (const [ref, code] of passwords) await personalise(card, context, passwordAddress(ref), code);
  await card.powerOff();
  await card.powerOn();
  return card;
}

export const W = (set: number): PasswordRef => ({ set, kind: 'write' });
export const R = (set: number): PasswordRef => ({ set, kind: 'read' });
export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
