import {
  PSC_ADDRESS,
  comparePscByte,
  eraseErrorCounter,
  writeByte,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { counter, poweredCard, pscProcedure, read8, verify, wrongCode } from './helpers.ts';

const fresh = [CARD_CAPABILITY.freshCard];
const PROCEDURE = 'ACR38 §9.3.5; sqf-ice sle4428.c verification; IchMarcel sle4428.c';

export const pscCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4428-PSC-001',
    clause: PROCEDURE,
    title: 'right PSC: counter bit written, comparison, counter erased to FF, writes allowed',
    tags: ['psc'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual(await counter(card), 0xff, 'counter of a fresh card');
      const { afterBit, final } = await pscProcedure(card, context.target.defaultSecret);
      checkEqual(afterBit, 0xfe, 'counter after WRITE_COUNTER FE');
      checkEqual(final, 0xff, 'counter after the erase');
      await card.execute(writeByte(0x40, 0x12));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0x12), 'byte 040 after a write');
    },
  },
  {
    id: 'SLE4428-PSC-002',
    clause: PROCEDURE,
    title: 'wrong PSC: the attempt is spent, the counter cannot be erased, writes stay refused',
    tags: ['psc', 'counter'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      const { afterBit, final } = await pscProcedure(card, wrongCode(context.target.defaultSecret));
      checkEqual(afterBit, 0xfe, 'counter after the bit write');
      checkEqual(final, 0xfe, 'counter after the refused erase');
      await card.execute(writeByte(0x40, 0x12));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0xff), 'byte 040 after a refused write');
    },
  },
  {
    id: 'SLE4428-PSC-003',
    clause: PROCEDURE,
    title: 'both PSC bytes must match: one right byte is not enough',
    tags: ['psc'],
    requires: fresh,
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      const firstWrong = await pscProcedure(card, Uint8Array.of((psc[0] ?? 0) ^ 1, psc[1] ?? 0));
      checkEqual(firstWrong.final, 0xfe, 'counter after a wrong first byte');
      const secondWrong = await pscProcedure(card, Uint8Array.of(psc[0] ?? 0, (psc[1] ?? 0) ^ 1));
      checkEqual(secondWrong.final, 0xfc, 'counter after a wrong second byte');
    },
  },
  {
    id: 'SLE4428-PSC-004',
    clause: `${PROCEDURE} (a comparison counts only after a counter bit was written)`,
    title: 'comparing without writing a counter bit first grants nothing',
    tags: ['psc'],
    requires: fresh,
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      await card.execute(comparePscByte(0, psc[0] ?? 0));
      await card.execute(comparePscByte(1, psc[1] ?? 0));
      await card.execute(writeByte(0x40, 0x12));
      checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0xff), 'byte 040 after compares without a counter bit');
    },
  },
  {
    id: 'SLE4428-PSC-005',
    clause: `${PROCEDURE} (the counter can be erased only after a correct comparison)`,
    title: 'the counter cannot be erased, nor bits set, without the PSC',
    tags: ['psc', 'counter'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await card.execute(writeErrorCounter(0xf0));
      checkEqual(await counter(card), 0xf0, 'counter after WRITE_COUNTER F0 (bits only cleared)');
      await card.execute(eraseErrorCounter());
      checkEqual(await counter(card), 0xf0, 'counter after an erase without PSC');
      await card.execute(writeErrorCounter(0xff));
      checkEqual(await counter(card), 0xf0, 'counter after WRITE_COUNTER FF (cannot set bits)');
    },
  },
  {
    id: 'SLE4428-PSC-006',
    clause: `${PROCEDURE}; yktchina §5 (one correct verification restores the counter)`,
    title: 'a right PSC after failures restores all 8 attempts',
    tags: ['psc', 'counter'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      for (let i = 0; i < 3; i++) await pscProcedure(card, wrongCode(context.target.defaultSecret));
      checkEqual(await counter(card), 0xf8, 'counter after 3 wrong codes');
      const { final } = await pscProcedure(card, context.target.defaultSecret);
      checkEqual(final, 0xff, 'counter after the right code');
    },
  },
  {
    id: 'SLE4428-PSC-007',
    clause: `${PROCEDURE}; yktchina §6 (the PSC is readable and changeable after verification)`,
    title: 'PSC change: new code written at 3FE-3FF works after power-off, the old one fails',
    tags: ['psc'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      await verify(card, context.target.defaultSecret);
      checkBytes(await read8(card, PSC_ADDRESS, 2), context.target.defaultSecret, 'PSC read after verification');
      await card.execute(writeByte(PSC_ADDRESS, 0x12));
      await card.execute(writeByte(PSC_ADDRESS + 1, 0x34));
      await card.powerOff();
      await card.powerOn();
      checkEqual((await pscProcedure(card, context.target.defaultSecret)).final, 0xfe, 'counter after the old code');
      checkEqual((await pscProcedure(card, Uint8Array.of(0x12, 0x34))).final, 0xff, 'counter after the new code');
    },
  },
  {
    id: 'SLE4428-PSC-008',
    clause: 'NewCardOptions.secret (transport PSC as shipped)',
    title: 'a card made with PSC 12 34 verifies with it and not with FF FF',
    tags: ['psc'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context, { secret: Uint8Array.of(0x12, 0x34) });
      checkEqual((await pscProcedure(card, Uint8Array.of(0xff, 0xff))).final, 0xfe, 'counter after FF FF');
      checkEqual((await pscProcedure(card, Uint8Array.of(0x12, 0x34))).final, 0xff, 'counter after 12 34');
    },
  },
  {
    id: 'SLE4428-PSC-010',
    clause: `${PROCEDURE} (compare 3FE, then 3FF; docs/cards/sle4428.md: both bytes in one attempt)`,
    title: 'the 3FF comparison alone, or the two in reverse order, grants nothing',
    tags: ['psc'],
    requires: fresh,
    async run(context) {
      const psc = context.target.defaultSecret;
      const card = await poweredCard(context);
      for (const [what, order] of [['3FF only', [1]], ['3FF then 3FE', [1, 0]]] as const) {
        const before = await counter(card);
        await card.execute(writeErrorCounter(before & (before - 1) & 0xff));
        for (const index of order) await card.execute(comparePscByte(index, psc[index] ?? 0));
        await card.execute(eraseErrorCounter());
        checkEqual(await counter(card), before & (before - 1) & 0xff, `counter after ${what}`);
        await card.execute(writeByte(0x40, 0x12));
        checkBytes(await read8(card, 0x40, 1), Uint8Array.of(0xff), `byte 040 after ${what}`);
      }
    },
  },
  {
    id: 'SLE4428-PSC-009',
    clause: `${PROCEDURE} (the last attempt still verifies)`,
    title: 'with one attempt left, the right PSC still verifies and restores FF',
    tags: ['psc', 'counter'],
    requires: fresh,
    async run(context) {
      const card = await poweredCard(context);
      for (let i = 0; i < 7; i++) await pscProcedure(card, wrongCode(context.target.defaultSecret));
      checkEqual(await counter(card), 0x80, 'counter after 7 wrong codes');
      const { afterBit, final } = await pscProcedure(card, context.target.defaultSecret);
      checkEqual(afterBit, 0x00, 'counter after the last bit is written');
      checkEqual(final, 0xff, 'counter after the right code');
    },
  },
];
