import { ERROR_COUNTER_ADDRESS, PSC_ADDRESS, writeByte } from '../../../src/cards/sle4428/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { poweredCard, read8, read9, verify } from './helpers.ts';

const fresh = [CARD_CAPABILITY.freshCard];

/** What is readable and writable before and after verification, and how long verification lasts. */
export const secCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4428-SEC-001',
    clause: 'yktchina §6 (PSC reads 00 before verification); IS23SC4428 Description (all but the PSC readable)',
    title: 'before verification the PSC reads 00 00 and the counter reads FF',
    tags: ['psc', 'read'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context, { secret: Uint8Array.of(0x12, 0x34) });
      checkBytes(await read8(card, ERROR_COUNTER_ADDRESS, 3), Uint8Array.of(0xff, 0x00, 0x00), 'READ_8 3FD..3FF');
      checkBytes((await read9(card, PSC_ADDRESS, 2)).data, Uint8Array.of(0x00, 0x00), 'READ_9 data 3FE..3FF');
    },
  },
  {
    id: 'SLE4428-SEC-002',
    clause: 'IS23SC4428 Description (written or erased only after PSC verification)',
    title: 'without verification every write command is refused',
    tags: ['psc', 'write'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      for (const control of [0x33, 0x31, 0x30]) await card.execute({ bytes: Uint8Array.of(control, 0x40, 0xff ^ control) });
      await card.execute({ bytes: Uint8Array.of(0x30, 0x41, 0xff) });
      const { data, protectedFlags } = await read9(card, 0x40, 2);
      checkBytes(data, Uint8Array.of(0xff, 0xff), 'bytes 040..041');
      checkEqual(protectedFlags.some(Boolean), false, 'any protect bit set at 040..041');
    },
  },
  {
    id: 'SLE4428-SEC-003',
    clause: 'yktchina §6 (verification valid until power-off); SynchronousCard.reset',
    title: 'verification ends at power-off but survives a warm reset',
    tags: ['psc', 'power'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      await card.reset();
      await card.execute(writeByte(0x40, 0x01));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0x01), 'write after a warm reset');
      await card.powerOff();
      await card.powerOn();
      await card.execute(writeByte(0x40, 0x02));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0x01), 'write after power-off/on');
      checkBytes(await read8(card, PSC_ADDRESS, 2), Uint8Array.of(0, 0), 'PSC after power-off/on');
    },
  },
];
