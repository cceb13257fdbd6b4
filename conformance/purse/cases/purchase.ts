import { checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { PURSE_SW, readUint } from '../apdus.ts';
import { withPurse } from '../session.ts';
import type { PurseTarget } from '../target.ts';

export const purchaseCases: ConformanceCase<PurseTarget>[] = [
  {
    id: 'PURSE-PUR-001',
    clause: 'PBOC 2.0 e-purse purchase; docs/purse/card-application.md "Keys and MACs" (purchase); psam_hsm.md §1.3',
    title: 'a purchase: INITIALIZE FOR PURCHASE, DEBIT with the suite\'s MAC1 answers TAC ‖ MAC2 as the card\'s keys give them; balance down by the amount, offline seq up by 1',
    tags: ['purchase', 'mac', 'tac'],
    async run(context) {
      await withPurse(context, async (session) => {
        const amount = context.random.int(1, 10_000);
        await session.ensureFunds(amount);
        const before = await session.balance();
        const { init } = await session.purchase(amount, context.random.bytes(4));
        checkEqual(init.balance, before, 'INITIALIZE FOR PURCHASE: old balance against GET BALANCE');
        checkEqual(await session.balance(), before - amount, 'balance after the purchase');
        const next = await session.checkedInitializeForPurchase(0);
        checkEqual(readUint(next.offlineSeq), readUint(init.offlineSeq) + 1, 'offline seq after one purchase');
      });
    },
  },
  {
    id: 'PURSE-SW-9302-002',
    clause: 'docs/purse/card-application.md "Status words" 9302 (MAC1 wrong; nothing changes)',
    title: 'DEBIT FOR PURCHASE with MAC1 off in any one byte answers 9302 and the balance is unchanged',
    tags: ['purchase', 'mac', 'status-word'],
    async run(context) {
      await withPurse(context, async (session) => {
        const amount = context.random.int(1, 10_000);
        await session.ensureFunds(amount);
        const before = await session.balance();
        for (let byte = 0; byte < 4; byte++) {
          const terminalSeq = context.random.bytes(4);
          const init = await session.checkedInitializeForPurchase(amount);
          const mac1 = session.purchaseMac1(init, amount, terminalSeq);
          mac1[byte]! ^= 0x01;
          session.expect(await session.debit(terminalSeq, mac1), PURSE_SW.macWrong, `DEBIT with MAC1 byte ${byte} changed`);
          checkEqual(await session.balance(), before, `balance after the refused DEBIT (MAC1 byte ${byte})`);
        }
      });
    },
  },
  {
    id: 'PURSE-SW-9401-001',
    clause: 'docs/purse/card-application.md "Status words" 9401 (a purchase over the balance)',
    title: 'INITIALIZE FOR PURCHASE of one fen more than the balance answers 9401',
    tags: ['purchase', 'status-word'],
    async run(context) {
      await withPurse(context, async (session) => {
        const balance = await session.balance();
        session.expect(await session.initializeForPurchase(balance + 1), PURSE_SW.insufficientFunds, 'INITIALIZE FOR PURCHASE over the balance');
        checkEqual(await session.balance(), balance, 'balance after the refusal');
      });
    },
  },
];
