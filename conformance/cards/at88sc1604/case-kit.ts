import { AT88SC1604_DEFAULT_SC, AT88SC1604_MAP as M, AT88SC1604_ZONES } from '../../../src/cards/at88sc1604/commands.ts';
import { blowFuse } from '../../../src/cards/at88sc102/family.ts';
import type { TestCard } from '../target.ts';
import { ack, present, type CodeUnderTest } from '../at88sc102/case-kit.ts';

export { ack, card, checkErased, eraseUnitAt, ones, powered, present, readAt, writeAt, type CardCase } from '../at88sc102/case-kit.ts';

export const Z = AT88SC1604_ZONES;
export const SC: CodeUnderTest = { code: M.sc, counter: M.scac, counted: 8 };
export const SC1: CodeUnderTest = { code: Z[0].sc, counter: Z[0].sac!, counted: 8 };
export const EZ = (n: 1 | 2 | 3 | 4): CodeUnderTest => ({ code: Z[n - 1]!.ez, counter: Z[n - 1]!.eac, counted: 8 });
export const WRONG = Uint8Array.of(0x12, 0x34);
export const BLANK = Uint8Array.of(0xff, 0xff);
export const MAP = 'AT88SC1604 memory map (byte addresses from sqf-ice/Mygit sc102_1604.c)';

/** Code validated, `prepare` run in level 1, FUSE2 blown, power cycled: a personalised card, nothing validated. */
export async function personalised(c: TestCard, prepare: () => Promise<void> = async () => {}): Promise<void> {
  await present(c, SC, AT88SC1604_DEFAULT_SC);
  await prepare();
  await ack(c, blowFuse(M.fuse2.start), 'blow FUSE2');
  await c.powerOff();
  await c.powerOn();
}
