import { BankConnection } from '../../src/boss/client/bank-connection.ts';
import { checkValue } from '../../src/boss/codec/format.ts';
import { decodeResponse, encodeRequest } from '../../src/boss/codec/message.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { VerdictSignal, inconclusive } from '../framework/case.ts';
import type { BossSession } from './session.ts';
import { query, type Arrears } from './transactions.ts';

/**
 * The first of the target's billed customers whose 1001 answer shows bills in at least `months`
 * different months, queried again on the case's own connection so the evidence shows it. The search
 * itself stays out of the evidence (up to 201 queries). Inconclusive when no customer has them: the
 * target no longer holds the data the case needs (reseed it, or name others in --data).
 */
export async function billedCustomer(session: BossSession, months: number): Promise<Arrears> {
  const { target } = session;
  const connection = await BankConnection.open({ host: target.host, port: target.port, profile: target.profile, timeoutMs: target.timeouts.answerMs + 1_000 }).catch(
    (error: unknown) => inconclusive(`cannot connect to the BOSS: ${errorMessage(error)}`),
  );
  let found: string | undefined;
  try {
    for (const custno of target.data.billedCustomers) {
      const answer = decodeResponse(target.profile, (await connection.exchangeBody(encodeRequest(target.profile, session.request('1001', { CUSTNO: custno })))).body);
      if (answer.header.RESPCODE !== '0000') continue;
      if (new Set((answer.groups.BILLS ?? []).map((b) => b.BILLMONTH)).size >= months) {
        found = custno;
        break;
      }
    }
  } catch (error) {
    inconclusive(`searching for a customer with bills in ${months} months failed: ${errorMessage(error)}`);
  } finally {
    await connection.close({ abort: true }).catch(() => undefined);
  }
  if (!found) {
    inconclusive(`none of the ${target.data.billedCustomers.length} billed customers (${target.data.billedCustomers[0]}…) has bills in ${months} months: reseed the target or name others in --data billedCustomers`);
  }
  session.evidence.note(`customer ${found} has bills in at least ${months} months`);
  return query(session, found);
}

/** The balance customer's 1001 answer, which must show no arrears: its payments become prepaid balance. */
export async function balanceCustomer(session: BossSession): Promise<Arrears> {
  const custno = session.target.data.balanceCustomer;
  const arrears = await query(session, custno);
  if (arrears.arrears !== 0) inconclusive(`the balance customer ${custno} has arrears ${arrears.arrears}; the target must hold an active customer without bills (--data balanceCustomer)`);
  return arrears;
}

/**
 * ACCTNAME for a 1003 notice of `holder` (its 1001 answer): `--data accountName`, else the customer's
 * name as the BOSS gave it, since §4 leaves their relation open and a BOSS may compare them.
 * Inconclusive when that name does not fit the profile's ACCTNAME.
 */
export function accountNameFor(session: BossSession, holder: Arrears): string {
  const { data, profile } = session.target;
  const name = data.accountName ?? holder.name;
  const format = profile.transactions['1003']?.request.find((f) => f.kind === 'field' && f.name === 'ACCTNAME');
  const problem = format?.kind === 'field' ? checkValue(format.format, name, profile.body.separator) : undefined;
  if (problem !== undefined) inconclusive(`the name "${name}" 1001 gives ${holder.custno} ${problem} as an ACCTNAME of profile ${profile.profile}: set --data accountName`);
  session.evidence.note(`ACCTNAME "${name}" (${data.accountName === undefined ? `the name 1001 gives ${holder.custno}` : '--data accountName'})`);
  return name;
}

/**
 * Runs steps that put the target back as the case found it (reversing the case's payments). Their
 * failure is noted, not judged: the case's verdict was decided before. A failed cleanup leaves the
 * customer paid, which later runs survive (they look for another customer with bills).
 */
export async function cleanUp(session: BossSession, what: string, steps: () => Promise<unknown>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    const reason = error instanceof VerdictSignal ? error.reason : errorMessage(error);
    session.evidence.note(`clean-up (${what}) did not complete: ${reason}`);
  }
}
