import { concatBytes } from '../../../../src/core/hex.ts';
import { decodeResponse, encodeResponse, type BossMessage } from '../../../../src/boss/codec/message.ts';
import type { BossService } from '../../../../src/boss/service/types.ts';
import { encodeRequestBody, PROFILE, requestOf, rewriteAnswers, successInstead, TEST_TIMERS, wrapService, type BossMutant } from './mutant.ts';

/** `key` of a request as §3 makes it unique: (BANKCODE, TXDATE, BANKSERIAL). */
function keyOf(request: BossMessage): string {
  return `${request.header.BANKCODE}|${request.header.TXDATE}|${request.header.BANKSERIAL}`;
}

interface Line {
  month: string;
  item: string;
  amount: number;
}

/**
 * 1001 answers shown as if payments settled the newest month first: the first 0000 answer for a
 * customer is the baseline; later, what was paid (baseline ARREARS less the real ARREARS) is taken
 * off the baseline's lines from the newest month down.
 */
function newestMonthFirst() {
  const baseline = new Map<string, { arrears: number; lines: Line[] }>();
  return rewriteAnswers(['1001'], (answer) => {
    if (answer.header.RESPCODE !== '0000') return undefined;
    const custno = answer.fields.CUSTNO ?? '';
    const arrears = Number(answer.fields.ARREARS);
    const lines = (answer.groups.BILLS ?? []).map((b) => ({ month: b.BILLMONTH ?? '', item: b.ITEM ?? '', amount: Number(b.AMOUNT) }));
    const base = baseline.get(custno);
    if (!base || arrears >= base.arrears) {
      baseline.set(custno, { arrears, lines });
      return undefined;
    }
    let left = base.arrears - arrears;
    const shown = [...base.lines]
      .sort((a, b) => b.month.localeCompare(a.month))
      .map((line) => {
        const taken = Math.min(left, line.amount);
        left -= taken;
        return { ...line, amount: line.amount - taken };
      })
      .filter((line) => line.amount > 0)
      .sort((a, b) => a.month.localeCompare(b.month));
    return {
      ...answer,
      fields: { ...answer.fields, BILLCOUNT: String(shown.length) },
      groups: { BILLS: shown.map((l) => ({ BILLMONTH: l.month, ITEM: l.item, AMOUNT: String(l.amount) })) },
    };
  });
}

/** A repeated key is handled as a new request under a serial of its own: fresh answer, effect applied again. */
function freshAnswerOnRepeat() {
  return (service: BossService): BossService => {
    const seen = new Set<string>();
    let counter = 0;
    return wrapService(service, {
      async handle(body, context, original) {
        const request = requestOf(body);
        if (!request) return original(body, context);
        const key = keyOf(request);
        if (!seen.has(key)) {
          seen.add(key);
          return original(body, context);
        }
        const serial = request.header.BANKSERIAL ?? '';
        const fresh = { ...request, header: { ...request.header, BANKSERIAL: `MUT${++counter}` } };
        const answer = await original(encodeRequestBody(fresh), context);
        const rewritten = rewriteSerial(answer.body, serial);
        return { ...answer, body: rewritten, replayed: false };
      },
    });
  };
}

function rewriteSerial(body: Uint8Array, serial: string): Uint8Array {
  const text = Buffer.from(body).toString('latin1').split('|');
  text[3] = serial;
  return Uint8Array.from(Buffer.from(text.join('|'), 'latin1'));
}

/** A repeated 1006 (its BOSSSERIAL already answered once) posts the amount again as a payment. */
function makeUpPostsAgain() {
  return (service: BossService): BossService => {
    const answered = new Set<string>();
    let counter = 0;
    return wrapService(service, {
      async handle(body, context, original) {
        const answer = await original(body, context);
        const request = requestOf(body);
        const serial = answer.bossSerial ?? '';
        if (!request || answer.respCode !== '0000' || !['1002', '1006'].includes(request.txcode) || serial === '') return answer;
        if (request.txcode === '1006' && answered.has(serial)) {
          const posting = {
            txcode: '1002',
            header: { ...request.header, BANKSERIAL: `MUTPOST${++counter}` },
            fields: { CUSTNO: request.fields.CUSTNO ?? '', AMOUNT: request.fields.AMOUNT ?? '', PAYTYPE: '1' },
            groups: {},
          };
          await original(encodeRequestBody(posting), context);
        }
        answered.add(serial);
        return answer;
      },
    });
  };
}

