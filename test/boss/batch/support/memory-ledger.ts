import type {
  BatchLedger,
  Decision,
  DecisionOutcome,
  EntryKind,
  ExceptionFilter,
  FileRecord,
  LedgerEntry,
  NewException,
  PostingOutcome,
  ReconciliationRun,
  ReconException,
  WithholdingDue,
  WithholdingResult,
} from '../../../../src/boss/batch/ledger.ts';
import { planAllocation, settlingOrder } from '../../../../src/boss/store/allocation.ts';
import type { Allocation, CustomerStatus } from '../../../../src/boss/store/records.ts';

/**
 * The reference model of `BatchLedger`: plain maps, no persistence. It states the contract's
 * semantics in the smallest form (exactly-once keys, sorted live entries, superseding runs,
 * decisions applied with their effect, refusals that change nothing), so the SQLite implementation
 * can be checked against it (`ledger-contract.spec.ts` runs the same cases on both). Payments settle
 * bills oldest month first with the store's own `planAllocation`. Helpers outside the interface
 * (`addCustomer`, `addAgreement`, `addPayment`) set up a scene.
 */
export interface MemoryBill {
  readonly custno: string;
  readonly month: string;
  readonly item: string;
  readonly amount: number;
  paid: number;
}

interface Customer {
  readonly status: CustomerStatus;
  balance: number;
  readonly bills: MemoryBill[];
}

interface Payment {
  readonly bankcode: string;
  readonly date: string;
  readonly kind: EntryKind;
  readonly bankSerial: string;
  readonly custno: string;
  readonly amount: number;
  readonly bossSerial: string;
  /** The YH key of a withholding posting. */
  readonly seq?: number;
  readonly acctno?: string;
  /** How the amount was applied, so a reversal restores exactly that. [§4 1005] */
  readonly allocations: readonly Allocation[];
  reversedBy?: string;
}

interface Agreement {
  readonly bankcode: string;
  readonly custno: string;
  readonly acctno: string;
  readonly acctname: string;
}

/** Thrown inside a decision: nothing of it is applied. */
class Refusal extends Error {}

export class MemoryLedger implements BatchLedger {
  readonly customers = new Map<string, Customer>();
  readonly payments: Payment[] = [];
  readonly files: FileRecord[] = [];
  readonly runs: (ReconciliationRun & { id: string })[] = [];
  readonly exceptions: ReconException[] = [];
  private readonly agreements: Agreement[] = [];
  private readonly sequences = new Map<string, number>();

  /** A customer owing `arrears` (one bill 202611 BASIC of that amount), or owing the bills given. */
  addCustomer(custno: string, arrears: number | readonly { month: string; item: string; amount: number }[], status: CustomerStatus = 'active'): void {
    const bills = typeof arrears === 'number' ? (arrears > 0 ? [{ month: '202611', item: 'BASIC', amount: arrears }] : []) : arrears;
    this.customers.set(custno, { status, balance: 0, bills: bills.map((b) => ({ custno, ...b, paid: 0 })) });
  }

  addAgreement(agreement: Agreement): void {
    this.agreements.push(agreement);
  }

  /** What is left to pay on every bill of the customer. */
  arrearsOf(custno: string): number {
    return (this.customers.get(custno)?.bills ?? []).reduce((sum, b) => sum + b.amount - b.paid, 0);
  }

  balanceOf(custno: string): number {
    return this.customers.get(custno)?.balance ?? 0;
  }

  /** A cash payment as 1002 would post it (or a withholding one); returns its BOSSSERIAL. */
  addPayment(payment: { bankcode: string; date: string; bankSerial: string; custno: string; amount: number; kind?: EntryKind }): string {
    const kind = payment.kind ?? 'cash';
    const allocations = this.settle(payment.custno, payment.amount);
    const bossSerial = this.serial(kind === 'cash' ? 'B' : 'W', payment.date);
    this.payments.push({ ...payment, kind, bossSerial, allocations });
    return bossSerial;
  }

