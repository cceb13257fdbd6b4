import { checkEqual, notApplicable, type ConformanceCase } from '../../framework/case.ts';
import { expectCode, expectCodeIn, expectSuccess } from '../answers.ts';
import { accountNameFor, balanceCustomer } from '../customers.ts';
import { joinPieces, pieceIndex, requestPieces } from '../raw.ts';
import { withSession, type BossSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { pay, query } from '../transactions.ts';

/**
 * A good 1002 of the balance customer, its field list edited by `edit`, sent as is; must answer one
 * of `codes` (1002 unless told), which it returns.
 */
async function malformedPayment(
  session: BossSession,
  label: string,
  edit: (pieces: string[], at: (name: string) => number) => void,
  options: { trailing?: boolean; codes?: readonly string[] } = {},
): Promise<string> {
  const { profile } = session.target;
  const request = session.request('1002', { CUSTNO: session.target.data.balanceCustomer, AMOUNT: '100', PAYTYPE: '1' });
  const pieces = requestPieces(profile, request);
  edit(pieces, (name) => pieceIndex(profile, '1002', name));
  const sent = await session.sendRaw(joinPieces(profile, pieces, options.trailing), request, label);
  return expectCodeIn(sent, options.codes ?? ['1002'], label);
}

/** The request the restricted bank sends for each TXCODE it may be refused (RESTRICTABLE_TXCODES). */
async function restrictedRequest(session: BossSession, txcode: string, bank: string): Promise<Record<string, string> | undefined> {
  const { data, serials } = session.target;
  switch (txcode) {
    case '1003': {
      // served to the restricted bank, which has 1001: the name to send as ACCTNAME
      const holder = await query(session, data.agreementCustomer, { bank });
      return { CUSTNO: data.agreementCustomer, ACCTNO: data.agreementAccounts[0], ACCTNAME: accountNameFor(session, holder) };
    }
    case '1005':
      return { ORIGSERIAL: serials.next(), CUSTNO: data.balanceCustomer, AMOUNT: '100' };
    case '3001':
      return { PAYSERIAL: serials.next() };
    default:
      return undefined;
  }
}

export const requestCodeCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-RESP-1001-001',
    clause: 'bank-interface §6 1001 (unknown TXCODE), §3 (TXCODE and BANKSERIAL echoed)',
    title: 'a TXCODE the profile does not define answers 1001, echoing TXCODE and BANKSERIAL',
    tags: ['response-code', 'protocol'],
    async run(context) {
      await withSession(context, async (session) => {
        const { profile, data } = context.target;
        const request = session.request('1001', { CUSTNO: data.namedCustomer.custno });
        const pieces = requestPieces(profile, request);
        pieces[pieceIndex(profile, '1001', profile.request.txcodeField)] = data.unknownTxcode;
        const sent = await session.sendRaw(joinPieces(profile, pieces), { ...request, txcode: data.unknownTxcode }, `TXCODE ${data.unknownTxcode}`);
        expectCode(sent, '1001', `request with TXCODE ${data.unknownTxcode}`);
      });
    },
  },
  {
    id: 'BOSS-RESP-1001-002',
    clause: 'bank-interface §6 1001 (TXCODE not enabled for this bank)',
    title: 'a TXCODE the bank is not enabled for answers 1001, while one it is enabled for is served',
    tags: ['response-code', 'protocol'],
    async run(context) {
      const bank = context.target.data.restrictedBank;
      if (!bank) notApplicable('the target data names no bank with only some TXCODEs enabled (--data restrictedBank)');
      await withSession(context, async (session) => {
        const { data } = context.target;
        await query(session, data.namedCustomer.custno, { bank });
        const txcode = data.restrictedTxcode;
        const request = await restrictedRequest(session, txcode, bank);
        if (!request) notApplicable(`the suite has no request for TXCODE ${txcode}; use 1003, 1005 or 3001 as --data restrictedTxcode`);
        expectCode(await session.send(txcode, request, `${txcode} as ${bank}`, { bank }), '1001', `${txcode} from ${bank}, not enabled for it`);
      });
    },
  },
  {
    id: 'BOSS-RESP-1002-001',
    clause: 'bank-interface §6 1002 (malformed message: field count)',
    title: 'a 1002 with a field missing, or with one field too many, answers 1002 with TXCODE and BANKSERIAL echoed',
    tags: ['response-code', 'protocol'],
    async run(context) {
      await withSession(context, async (session) => {
        await malformedPayment(session, '1002 without PAYTYPE', (pieces) => void pieces.pop());
        await malformedPayment(session, '1002 with an extra field', (pieces) => void pieces.push('1'));
      });
    },
  },
  {
    id: 'BOSS-RESP-1002-002',
    clause: 'bank-interface §6 1002 (field format), §2 (dates YYYYMMDD, times HHMMSS), §3 (TELLER 0–10 alphanumerics), §4 1002 (PAYTYPE 1 or 2)',
    title: 'a request with a bad TXDATE, TXTIME, TELLER or PAYTYPE answers 1002 with TXCODE and BANKSERIAL echoed',
    tags: ['response-code', 'protocol'],
    async run(context) {
      await withSession(context, async (session) => {
        await malformedPayment(session, '1002 with TXDATE 20261340', (p, at) => void (p[at('TXDATE')] = '20261340'));
        await malformedPayment(session, '1002 with TXTIME 246000', (p, at) => void (p[at('TXTIME')] = '246000'));
        // Only fields whose format the contract fixes: a CUSTNO's format is the BOSS's own (2001 would do as well).
        await malformedPayment(session, '1002 with TELLER T-01', (p, at) => void (p[at('TELLER')] = 'T-01'));
        await malformedPayment(session, '1002 with PAYTYPE 3', (p, at) => void (p[at('PAYTYPE')] = '3'));
      });
    },
  },
  {
    id: 'BOSS-RESP-1002-003',
    clause: 'bank-interface §2 (amounts: integers in fen, no sign, no decimal point, 1 to 12 digits), §4 1002 (AMOUNT 1..999999999999), §6 1002, 2003',
    title: 'a 1002 with AMOUNT 12.50, -100, 13 digits or empty answers 1002, with AMOUNT 0 answers 1002 or 2003, and posts nothing',
    tags: ['response-code', 'protocol', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const start = await pay(session, custno, 1);
        for (const amount of ['12.50', '-100', '1234567890123', '']) {
          await malformedPayment(session, `1002 with AMOUNT "${amount}"`, (p, at) => void (p[at('AMOUNT')] = amount));
        }
        // 0 is well-formed by §2 (1 to 12 digits) but outside §4's 1..999999999999: malformed (1002)
        // or "amount invalid" (2003) are both readings of the contract.
        const zero = await malformedPayment(session, '1002 with AMOUNT "0"', (p, at) => void (p[at('AMOUNT')] = '0'), { codes: ['1002', '2003'] });
        session.evidence.note(`AMOUNT 0 answered ${zero} (${zero === '1002' ? 'malformed, §2/§6 1002' : 'amount invalid, §4/§6 2003'})`);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, start.balance + 1, 'BALANCE after the refused payments and a payment of 1 (nothing posted)');
      });
    },
  },
  {
    id: 'BOSS-RESP-1002-004',
    clause: 'bank-interface §2 (the last field also followed by |), §6 1002',
    title: 'a request whose last field is not followed by the separator answers 1002',
    tags: ['response-code', 'protocol'],
    async run(context) {
      if (!context.target.profile.body.trailingSeparator) notApplicable(`profile ${context.target.profile.profile} has no separator after the last field`);
      await withSession(context, async (session) => {
        await malformedPayment(session, '1002 without the trailing separator', () => undefined, { trailing: false });
      });
    },
  },
  {
    id: 'BOSS-RESP-1003-001',
    clause: 'bank-interface §6 1003 (BANKCODE unknown)',
    title: 'a request from a BANKCODE the BOSS does not know answers 1003',
    tags: ['response-code', 'protocol'],
    async run(context) {
      await withSession(context, async (session) => {
        const { unknownBank, namedCustomer } = context.target.data;
        expectCode(await session.send('1001', { CUSTNO: namedCustomer.custno }, `1001 as ${unknownBank}`, { bank: unknownBank }), '1003', `1001 from unknown bank ${unknownBank}`);
      });
    },
  },
  {
    id: 'BOSS-RESP-1003-002',
    clause: 'bank-interface §1 (each BANKCODE is bound to the IPs it may send from, 1003 otherwise), §6 1003',
    title: 'a request from a bank bound to other addresses answers 1003, and nothing of it is served',
    tags: ['response-code', 'protocol', 'allow-list'],
    async run(context) {
      const bank = context.target.data.foreignBank;
      if (!bank) notApplicable('the target data names no bank bound to other addresses (--data foreignBank)');
      await withSession(context, async (session) => {
        const { namedCustomer } = context.target.data;
        expectCode(await session.send('1001', { CUSTNO: namedCustomer.custno }, `1001 as ${bank}`, { bank }), '1003', `1001 from ${bank}, not bound to this address`);
        // The bank bound here is still served from this address; on a connection of its own, since
        // §1 does not say whether one connection may carry several BANKCODEs.
        const own = await session.connect();
        expectSuccess(await session.send('1001', { CUSTNO: namedCustomer.custno }, `1001 as ${context.target.data.bank}`, { link: own }), `1001 from ${context.target.data.bank} after the refusal`);
      });
    },
  },
];