/** A 1002 with AMOUNT 0 (read raw: the codec refuses it) answered 2001, neither 1002 nor 2003. */
function zeroAmountWrongCode() {
  const amountAt = PROFILE.request.header.length + (PROFILE.transactions['1002']?.request.findIndex((f) => f.kind === 'field' && f.name === 'AMOUNT') ?? -1);
  return (service: BossService): BossService =>
    wrapService(service, {
      async handle(body, context, original) {
        const answer = await original(body, context);
        const pieces = Buffer.from(body).toString('latin1').split('|');
        if (pieces[0] !== '1002' || pieces[amountAt] !== '0') return answer;
        const message = decodeResponse(PROFILE, answer.body);
        return { ...answer, respCode: '2001', body: encodeResponse(PROFILE, { ...message, header: { ...message.header, RESPCODE: '2001' } }) };
      },
    });
}

/** 3001 hands out a new INVOICENO every time it is asked. */
function newInvoiceEachTime() {
  let counter = 0;
  return rewriteAnswers(['3001'], (answer) => (answer.header.RESPCODE === '0000' ? { ...answer, fields: { ...answer.fields, INVOICENO: `${answer.fields.INVOICENO}X${++counter}`.slice(-20) } } : undefined));
}

export const BOSS_MUTANTS: readonly BossMutant[] = [
  {
    name: 'fresh-answer-on-repeat',
    breaks: '§5: a repeated request is processed again and answered afresh',
    aims: ['BOSS-IDEM-001', 'BOSS-IDEM-002', 'BOSS-IDEM-004', 'BOSS-RESP-1005-001', 'BOSS-RESP-1005-002'],
    wrap: freshAnswerOnRepeat,
  },
  {
    name: 'newest-month-first',
    breaks: '§4 1002: arrears settled newest month first',
    aims: ['BOSS-TX-1001-002', 'BOSS-TX-1002-001'],
    wrap: newestMonthFirst,
  },
  {
    name: 'keeps-connection-open',
    breaks: '§1: the connection is not closed after 1004, after a bad prefix, or when a timer runs out',
    aims: ['BOSS-RESP-1004-001', 'BOSS-RESP-1004-002', 'BOSS-FRAME-003', 'BOSS-TIMEOUT-001', 'BOSS-TIMEOUT-002'],
    proxy: { keepOpenAfterBossCloses: true },
  },
  {
    name: 'reads-off-allow-list',
    breaks: '§1: a peer off the allow-list is read and answered',
    aims: ['BOSS-ALLOW-001'],
    wrap: () => (service) => wrapService(service, { allowsPeer: () => true }),
  },
  {
    name: 'bankserial-not-echoed-on-refusal',
    breaks: '§3: BANKSERIAL is not echoed in refusals',
    aims: ['BOSS-RESP-1001-001', 'BOSS-RESP-1002-001', 'BOSS-RESP-1003-001', 'BOSS-RESP-2001-001', 'BOSS-RESP-2002-001'],
    wrap: () => rewriteAnswers('all', (answer) => (answer.header.RESPCODE !== '0000' && answer.txcode !== '0000' ? { ...answer, header: { ...answer.header, BANKSERIAL: '' } } : undefined)),
  },
  {
    name: 'fields-with-refusal',
    breaks: '§3: transaction fields sent with a RESPCODE other than 0000',
    aims: ['BOSS-RESP-2001-001', 'BOSS-RESP-2002-001', 'BOSS-RESP-2002-002'],
    wrap: () =>
      rewriteAnswers(['1001', '1002'], (answer, request) =>
        answer.header.RESPCODE === '0000' ? undefined : concatBytes(encodeResponse(PROFILE, answer), Uint8Array.from(Buffer.from(`${request?.fields.CUSTNO ?? 'C0'}|`, 'latin1'))),
      ),
  },
  {
    name: 'unknown-txcode-as-malformed',
    breaks: '§6: an unknown or not-enabled TXCODE is answered 1002 instead of 1001',
    aims: ['BOSS-RESP-1001-001', 'BOSS-RESP-1001-002'],
    wrap: () => rewriteAnswers('all', (answer) => (answer.header.RESPCODE === '1001' ? { ...answer, header: { ...answer.header, RESPCODE: '1002' } } : undefined)),
  },
  {
    name: 'arrears-not-the-sum',
    breaks: '§4 1001: ARREARS one fen more than the bill lines',
    aims: ['BOSS-TX-1001-001'],
    wrap: () => rewriteAnswers(['1001'], (answer) => (answer.header.RESPCODE === '0000' ? { ...answer, fields: { ...answer.fields, ARREARS: String(Number(answer.fields.ARREARS) + 1) } } : undefined)),
  },
  {
    name: 'balance-always-zero',
    breaks: '§4 1002: BALANCE is not the prepaid balance after posting',
    aims: ['BOSS-TX-1002-001', 'BOSS-TX-1002-002', 'BOSS-TX-1005-002', 'BOSS-TX-1006-001'],
    wrap: () => rewriteAnswers(['1002'], (answer) => (answer.header.RESPCODE === '0000' ? { ...answer, fields: { ...answer.fields, BALANCE: '0' } } : undefined)),
  },
  {
    name: 'makeup-posts-again',
    breaks: '§4 1006: a make-up BOSS already has is posted again',
    aims: ['BOSS-TX-1006-001', 'BOSS-TX-1006-002'],
    wrap: makeUpPostsAgain,
  },
  {
    name: 'delete-after-reconciliation',
    breaks: '§4 1005: a payment already deleted or reconciled is deleted (0000)',
    aims: ['BOSS-RESP-2005-001', 'BOSS-RESP-2005-002'],
    wrap: () => rewriteAnswers(['1005'], (answer, request) => (answer.header.RESPCODE === '2005' ? successInstead(answer, { ORIGSERIAL: request?.fields.ORIGSERIAL ?? '' }) : undefined)),
  },
  {
    name: 'reconciliation-always-matches',
    breaks: '§4 2001/2002: RESULT 0 whatever the bank\'s totals',
    aims: ['BOSS-TX-2001-001', 'BOSS-TX-2002-001'],
    wrap: () => rewriteAnswers(['2001', '2002'], (answer) => (answer.header.RESPCODE === '0000' ? { ...answer, fields: { ...answer.fields, RESULT: '0' } } : undefined)),
  },
  {
    name: 'future-reconciliation-accepted',
    breaks: '§4: a reconciliation date in the future is answered 0000',
    aims: ['BOSS-RESP-3001-001', 'BOSS-RESP-3001-002'],
    wrap: () =>
      rewriteAnswers(['2001', '2002'], (answer, request) =>
        answer.header.RESPCODE === '3001' ? successInstead(answer, { CHKDATE: request?.fields.CHKDATE ?? '', BOSSCOUNT: '0', BOSSTOTAL: '0', RESULT: '1' }) : undefined,
      ),
  },
  {
    name: 'new-invoice-each-time',
    breaks: '§4 3001: asking again issues another INVOICENO',
    aims: ['BOSS-TX-3001-001'],
    wrap: newInvoiceEachTime,
  },
  {
    name: 'invoice-items-off-by-one',
    breaks: '§4 3001: the item lines do not add up to the invoice AMOUNT',
    aims: ['BOSS-TX-3001-001', 'BOSS-TX-3002-001', 'BOSS-TX-3003-001', 'BOSS-RESP-2009-001', 'BOSS-RESP-2009-002'],
    wrap: () =>
      rewriteAnswers(['3001'], (answer) => {
        const [first, ...rest] = answer.groups.ITEMS ?? [];
        if (answer.header.RESPCODE !== '0000' || !first) return undefined;
        return { ...answer, groups: { ITEMS: [{ ...first, AMOUNT: String(Number(first.AMOUNT) + 1) }, ...rest] } };
      }),
  },
  {
    name: 'zero-amount-wrong-code',
    breaks: '§4 1002, §6: AMOUNT 0 answered 2001 (neither malformed 1002 nor amount invalid 2003)',
    aims: ['BOSS-RESP-1002-003'],
    wrap: zeroAmountWrongCode,
  },
  {
    name: 'print-after-void',
    breaks: '§4 3002: a printed or voided invoice is printed again (0000)',
    aims: ['BOSS-RESP-2009-001', 'BOSS-RESP-2009-002'],
    wrap: () => rewriteAnswers(['3002'], (answer, request) => (answer.header.RESPCODE === '2009' ? successInstead(answer, { INVOICENO: request?.fields.INVOICENO ?? '' }) : undefined)),
  },
  {
    name: 'agreement-overwritten',
    breaks: '§4 1003: an agreement with another account is accepted over the existing one',
    aims: ['BOSS-TX-1003-001', 'BOSS-RESP-2006-001'],
    wrap: () => rewriteAnswers(['1003'], (answer, request) => (answer.header.RESPCODE === '2006' ? successInstead(answer, { CUSTNO: request?.fields.CUSTNO ?? '' }) : undefined)),
  },
  {
    name: 'frame-timer-too-long',
    breaks: '§1: an incomplete frame is allowed far more than its time',
    aims: ['BOSS-TIMEOUT-001'],
    timers: { frameTimeoutMs: TEST_TIMERS.frameTimeoutMs * 3 },
  },
  {
    name: 'frame-timer-too-short',
    breaks: '§1: an incomplete frame is cut off well before its time',
    aims: ['BOSS-TIMEOUT-001'],
    timers: { frameTimeoutMs: Math.round(TEST_TIMERS.frameTimeoutMs / 4) },
  },
  {
    name: 'idle-timer-too-short',
    breaks: '§1: an idle connection is closed well before its time',
    aims: ['BOSS-TIMEOUT-002'],
    timers: { idleTimeoutMs: Math.round(TEST_TIMERS.idleTimeoutMs / 4) },
  },
];
