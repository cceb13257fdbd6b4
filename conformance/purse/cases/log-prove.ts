import { checkBytes, type ConformanceCase } from '../../framework/case.ts';
import { concatBytes, uintBytes } from '../../../src/core/hex.ts';
import { PURSE_SW, readUint } from '../apdus.ts';
import { SUITE_TERMINAL, SUITE_TIME, withPurse } from '../session.ts';
import type { PurseTarget } from '../target.ts';

/** The log record's tail after seq and overdraft: amount ‖ type ‖ terminal ‖ date ‖ time. */
function recordTail(amount: number, type: number): Uint8Array {
  return concatBytes(uintBytes(amount, 4), Uint8Array.of(type), SUITE_TERMINAL, SUITE_TIME.date, SUITE_TIME.time);
}

export const logProveCases: ConformanceCase<PurseTarget>[] = [
  {
    id: 'PURSE-PROVE-001',
    clause: 'docs/purse/card-application.md GET TRANSACTION PROVE, "What a completed transaction writes"',
    title: 'after a completed purchase, GET TRANSACTION PROVE with its sequence number (the card\'s variant) answers the DEBIT\'s MAC2 ‖ TAC',
    tags: ['prove', 'purchase'],
    async run(context) {
      await withPurse(context, async (session) => {
        const amount = context.random.int(1, 5_000);
        await session.ensureFunds(amount);
        const done = await session.purchase(amount, context.random.bytes(4));
        const seq = session.proveSeq(done.init.offlineSeq);
        const proof = session.expect(await session.prove(session.purchaseTerms(amount).type, seq), PURSE_SW.ok, `GET TRANSACTION PROVE of seq ${seq}`);
        checkBytes(proof, concatBytes(done.mac2, done.tac), 'GET TRANSACTION PROVE: MAC2 ‖ TAC of the purchase');
      });
    },
  },
  {
    id: 'PURSE-LOG-001',
    clause: 'docs/purse/card-application.md "What a completed transaction writes" (23-byte record); ISO/IEC 7816-4 §11.3.3 READ RECORD; psam_hsm.md §1.5',
    title: 'after a load and after a purchase, READ RECORD 1 of the log is that transaction: seq after it ‖ overdraft ‖ amount ‖ type ‖ terminal ‖ date ‖ time; the load before it is record 2',
    tags: ['log', 'load', 'purchase'],
    async run(context) {
      await withPurse(context, async (session) => {
        const loadAmount = context.random.int(5_001, 20_000);
        const load = await session.load(loadAmount);
        const loadRecord = await session.logRecord(1);
        checkBytes(loadRecord.slice(0, 2), uintBytes(readUint(load.init.onlineSeq) + 1, 2), 'load record: seq');
        checkBytes(loadRecord.slice(5), recordTail(loadAmount, session.loadTerms(0).type), 'load record: amount ‖ type ‖ terminal ‖ date ‖ time');
        const amount = context.random.int(1, 5_000);
        const purchase = await session.purchase(amount, context.random.bytes(4));
        const expected = concatBytes(uintBytes(readUint(purchase.init.offlineSeq) + 1, 2), purchase.init.overdraft, recordTail(amount, session.purchaseTerms(0).type));
        checkBytes(await session.logRecord(1), expected, 'purchase record');
        checkBytes(await session.logRecord(2), loadRecord, 'record 2: the load');
      });
    },
  },
];
