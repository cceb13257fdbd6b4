import { inconclusive, type ConformanceCase } from '../../framework/case.ts';
import { expectCode, checkEchoed, expectSuccess } from '../answers.ts';
import { accountNameFor, cleanUp } from '../customers.ts';
import { withSession, type BossSession, type Sent } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { query } from '../transactions.ts';

function register(session: BossSession, account: string, accountName: string): Promise<Sent> {
  const custno = session.target.data.agreementCustomer;
  return session.send('1003', { CUSTNO: custno, ACCTNO: account, ACCTNAME: accountName }, `1003 register ${custno} account ${account}`);
}

function cancel(session: BossSession, account: string): Promise<Sent> {
  const custno = session.target.data.agreementCustomer;
  return session.send('1004', { CUSTNO: custno, ACCTNO: account }, `1004 cancel ${custno} account ${account}`);
}

/**
 * Cancels what an interrupted earlier run may have left (0000 or 2007 both fine), so the case starts
 * with the customer holding no agreement on the suite's accounts.
 */
async function clearAgreements(session: BossSession): Promise<void> {
  for (const account of session.target.data.agreementAccounts) {
    const sent = await cancel(session, account);
    const code = sent.answer.message.header.RESPCODE;
    if (code !== '0000' && code !== '2007') inconclusive(`cannot clear the agreement of account ${account} before the case: 1004 answered ${code}`);
  }
}

/** 1003 of the first account, 0000 with CUSTNO echoed; inconclusive on 2006 (an agreement the suite did not make). */
async function registerFirst(session: BossSession, accountName: string): Promise<void> {
  const [account] = session.target.data.agreementAccounts;
  const sent = await register(session, account, accountName);
  if (sent.answer.message.header.RESPCODE === '2006') {
    inconclusive(`${session.target.data.agreementCustomer} already has an agreement with an account the suite does not know; cancel it or name another customer (--data agreementCustomer)`);
  }
  const answer = expectSuccess(sent, `1003 agreement of ${session.target.data.agreementCustomer} with ${account}`);
  checkEchoed(answer, 'CUSTNO', session.target.data.agreementCustomer, '1003');
}

/** Runs `body` while the agreement customer has an agreement on the first account; `body` gets the ACCTNAME to send. */
async function withAgreement(session: BossSession, body: (accountName: string) => Promise<void>): Promise<void> {
  const accountName = accountNameFor(session, await query(session, session.target.data.agreementCustomer));
  await clearAgreements(session);
  await registerFirst(session, accountName);
  try {
    await body(accountName);
  } finally {
    await cleanUp(session, 'cancel the agreement', () => clearAgreements(session));
  }
}

export const agreementCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-1003-001',
    clause: 'bank-interface §4 1003, §6 2006',
    title: '1003 registers a withholding agreement (0000, CUSTNO echoed); it is then in force: another account gets 2006',
    tags: ['transaction', '1003'],
    async run(context) {
      await withSession(context, async (session) => {
        await withAgreement(session, async (accountName) => {
          const [, other] = context.target.data.agreementAccounts;
          expectCode(await register(session, other, accountName), '2006', `1003 with another account while an agreement exists`);
        });
      });
    },
  },
  {
    id: 'BOSS-TX-1004-001',
    clause: 'bank-interface §4 1004, §6 2007',
    title: '1004 cancels the agreement (0000, CUSTNO echoed); cancelling again gets 2007 and another account may then register',
    tags: ['transaction', '1004'],
    async run(context) {
      await withSession(context, async (session) => {
        const [account, other] = context.target.data.agreementAccounts;
        await withAgreement(session, async (accountName) => {
          const answer = expectSuccess(await cancel(session, account), `1004 cancel of the agreement with ${account}`);
          checkEchoed(answer, 'CUSTNO', context.target.data.agreementCustomer, '1004');
          expectCode(await cancel(session, account), '2007', '1004 of an agreement already cancelled');
          expectSuccess(await register(session, other, accountName), `1003 with ${other} after the cancel`);
        });
      });
    },
  },
  {
    id: 'BOSS-RESP-2006-001',
    clause: 'bank-interface §6 2006 (withholding agreement already exists with another account)',
    title: '1003 for a customer whose agreement is with another account answers 2006 and leaves the agreement',
    tags: ['response-code', '1003'],
    async run(context) {
      await withSession(context, async (session) => {
        const [account, other] = context.target.data.agreementAccounts;
        await withAgreement(session, async (accountName) => {
          expectCode(await register(session, other, accountName), '2006', '1003 with another account');
          // The refused notice changed nothing: the first account's agreement can still be cancelled.
          expectSuccess(await cancel(session, account), `1004 of the agreement with ${account} after the refusal`);
        });
      });
    },
  },
  {
    id: 'BOSS-RESP-2007-001',
    clause: 'bank-interface §6 2007 (no withholding agreement for this account)',
    title: '1004 naming an account the customer has no agreement with answers 2007',
    tags: ['response-code', '1004'],
    async run(context) {
      await withSession(context, async (session) => {
        const [, other] = context.target.data.agreementAccounts;
        await withAgreement(session, async () => {
          expectCode(await cancel(session, other), '2007', '1004 of an account without agreement');
        });
      });
    },
  },
];
