import { toHex } from '../../../src/core/hex.ts';
import { ICC_STATUS, RDR_TO_PC, RDR_TO_PC_INTERRUPT, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { check, checkBytes, checkEqual, fail, type ConformanceCase } from '../../framework/case.ts';
import * as ccid from '../ccid-commands.ts';
import { checkAnswerHeader, checkFailedWith, checkOk, NEEDS_CCID } from '../ccid-checks.ts';
import type { RecordingCcidLink } from '../link.ts';
import { withSession } from '../session.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../target.ts';

const ICC_STATUS_NAME = ['present and active', 'present and inactive', 'absent'];

async function checkIccStatus(link: RecordingCcidLink, slot: number, expected: number, when: string): Promise<void> {
  const exchange = await link.exchange(ccid.getSlotStatus(slot));
  checkAnswerHeader(exchange, `GetSlotStatus ${when}`);
  checkOk(exchange, `GetSlotStatus ${when}`);
  const actual = exchange.answer.iccStatus;
  if (actual !== expected) fail(`bmICCStatus ${when}: ${actual} (${ICC_STATUS_NAME[actual]}), expected ${expected} (${ICC_STATUS_NAME[expected]})`);
}

/** bmSlotICCState of slot `slot`: bit 0 card present, bit 1 changed since the last notification. [CCID 1.1 §6.3.1] */
function slotState(message: Uint8Array, slot: number): { present: boolean; changed: boolean } {
  const bits = ((message[1 + (slot >> 2)] ?? 0) >> (2 * (slot & 3))) & 0x03;
  return { present: (bits & 1) !== 0, changed: (bits & 2) !== 0 };
}

/**
 * Waits for the NotifySlotChange that `slot`'s change to `present` must produce and checks every
 * slot's two bits: the changed slot present/absent with its changed bit, the others unchanged.
 */
async function expectNotification(
  link: RecordingCcidLink,
  waitMs: number,
  { slotCount, changedSlot, present, occupied }: { slotCount: number; changedSlot: number; present: boolean; occupied: boolean[] },
): Promise<void> {
  const what = `${present ? 'insertion into' : 'removal from'} slot ${changedSlot}`;
  const message = await link.interrupt(waitMs, what);
  if (!message) fail(`no RDR_to_PC_NotifySlotChange after the ${what} (CCID §6.3.1)`);
  checkEqual(message[0] ?? -1, RDR_TO_PC_INTERRUPT.NotifySlotChange, `interrupt message type after the ${what}`);
  checkEqual(message.length, 1 + Math.ceil(slotCount / 4), `NotifySlotChange length for ${slotCount} slot(s) (1 + 2 bits per slot, rounded up to bytes)`);
  for (let slot = 0; slot < slotCount; slot++) {
    const state = slotState(message, slot);
    const changed = slot === changedSlot;
    check(state.present === occupied[slot], `NotifySlotChange ${toHex(message)} after the ${what}: slot ${slot} present bit ${state.present ? 1 : 0}, expected ${occupied[slot] ? 1 : 0}`);
    check(state.changed === changed, `NotifySlotChange ${toHex(message)} after the ${what}: slot ${slot} changed bit ${state.changed ? 1 : 0}, expected ${changed ? 1 : 0}`);
  }
}

export const ccidSlotCases: ConformanceCase<ReaderTarget>[] = [
  {
    id: 'READER-NOTIFY-001',
    clause: 'CCID 1.1 §6.3.1 (RDR_to_PC_NotifySlotChange: bit 0 present, bit 1 changed since the last notification)',
    title: 'removing and inserting a card each send a NotifySlotChange with the present bit and only that slot\'s changed bit set',
    tags: ['ccid', 'notify'],
    // Card movement needs hands on real hardware: not applicable there unless --interactive prompts for it.
    requires: [...NEEDS_CCID, READER_CAPABILITY.interrupt, READER_CAPABILITY.cardControl],
    async run(context) {
      await withSession(context, async ({ link, movement, slot, target }) => {
        const slotCount = link.descriptor.bMaxSlotIndex + 1;
        const occupied = Array.from({ length: slotCount }, (_, s) => s === slot);
        const move = async (changedSlot: number, present: boolean): Promise<void> => {
          await (present ? movement.insert(changedSlot) : movement.remove(changedSlot));
          occupied[changedSlot] = present;
          await expectNotification(link, target.answerTimeoutMs, { slotCount, changedSlot, present, occupied });
        };
        await move(slot, false);
        await move(slot, true);
        // A second slot shows a changed bit that was not cleared, or one set on a slot that did not change.
        if (slotCount > 1) {
          const other = slot === 0 ? 1 : 0;
          await move(other, true);
          await move(other, false);
        }
      });
    },
  },
  {
    id: 'READER-POWER-001',
    clause: 'CCID 1.1 §6.2.6 (bmICCStatus 0 present and active, 1 present and inactive), §6.1.1, §6.1.2',
    title: 'the ICC status follows power: inactive after IccPowerOff, active after IccPowerOn, in the answers and in GetSlotStatus',
    tags: ['ccid', 'power'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link, slot }) => {
        const off = await link.exchange(ccid.iccPowerOff(slot));
        checkAnswerHeader(off, 'IccPowerOff');
        checkOk(off, 'IccPowerOff');
        checkEqual(off.answer.iccStatus, ICC_STATUS.presentInactive, 'bmICCStatus in the answer to IccPowerOff');
        await checkIccStatus(link, slot, ICC_STATUS.presentInactive, 'after IccPowerOff');
        const on = await link.exchange(ccid.iccPowerOn(slot));
        checkAnswerHeader(on, 'IccPowerOn');
        checkOk(on, 'IccPowerOn');
        checkEqual(on.answer.iccStatus, ICC_STATUS.presentActive, 'bmICCStatus in the answer to IccPowerOn');
        await checkIccStatus(link, slot, ICC_STATUS.presentActive, 'after IccPowerOn');
        const offAgain = await link.exchange(ccid.iccPowerOff(slot));
        checkEqual(offAgain.answer.iccStatus, ICC_STATUS.presentInactive, 'bmICCStatus in the answer to the second IccPowerOff');
        await checkIccStatus(link, slot, ICC_STATUS.presentInactive, 'after the second IccPowerOff');
      });
    },
  },
  {
    id: 'READER-POWER-002',
    clause: 'CCID 1.1 §6.2.6 (bmICCStatus 2 no ICC present; table 6.2-2 bError FE ICC_MUTE, "CCID timed out while talking to the ICC"), §6.1.1',
    title: 'an empty slot reports absent, and IccPowerOn into it fails with bError FE',
    tags: ['ccid', 'power'],
    requires: [...NEEDS_CCID, READER_CAPABILITY.cardControl],
    async run(context) {
      await withSession(context, async ({ link, movement, slot }) => {
        await movement.remove(slot);
        await checkIccStatus(link, slot, ICC_STATUS.absent, 'with the card removed');
        const on = await link.exchange(ccid.iccPowerOn(slot));
        checkAnswerHeader(on, 'IccPowerOn into an empty slot');
        checkFailedWith(on, SLOT_ERROR.iccMute, 'IccPowerOn into an empty slot');
        checkEqual(on.answer.iccStatus, ICC_STATUS.absent, 'bmICCStatus of the failed IccPowerOn');
        checkEqual(on.answer.data.length, 0, 'ATR bytes from an empty slot');
        await movement.insert(slot);
        await checkIccStatus(link, slot, ICC_STATUS.presentInactive, 'after a card is inserted');
      });
    },
  },
  {
    id: 'READER-POWER-003',
    clause: 'CCID 1.1 §6.1.4 with §6.2.6 table 6.2-2 (bError FE ICC_MUTE: "CCID timed out while talking to the ICC"; an unpowered card cannot answer)',
    title: 'XfrBlock to a present but unpowered card fails with bError FE and no data',
    tags: ['ccid', 'power'],
    requires: NEEDS_CCID,
    async run(context) {
      await withSession(context, async ({ link, slot }) => {
        checkOk(await link.exchange(ccid.iccPowerOff(slot)), 'IccPowerOff');
        const exchange = await link.exchange(ccid.xfrBlock(slot, Uint8Array.of(0xff, 0xb0, 0x00, 0x00, 0x04)));
        checkAnswerHeader(exchange, 'XfrBlock to an unpowered card');
        checkEqual(exchange.answer.type, RDR_TO_PC.DataBlock, 'answer type');
        checkFailedWith(exchange, SLOT_ERROR.iccMute, 'XfrBlock to an unpowered card');
        checkEqual(exchange.answer.iccStatus, ICC_STATUS.presentInactive, 'bmICCStatus of the failed XfrBlock');
        checkBytes(exchange.answer.data, new Uint8Array(0), 'abData of the failed XfrBlock');
      });
    },
  },
];
