import { checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { bossSerialOf, checkEchoed, expectCode, expectSuccess } from '../answers.ts';
import { balanceCustomer } from '../customers.ts';
import { withSession, type BossSession, type Sent } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { pay } from '../transactions.ts';

/** 1006 for (ORIGDATE, ORIGSERIAL) of the target's bank, sent with a BANKSERIAL of its own. */
function makeUp(session: BossSession, origSerial: string, origDate: string, custno: string, amount: number): Promise<Sent> {
  return session.send('1006', { ORIGSERIAL: origSerial, ORIGDATE: origDate, CUSTNO: custno, AMOUNT: String(amount) }, `1006 make up ${origSerial} of ${origDate}: ${amount} for ${custno}`);
}

/** A 0000 answer to 1006 echoing ORIGSERIAL, CUSTNO and AMOUNT; returns its BOSSSERIAL. */
function madeUp(sent: Sent, what: string): string {
  const answer = expectSuccess(sent, what);
  for (const name of ['ORIGSERIAL', 'CUSTNO', 'AMOUNT']) checkEchoed(answer, name, sent.request.fields[name] ?? '', what);
  return bossSerialOf(answer, what);
}

export const makeUpCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-1006-001',
    clause: 'bank-interface §4 1006 (posts a payment BOSS lacks; if BOSS already has it, answers 0000 with the existing BOSSSERIAL and posts nothing)',
    title: '1006 posts a missing payment once; repeated with another BANKSERIAL it answers the same BOSSSERIAL and posts nothing',
    tags: ['transaction', '1006'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const start = await pay(session, custno, 1);
        const amount = context.random.int(100, 9_999);
        const origSerial = context.target.serials.next();
        const first = madeUp(await makeUp(session, origSerial, context.target.businessDate, custno, amount), '1006 of a payment BOSS lacks');
        const again = madeUp(await makeUp(session, origSerial, context.target.businessDate, custno, amount), '1006 of the same payment with another BANKSERIAL');
        checkEqual(again, first, 'BOSSSERIAL of the repeated make-up (the existing record) [bank-interface §4 1006]');
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, start.balance + amount + 1, `BALANCE after one make-up of ${amount} (posted once) and a payment of 1 [bank-interface §4 1006]`);
      });
    },
  },
  {
    id: 'BOSS-TX-1006-002',
    clause: 'bank-interface §4 1006 (BOSS already has (BANKCODE, ORIGDATE, ORIGSERIAL) with the same CUSTNO and AMOUNT: 0000, existing BOSSSERIAL, nothing posted)',
    title: '1006 of a payment BOSS took by 1002 answers that payment\'s BOSSSERIAL and posts nothing',
    tags: ['transaction', '1006'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 9_999));
        const serial = madeUp(await makeUp(session, paid.serial, paid.txdate, custno, paid.amount), '1006 of a payment BOSS has');
        checkEqual(serial, paid.bossSerial, 'BOSSSERIAL of the make-up of a payment BOSS has [bank-interface §4 1006]');
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance + 1, 'BALANCE after the make-up (nothing posted) and a payment of 1');
      });
    },
  },
  {
    id: 'BOSS-RESP-2003-001',
    clause: 'bank-interface §4 1006 (with different values, 2003), §6 2003',
    title: '1006 of a payment BOSS has, with another AMOUNT, answers 2003 and posts nothing',
    tags: ['response-code', '1006'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 9_999));
        expectCode(await makeUp(session, paid.serial, paid.txdate, custno, paid.amount + 1), '2003', `1006 of payment ${paid.serial} (${paid.amount}) with AMOUNT ${paid.amount + 1}`);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance + 1, 'BALANCE after the refused make-up and a payment of 1');
      });
    },
  },
];