  /** A reversal outside the batch side (a 1005): restores exactly what the payment settled. */
  reverse(bossSerial: string, date: string): string {
    const payment = this.payments.find((p) => p.bossSerial === bossSerial);
    if (!payment) throw new Refusal(`payment ${bossSerial} not found`);
    if (payment.reversedBy) throw new Refusal(`payment ${bossSerial} is already reversed`);
    const customer = this.customer(payment.custno);
    const fromBalance = payment.allocations.reduce((sum, a) => sum + (a.target === 'balance' ? a.amount : 0), 0);
    if (customer.balance < fromBalance) throw new Refusal(`reversing ${bossSerial} would leave a negative prepaid balance (its prepaid part was spent)`);
    for (const part of payment.allocations) {
      if (part.target === 'balance') continue;
      const bill = customer.bills.find((b) => b.month === part.month && b.item === part.item);
      if (bill) bill.paid -= part.amount;
    }
    customer.balance -= fromBalance;
    payment.reversedBy = this.serial('R', date);
    return payment.reversedBy;
  }

  async *withholdingsDue(bankcode: string): AsyncIterable<WithholdingDue> {
    const mine = this.agreements.filter((a) => a.bankcode === bankcode && this.customers.get(a.custno)?.status === 'active').sort((a, b) => compare(a.custno, b.custno));
    for (const a of mine) yield { custno: a.custno, acctno: a.acctno, acctname: a.acctname, arrears: this.arrearsOf(a.custno) };
  }

  async postWithholding(line: WithholdingResult): Promise<PostingOutcome> {
    const sameDay = this.payments.filter((p) => p.bankcode === line.bankcode && p.date === line.date);
    const bySeq = sameDay.find((p) => p.kind === 'withholding' && p.seq === line.seq);
    // [§3] a BANKSERIAL is unique per bank and date across every transaction
    const bySerial = sameDay.find((p) => p.bankSerial === line.bankSerial);
    const existing = bySeq ?? bySerial;
    if (existing) {
      const same = bySeq !== undefined && bySeq === bySerial && existing.custno === line.custno && existing.acctno === line.acctno && existing.amount === line.amount;
      if (same) return { status: 'alreadyPosted', bossSerial: existing.bossSerial };
      const key = bySeq ? `SEQ ${line.seq}` : `BANKSERIAL ${line.bankSerial}`;
      return { status: 'conflict', bossSerial: existing.bossSerial, message: `${key} of ${line.date} is posted as ${existing.bossSerial} with other values` };
    }
    const allocations = this.settle(line.custno, line.amount);
    const bossSerial = this.serial('W', line.date);
    this.payments.push({ bankcode: line.bankcode, date: line.date, kind: 'withholding', bankSerial: line.bankSerial, custno: line.custno, amount: line.amount, bossSerial, seq: line.seq, acctno: line.acctno, allocations });
    return { status: 'posted', bossSerial };
  }

  async *entries(bankcode: string, date: string, kind: EntryKind): AsyncIterable<LedgerEntry> {
    const live = this.payments.filter((p) => p.bankcode === bankcode && p.date === date && p.kind === kind && p.reversedBy === undefined);
    for (const p of live.sort((a, b) => compare(a.bankSerial, b.bankSerial))) yield { bankSerial: p.bankSerial, custno: p.custno, amount: p.amount, bossSerial: p.bossSerial };
  }

  async fileRecord(bankcode: string, sha256: string): Promise<FileRecord | undefined> {
    return this.files.find((f) => f.bankcode === bankcode && f.sha256 === sha256);
  }

  async recordFile(record: FileRecord): Promise<void> {
    // the first decision on a content stays
    if (!this.files.some((f) => f.bankcode === record.bankcode && f.sha256 === record.sha256)) this.files.push(record);
  }

  async beginReconciliation(run: ReconciliationRun): Promise<string> {
    const id = `RUN${this.runs.length + 1}`;
    this.runs.push({ ...run, id });
    this.exceptions.forEach((e, i) => {
      if (e.status === 'open' && e.bankcode === run.bankcode && e.date === run.date && e.kind === run.kind) this.exceptions[i] = { ...e, status: 'superseded' };
    });
    return id;
  }

