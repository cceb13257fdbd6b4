import { toHex } from '../../../src/core/hex.ts';
import { check, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { expectCode } from '../answers.ts';
import { balanceCustomer, billedCustomer, cleanUp } from '../customers.ts';
import { escapedText } from '../../../src/boss/codec/readable.ts';
import { joinPieces, requestPieces } from '../raw.ts';
import { withSession, type BossSession, type Sent } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { oldestMonth, pay, reverse } from '../transactions.ts';

/** The same request again, on a new connection: the answer must be the original, byte for byte. [§5] */
async function repeatExactly(session: BossSession, original: Sent, label: string): Promise<void> {
  const again = await session.resend(original.request, `${label} (repeated)`, await session.connect());
  const first = original.answer.body;
  const second = again.answer.body;
  const same = first.length === second.length && first.every((b, i) => b === second[i]);
  check(same, `${label} repeated with the identical body: the answer is not the original byte for byte [bank-interface §5]\n  original: ${escapedText(first)}\n  repeated: ${escapedText(second)}\n  original hex: ${toHex(first)}`);
}

export const idempotencyCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-IDEM-001',
    clause: 'bank-interface §5 (a request already processed, with the identical body, is answered with the original response, byte for byte)',
    title: 'a 1001 repeated after the arrears changed gets the original answer byte for byte',
    tags: ['idempotency', '1001'],
    async run(context) {
      await withSession(context, async (session) => {
        const before = await billedCustomer(session, 1);
        const paid = await pay(session, before.custno, oldestMonth(before.bills).total);
        try {
          await repeatExactly(session, before.sent, `1001 query of ${before.custno}`);
        } finally {
          await cleanUp(session, `delete ${paid.serial}`, () => reverse(session, paid));
        }
      });
    },
  },
  {
    id: 'BOSS-IDEM-002',
    clause: 'bank-interface §5 (original response byte for byte, and changes nothing)',
    title: 'a 1002 repeated gets the original answer byte for byte and posts nothing',
    tags: ['idempotency', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 9_999));
        await repeatExactly(session, paid.sent, `1002 payment ${paid.serial}`);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance + 1, `BALANCE after the repeated payment of ${paid.amount} (posted once) and a payment of 1 [bank-interface §5]`);
      });
    },
  },
  {
    id: 'BOSS-IDEM-003',
    clause: 'bank-interface §5 (a request already processed is answered with the original response, refusals included)',
    title: 'a refused 1002 (2001, unknown customer) repeated gets the original answer byte for byte',
    tags: ['idempotency', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = context.target.data.unknownCustomer;
        const refused = await session.send('1002', { CUSTNO: custno, AMOUNT: '100', PAYTYPE: '1' }, `1002 pay 100 for ${custno}`);
        expectCode(refused, '2001', `1002 for unknown customer ${custno}`);
        await repeatExactly(session, refused, `refused 1002 for ${custno}`);
      });
    },
  },
  {
    id: 'BOSS-IDEM-004',
    clause: 'bank-interface §5 (original response byte for byte, and changes nothing)',
    title: 'a refused 1005 (2004) repeated after its payment came into being still gets the 2004, and deletes nothing',
    tags: ['idempotency', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const serial = context.target.serials.next();
        const amount = context.random.int(100, 9_999);
        const early = await session.send('1005', { ORIGSERIAL: serial, CUSTNO: custno, AMOUNT: String(amount) }, `1005 delete ${serial} before it exists`);
        expectCode(early, '2004', `1005 of ${serial}, not yet paid`);
        const paid = await pay(session, custno, amount, { serial });
        await repeatExactly(session, early, `1005 delete ${serial}`);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance + 1, `BALANCE after the repeated 1005 (nothing deleted) and a payment of 1 [bank-interface §5]`);
      });
    },
  },
  {
    id: 'BOSS-IDEM-005',
    clause: 'bank-interface §3 (BANKSERIAL unique per (BANKCODE, TXDATE)), §5',
    title: 'the same BANKSERIAL from another bank, or dated another day, is a new request',
    tags: ['idempotency', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 9_999));
        const date = context.target.dates.otherDay;
        const otherDay = await pay(session, custno, paid.amount, { serial: paid.serial, txdate: date });
        check(otherDay.bossSerial !== paid.bossSerial, `the payment dated ${date} with serial ${paid.serial} got the BOSSSERIAL ${paid.bossSerial} of the one dated ${paid.txdate}`);
        checkEqual(otherDay.balance, paid.balance + paid.amount, `BALANCE after the same serial dated ${date} (a new payment)`);
        const bank = context.target.data.restrictedBank;
        if (!bank) {
          session.evidence.note('no second bank in the target data (--data restrictedBank): the other-bank half is skipped');
          return;
        }
        // On a connection of its own: §1 does not say whether one connection may carry several BANKCODEs.
        const otherBank = await pay(session, custno, paid.amount, { serial: paid.serial, bank, link: await session.connect() });
        check(otherBank.bossSerial !== paid.bossSerial, `the payment of ${bank} with serial ${paid.serial} got the BOSSSERIAL of ${context.target.data.bank}'s`);
        checkEqual(otherBank.balance, otherDay.balance + paid.amount, `BALANCE after the same serial from ${bank} (a new payment)`);
      });
    },
  },
  {
    id: 'BOSS-RESP-1005-001',
    clause: 'bank-interface §5 (the same key with a different body is answered 1005 and changes nothing), §6 1005',
    title: 'a BANKSERIAL reused with another AMOUNT answers 1005 and posts nothing',
    tags: ['idempotency', 'response-code', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 9_999));
        const changed = { ...paid.sent.request, fields: { ...paid.sent.request.fields, AMOUNT: String(paid.amount + 1) } };
        expectCode(await session.resend(changed, `1002 ${paid.serial} with AMOUNT ${paid.amount + 1}`), '1005', `serial ${paid.serial} reused with another AMOUNT`);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance + 1, 'BALANCE after the refused reuse and a payment of 1 (nothing posted)');
      });
    },
  },
  {
    id: 'BOSS-RESP-1005-002',
    clause: 'bank-interface §5 (the same key with a different body is answered 1005), §6 1005',
    title: 'a BANKSERIAL of a 1002 reused for a 1001, or with only TXTIME changed, answers 1005',
    tags: ['idempotency', 'response-code'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 9_999));
        const asQuery = session.request('1001', { CUSTNO: custno }, { serial: paid.serial });
        expectCode(await session.resend(asQuery, `1001 with the serial of payment ${paid.serial}`), '1005', `serial ${paid.serial} reused for a 1001`);
        const { profile } = context.target;
        const pieces = requestPieces(profile, paid.sent.request);
        const timeAt = profile.request.header.findIndex((f) => f.name === 'TXTIME');
        pieces[timeAt] = pieces[timeAt] === '000000' ? '000001' : '000000';
        const sent = await session.sendRaw(joinPieces(profile, pieces), paid.sent.request, `1002 ${paid.serial} with TXTIME ${pieces[timeAt]}`);
        expectCode(sent, '1005', `serial ${paid.serial} reused with another TXTIME (a different body)`);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance + 1, 'BALANCE after the refused reuses and a payment of 1');
      });
    },
  },
];
