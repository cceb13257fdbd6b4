import { systemClock, type Clock } from '../../core/clock.ts';
import { DecisionRefusedError } from './errors.ts';
import type { BatchLedger, DecisionAction, ExceptionCategory, ExceptionFilter, ReconException } from './ledger.ts';
import { silentBatchLog, type BatchLog } from './log.ts';

/**
 * The decisions each category admits: a bank-only record (长款) may be made up (posted as the bank
 * has it), a BOSS-only one (短款) reversed, and anything accepted as it is with a reason. A record
 * that differs is only accepted: which side is right is for a person to settle, by a 1005/1006 of
 * the bank or by hand. [bank-interface §7: post a make-up, reverse, or accept with a reason]
 */
export const ALLOWED_ACTIONS: Readonly<Record<ExceptionCategory, readonly DecisionAction[]>> = {
  bankOnly: ['makeup', 'accept'],
  bossOnly: ['reverse', 'accept'],
  differs: ['accept'],
};

export interface DecisionRequest {
  readonly id: string;
  readonly action: DecisionAction;
  /** Who decides; recorded. */
  readonly by: string;
  /** Why; required for `accept`. */
  readonly reason?: string;
}

export interface ExceptionsOptions {
  readonly ledger: BatchLedger;
  readonly clock?: Clock;
  readonly log?: BatchLog;
}

/**
 * Lists reconciliation exceptions and takes decisions on them, each recorded with who, when and
 * why in the same commit as its effect. Nothing happens to an exception without a decision.
 */
export class ExceptionsService {
  private readonly ledger: BatchLedger;
  private readonly clock: Clock;
  private readonly log: BatchLog;

  constructor(options: ExceptionsOptions) {
    this.ledger = options.ledger;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentBatchLog;
  }

  list(filter: ExceptionFilter = {}): Promise<ReconException[]> {
    return this.ledger.listExceptions(filter);
  }

  /** Takes the decision, or throws DecisionRefusedError having changed nothing. */
  async resolve(request: DecisionRequest): Promise<ReconException> {
    const { id, action } = request;
    const by = request.by.trim();
    const reason = (request.reason ?? '').trim();
    if (by === '') throw this.refuse(new DecisionRefusedError('byRequired', id, 'a decision needs who takes it'));
    if (action === 'accept' && reason === '') throw this.refuse(new DecisionRefusedError('reasonRequired', id, 'accepting an exception needs a reason'));

    const exception = await this.ledger.getException(id);
    if (exception === undefined) throw this.refuse(new DecisionRefusedError('notFound', id, 'no such exception'));
    if (exception.status !== 'open') throw this.refuse(notOpen(exception));
    if (!ALLOWED_ACTIONS[exception.category].includes(action)) {
      throw this.refuse(new DecisionRefusedError('notValidForCategory', id, `${action} is not a decision for a ${exception.category} record (allowed: ${ALLOWED_ACTIONS[exception.category].join(', ')})`));
    }

    const outcome = await this.ledger.resolveException(id, { action, by, at: this.clock.now(), reason });
    switch (outcome.status) {
      case 'resolved': {
        const done = outcome.exception;
        this.log.info(
          { event: 'exception.resolved', id, bankcode: done.bankcode, date: done.date, kind: done.kind, category: done.category, bankSerial: done.bankSerial, action, by, reason, serial: done.decisionSerial },
          `exception ${id} (${done.category} ${done.bankSerial}) resolved: ${action} by ${by}`,
        );
        return done;
      }
      case 'notFound':
        throw this.refuse(new DecisionRefusedError('notFound', id, 'no such exception'));
      case 'notOpen':
        throw this.refuse(notOpen(outcome.exception));
      case 'refused':
        throw this.refuse(new DecisionRefusedError('refused', id, `the ledger refused ${action}: ${outcome.message}`));
    }
  }

  private refuse(error: DecisionRefusedError): DecisionRefusedError {
    this.log.warn({ event: 'exception.refused', id: error.exceptionId, reason: error.reason }, error.message);
    return error;
  }
}

function notOpen(exception: ReconException): DecisionRefusedError {
  const how = exception.decision ? `${exception.decision.action} by ${exception.decision.by}` : 'a later reconciliation of the same file date';
  return new DecisionRefusedError('notOpen', exception.id, `already ${exception.status} (${how})`);
}
