import { type ConformanceCase } from '../../framework/case.ts';
import { commandApdu } from '../../../src/reader/apdu.ts';
import { applicationP2, INS, initializeData, PURSE_SW } from '../apdus.ts';
import { SUITE_TERMINAL, SUITE_TIME, withPurse } from '../session.ts';
import type { PurseTarget } from '../target.ts';

export const statusWordCases: ConformanceCase<PurseTarget>[] = [
  {
    id: 'PURSE-SW-9403-001',
    clause: 'docs/purse/card-application.md "Status words" 9403 (key index not the card\'s)',
    title: 'INITIALIZE FOR LOAD and FOR PURCHASE naming a key index the card does not have answer 9403',
    tags: ['status-word'],
    async run(context) {
      await withPurse(context, async (session) => {
        const unknownLoad = session.keys.loadKeyIndex === 0xfe ? 0xfd : 0xfe;
        const unknownPurchase = session.keys.purchaseKeyIndex === 0xfe ? 0xfd : 0xfe;
        session.expect(await session.initializeForLoad(1, unknownLoad), PURSE_SW.keyIndexUnknown, `INITIALIZE FOR LOAD with key index ${unknownLoad}`);
        session.expect(await session.initializeForPurchase(0, unknownPurchase), PURSE_SW.keyIndexUnknown, `INITIALIZE FOR PURCHASE with key index ${unknownPurchase}`);
      });
    },
  },
  {
    id: 'PURSE-SW-6985-001',
    clause: 'docs/purse/card-application.md "Commands" (a session only its own CREDIT or DEBIT may use), "Status words" 6985',
    title: 'CREDIT and DEBIT without their INITIALIZE answer 6985; so does a CREDIT after another purse command ended the load session',
    tags: ['status-word', 'session'],
    async run(context) {
      await withPurse(context, async (session) => {
        session.expect(await session.credit(new Uint8Array(4)), PURSE_SW.conditionsNotSatisfied, 'CREDIT FOR LOAD without INITIALIZE');
        session.expect(await session.debit(new Uint8Array(4), new Uint8Array(4)), PURSE_SW.conditionsNotSatisfied, 'DEBIT FOR PURCHASE without INITIALIZE');
        await session.checkedInitializeForLoad(1);
        await session.balance();
        session.expect(await session.credit(new Uint8Array(4)), PURSE_SW.conditionsNotSatisfied, 'CREDIT FOR LOAD after GET BALANCE ended the session');
        await session.checkedInitializeForLoad(1);
        session.expect(await session.debit(new Uint8Array(4), new Uint8Array(4)), PURSE_SW.conditionsNotSatisfied, 'DEBIT FOR PURCHASE in a load session');
      });
    },
  },
  {
    id: 'PURSE-SW-6A86-001',
    clause: 'docs/purse/card-application.md "Status words" 6A86 (P1 or P2 wrong)',
    title: 'GET BALANCE and INITIALIZE with the other application\'s P2, and INITIALIZE with P1 02, answer 6A86',
    tags: ['status-word'],
    async run(context) {
      await withPurse(context, async (session) => {
        const other = applicationP2(session.keys) === 0x02 ? 0x01 : 0x02;
        session.expect(await session.command(commandApdu(0x80, INS.getBalance, 0x00, other, undefined, 0x04), 'GET BALANCE with the other P2'), PURSE_SW.wrongP1P2, 'GET BALANCE with the other P2');
        const data = initializeData(session.keys.loadKeyIndex, 1, SUITE_TERMINAL);
        session.expect(await session.purse(INS.initialize, 0x00, other, data, 'INITIALIZE FOR LOAD with the other P2'), PURSE_SW.wrongP1P2, 'INITIALIZE FOR LOAD with the other P2');
        session.expect(await session.purse(INS.initialize, 0x02, applicationP2(session.keys), data, 'INITIALIZE with P1 02'), PURSE_SW.wrongP1P2, 'INITIALIZE with P1 02');
      });
    },
  },
  {
    id: 'PURSE-SW-6700-001',
    clause: 'docs/purse/card-application.md "Status words" 6700 (data of the wrong length)',
    title: 'INITIALIZE FOR LOAD with 10 bytes of data, DEBIT with 14 and GET TRANSACTION PROVE with 1 answer 6700',
    tags: ['status-word'],
    async run(context) {
      await withPurse(context, async (session) => {
        const p2 = applicationP2(session.keys);
        const short = initializeData(session.keys.loadKeyIndex, 1, SUITE_TERMINAL).slice(0, 10);
        session.expect(await session.purse(INS.initialize, 0x00, p2, short, 'INITIALIZE FOR LOAD with 10 bytes'), PURSE_SW.wrongLength, 'INITIALIZE FOR LOAD with 10 bytes');
        await session.checkedInitializeForPurchase(0);
        const debit = Uint8Array.from([...new Uint8Array(4), ...SUITE_TIME.date, ...SUITE_TIME.time, 0, 0, 0]);
        session.expect(await session.purse(INS.debit, 0x01, 0x00, debit, 'DEBIT with 14 bytes'), PURSE_SW.wrongLength, 'DEBIT with 14 bytes');
        session.expect(await session.purse(INS.prove, 0x00, 0x06, Uint8Array.of(0), 'GET TRANSACTION PROVE with 1 byte'), PURSE_SW.wrongLength, 'GET TRANSACTION PROVE with 1 byte');
      });
    },
  },
  {
    id: 'PURSE-SW-9406-001',
    clause: 'docs/purse/card-application.md "Status words" 9406, "What a completed transaction writes"',
    title: 'GET TRANSACTION PROVE of a purchase sequence number the card has not used yet answers 9406',
    tags: ['status-word', 'prove'],
    async run(context) {
      await withPurse(context, async (session) => {
        const init = await session.checkedInitializeForPurchase(0);
        const unused = session.proveSeq(init.offlineSeq) + 5;
        session.expect(await session.prove(session.purchaseTerms(0).type, unused), PURSE_SW.proofUnavailable, `GET TRANSACTION PROVE of seq ${unused}`);
      });
    },
  },
];
