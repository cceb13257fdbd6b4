import type { EntryKind } from '../../store/records.ts';
import { CODES } from '../codes.ts';
import { field, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 2001/2002 total reconciliation: the bank's COUNT and TOTAL for CHKDATE against the BOSS's own
 * (posted, not reversed entries of that bank, date and kind); RESULT `0` marks the date reconciled.
 * A CHKDATE after the BOSS's local date → 3001. [bank-interface §4]
 * Decisions where §4 is open: every reconciliation asked is recorded; once a date matched it stays
 * reconciled even if a later request for it mismatches; CHKDATE = today is allowed. BOSSSERIAL empty.
 */
export function reconcile(kind: EntryKind): TransactionHandler {
  return async ({ tx, request, today }) => {
    const chkdate = field(request, 'CHKDATE');
    if (chkdate > today) return refuse(CODES.badReconciliationDate, `CHKDATE ${chkdate} is after ${today}`);
    const bank = { count: Number(field(request, 'COUNT')), total: Number(field(request, 'TOTAL')) };
    const boss = await tx.entryTotals({ bankcode: request.bankcode, date: chkdate, kind });
    const matched = bank.count === boss.count && bank.total === boss.total;
    await tx.recordReconciliation({ bankcode: request.bankcode, chkdate, kind, bank, boss, matched });
    return ok({ CHKDATE: chkdate, BOSSCOUNT: String(boss.count), BOSSTOTAL: String(boss.total), RESULT: matched ? '0' : '1' });
  };
}
