import { check, checkBytes, checkEqual, fail, type ConformanceCase } from '../../framework/case.ts';
import { errorMessage } from '../../../src/core/errors.ts';
import { concatBytes } from '../../../src/core/hex.ts';
import { PURSE_SW } from '../apdus.ts';
import { PurseSession } from '../session.ts';
import { PURSE_CAPABILITY, type PurseTarget } from '../target.ts';

/** The most power cuts one run tries before it gives up on the DEBIT ever completing. */
const MAX_CUTS = 64;

/**
 * Where the power is cut, in bytes written by the DEBIT: every point up to 16, then points 1.25×
 * apart (a purse may rewrite a whole data file), until one is past the DEBIT's last write.
 */
function nextCutPoint(bytes: number): number {
  return bytes < 16 ? bytes + 1 : Math.ceil(bytes * 1.25);
}

export const powerLossCases: ConformanceCase<PurseTarget>[] = [
  {
    id: 'PURSE-POWER-001',
    clause: 'docs/purse/card-application.md "What a completed transaction writes, and power loss" (one commit); ISO/IEC 7816-4 §5 (anti-tearing)',
    title: 'the power cut during a DEBIT after 0, 1, … 16 bytes written and then ever later until it completes: after power-on the balance is the old one (and GET TRANSACTION PROVE 9406) or the old one less the amount (and PROVE gives its MAC2 ‖ TAC), never anything else',
    tags: ['power-loss', 'purchase', 'prove'],
    requires: [PURSE_CAPABILITY.powerLoss],
    async run(context) {
      const cut = context.target.powerCut!;
      const amount = 7;
      let session = new PurseSession(context);
      await session.start();
      await session.ensureFunds(amount * MAX_CUTS);
      let completedUncut = false;
      let debited = 0;
      let kept = 0;
      for (let cuts = 0, bytes = 0; cuts < MAX_CUTS && !completedUncut; cuts++, bytes = nextCutPoint(bytes)) {
        const before = await session.balance();
        const terminalSeq = context.random.bytes(4);
        const init = await session.checkedInitializeForPurchase(amount);
        const mac1 = session.purchaseMac1(init, amount, terminalSeq);
        cut.after(bytes);
        let lost: unknown;
        try {
          const data = session.expect(await session.debit(terminalSeq, mac1), PURSE_SW.ok, `DEBIT with the power cut after ${bytes} bytes`);
          session.checkDebitAnswer(data, init, amount, terminalSeq);
          completedUncut = true;
        } catch (error) {
          lost = error;
        } finally {
          cut.clear();
        }
        if (completedUncut) {
          checkEqual(await session.balance(), before - amount, 'balance after the DEBIT the cut did not reach');
          context.evidence.note(`a DEBIT completes once the power holds for ${bytes} bytes written`);
          break;
        }
        context.evidence.note(`power cut after ${bytes} bytes: ${errorMessage(lost)}`);
        session = new PurseSession(context);
        await session.start();
        const after = await session.balance();
        const type = session.purchaseTerms(amount).type;
        const proof = await session.prove(type, session.proveSeq(init.offlineSeq));
        if (after === before) {
          checkEqual(proof.sw, PURSE_SW.proofUnavailable, `cut after ${bytes} bytes, balance whole: GET TRANSACTION PROVE status word`);
          kept++;
        } else if (after === before - amount) {
          checkEqual(proof.sw, PURSE_SW.ok, `cut after ${bytes} bytes, debited: GET TRANSACTION PROVE status word`);
          checkBytes(proof.data, concatBytes(session.purchaseMac2Of(init, amount, terminalSeq), session.purchaseTacOf(amount, terminalSeq)), `cut after ${bytes} bytes: the proof of the debit`);
          debited++;
        } else {
          fail(`power cut after ${bytes} bytes of a DEBIT of ${amount} from ${before}: balance ${after}, neither ${before} nor ${before - amount}`);
        }
      }
      check(completedUncut, `no DEBIT completed in ${MAX_CUTS} tries with the power cut later each time`);
      check(kept > 0, 'no power cut left the purse unchanged: the fault never struck before the commit');
      context.evidence.note(`${kept} cut(s) left the purse whole, ${debited} came after the commit`);
    },
  },
];