  async addExceptions(runId: string, exceptions: readonly NewException[]): Promise<void> {
    const run = this.runs.find((r) => r.id === runId);
    if (!run) throw new Error(`no reconciliation run ${runId}`);
    for (const e of exceptions) {
      this.exceptions.push({ ...e, id: `EX${this.exceptions.length + 1}`, runId, bankcode: run.bankcode, date: run.date, kind: run.kind, fileName: run.fileName, status: 'open', createdAt: run.startedAt });
    }
  }

  async listExceptions(filter: ExceptionFilter): Promise<ReconException[]> {
    return this.exceptions.filter(
      (e) =>
        (filter.bankcode === undefined || e.bankcode === filter.bankcode) &&
        (filter.date === undefined || e.date === filter.date) &&
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.status === undefined || e.status === filter.status),
    );
  }

  async getException(id: string): Promise<ReconException | undefined> {
    return this.exceptions.find((e) => e.id === id);
  }

  async resolveException(id: string, decision: Decision): Promise<DecisionOutcome> {
    const index = this.exceptions.findIndex((e) => e.id === id);
    const exception = this.exceptions[index];
    if (exception === undefined) return { status: 'notFound' };
    if (exception.status !== 'open') return { status: 'notOpen', exception };
    if (decision.by.trim() === '') return { status: 'refused', message: 'a decision needs who takes it' };
    if (decision.action === 'accept' && decision.reason.trim() === '') return { status: 'refused', message: 'accepting an exception needs a reason' };
    let decisionSerial: string | undefined;
    try {
      if (decision.action === 'makeup') decisionSerial = this.makeUp(exception);
      else if (decision.action === 'reverse') {
        if (!exception.boss) throw new Refusal('nothing on the BOSS side to reverse');
        decisionSerial = this.reverse(exception.boss.bossSerial, exception.date);
      }
    } catch (error) {
      if (error instanceof Refusal) return { status: 'refused', message: error.message };
      throw error;
    }
    const resolved: ReconException = { ...exception, status: 'resolved', decision, ...(decisionSerial === undefined ? {} : { decisionSerial }) };
    this.exceptions[index] = resolved;
    return { status: 'resolved', exception: resolved };
  }

  /** The bank's record posted as it has it: cash as a make-up (`B`), withholding as a posting (`W`), dated the run's date. */
  private makeUp(exception: ReconException): string {
    const bank = exception.bank;
    if (!bank) throw new Refusal('nothing on the bank side to post');
    if (!this.customers.has(bank.custno)) throw new Refusal(`customer ${bank.custno} not found`);
    const taken = this.payments.find((p) => p.bankcode === exception.bankcode && p.date === exception.date && p.bankSerial === exception.bankSerial);
    if (taken) throw new Refusal(`BANKSERIAL ${exception.bankSerial} of ${exception.date} is already posted as ${taken.bossSerial}${taken.reversedBy ? ' (reversed)' : ''}`);
    return this.addPayment({ bankcode: exception.bankcode, date: exception.date, bankSerial: exception.bankSerial, custno: bank.custno, amount: bank.amount, kind: exception.kind });
  }

  /** Bills oldest month first, the rest to the balance. [bank-interface §4 1002] */
  private settle(custno: string, amount: number): Allocation[] {
    const customer = this.customer(custno);
    const outstanding = customer.bills.filter((b) => b.paid < b.amount).sort(settlingOrder);
    const plan = planAllocation(outstanding, amount);
    for (const part of plan) {
      if (part.target === 'balance') customer.balance += part.amount;
      else {
        const bill = outstanding.find((b) => b.month === part.month && b.item === part.item);
        if (bill) bill.paid += part.amount;
      }
    }
    return plan;
  }

  private customer(custno: string): Customer {
    const customer = this.customers.get(custno);
    if (!customer) throw new Error(`CUSTNO ${custno}: no such customer`);
    return customer;
  }

  /** [brief: prefix + date + 8-digit per-date sequence] */
  private serial(prefix: string, date: string): string {
    const key = prefix + date;
    const next = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, next);
    return `${key}${String(next).padStart(8, '0')}`;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
