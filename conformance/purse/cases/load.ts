import { checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { readUint } from '../apdus.ts';
import { loadMac2 } from '../crypto.ts';
import { PURSE_SW } from '../apdus.ts';
import { SUITE_TIME, withPurse } from '../session.ts';
import type { PurseTarget } from '../target.ts';

export const loadCases: ConformanceCase<PurseTarget>[] = [
  {
    id: 'PURSE-SEL-001',
    clause: 'ISO/IEC 7816-3 §8 (ATR), ISO/IEC 7816-4 §11.2.2 (SELECT by DF name); docs/purse/card-application.md GET BALANCE',
    title: 'the card answers reset with an ATR (TS 3B or 3F), SELECT of the purse AID answers 9000, GET BALANCE 4 bytes and 9000',
    tags: ['select', 'balance'],
    async run(context) {
      await withPurse(context, async (session) => {
        context.evidence.note(`balance ${await session.balance()} fen`);
      });
    },
  },
  {
    id: 'PURSE-LOAD-001',
    clause: 'PBOC 2.0 e-purse load; docs/purse/card-application.md "Keys and MACs" (load); psam_hsm.md §1.3',
    title: 'a load: INITIALIZE FOR LOAD with MAC1 right under the card\'s load key, CREDIT FOR LOAD with the suite\'s MAC2 answers the right TAC; balance up by the amount, online seq up by 1',
    tags: ['load', 'mac', 'tac'],
    async run(context) {
      await withPurse(context, async (session) => {
        const before = await session.balance();
        const amount = context.random.int(1, 100_000);
        const { init } = await session.load(amount);
        checkEqual(init.balance, before, 'INITIALIZE FOR LOAD: old balance against GET BALANCE');
        checkEqual(await session.balance(), before + amount, 'balance after the load');
        const next = await session.checkedInitializeForLoad(1);
        checkEqual(readUint(next.onlineSeq), readUint(init.onlineSeq) + 1, 'online seq after one load');
      });
    },
  },
  {
    id: 'PURSE-SW-9302-001',
    clause: 'docs/purse/card-application.md "Status words" 9302 (MAC2 wrong; nothing changes)',
    title: 'CREDIT FOR LOAD with MAC2 off in any one byte answers 9302, the balance is unchanged, and a following load with the right MAC2 goes through',
    tags: ['load', 'mac', 'status-word'],
    async run(context) {
      await withPurse(context, async (session) => {
        const before = await session.balance();
        const amount = context.random.int(1, 10_000);
        for (let byte = 0; byte < 4; byte++) {
          const init = await session.checkedInitializeForLoad(amount);
          const mac2 = loadMac2(session.keys, init, session.loadTerms(amount), SUITE_TIME);
          mac2[byte]! ^= 0x01;
          session.expect(await session.credit(mac2), PURSE_SW.macWrong, `CREDIT FOR LOAD with MAC2 byte ${byte} changed`);
          checkEqual(await session.balance(), before, `balance after the refused CREDIT (MAC2 byte ${byte})`);
        }
        await session.load(amount);
        checkEqual(await session.balance(), before + amount, 'balance after the good load');
      });
    },
  },
];
