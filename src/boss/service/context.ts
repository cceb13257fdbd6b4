import type { Profile } from '../profile/types.ts';
import { AmountLimitError } from '../store/errors.ts';
import type { BankRecord, CustomerRecord, PaymentInput, PostedPayment } from '../store/records.ts';
import type { LedgerTransaction } from '../store/types.ts';
import { CODES } from './codes.ts';
import { BossServiceError } from './errors.ts';
import { refuse, type Outcome } from './outcome.ts';

/** A decoded request as the transactions read it. [bank-interface §3] */
export interface TransactionRequest {
  readonly txcode: string;
  readonly bankcode: string;
  readonly bankSerial: string;
  readonly txdate: string;
  readonly txtime: string;
  readonly teller: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface TransactionContext {
  readonly tx: LedgerTransaction;
  readonly request: TransactionRequest;
  /** The requesting bank, already checked against the peer address and its TXCODEs. */
  readonly bank: BankRecord;
  /** The BOSS's local date when the unit ran. [§4 3001: a CHKDATE in the future] */
  readonly today: string;
  readonly profile: Profile;
}

/** One of the eleven transactions of §4: decides the outcome and applies its effect in `tx`. */
export type TransactionHandler = (context: TransactionContext) => Promise<Outcome>;

/** A transaction field the decoder guaranteed; its absence is a profile/handler mismatch (→ 9999). */
export function field(request: TransactionRequest, name: string): string {
  const value = request.fields[name];
  if (value === undefined) throw new BossServiceError(`${request.txcode} request has no field ${name} in this profile`);
  return value;
}

/** An amount field in fen; 12 digits are exact in a JS number. [§2] */
export function amountField(request: TransactionRequest, name: string): number {
  return Number(field(request, name));
}

export function isActive(customer: CustomerRecord | undefined): customer is CustomerRecord {
  return customer?.status === 'active';
}

/** 2001 for no such customer, 2002 for a suspended or closed one. [§6] */
export function customerRefusal(customer: CustomerRecord | undefined): Outcome {
  if (!customer) return refuse(CODES.customerNotFound);
  return refuse(CODES.customerInactive, `customer account ${customer.status}`);
}

/** The largest count a response group may carry in this profile (BILLCOUNT, ITEMCOUNT). */
export function groupLimit(profile: Profile, txcode: string, group: string): number {
  const key = `${txcode} ${group}`;
  let limits = groupLimits.get(profile);
  if (limits === undefined) {
    limits = new Map();
    groupLimits.set(profile, limits);
  }
  let limit = limits.get(key);
  if (limit === undefined) {
    limit = findGroupLimit(profile, txcode, group);
    limits.set(key, limit);
  }
  return limit;
}

/** Worked out once per profile, TXCODE and group (1001 asks on every query). */
const groupLimits = new WeakMap<Profile, Map<string, number>>();

function findGroupLimit(profile: Profile, txcode: string, group: string): number {
  const elements = profile.transactions[txcode]?.response ?? [];
  const def = elements.find((e) => e.kind === 'group' && e.group === group);
  const countName = def?.kind === 'group' ? def.count : undefined;
  const count = elements.find((e) => e.kind === 'field' && e.name === countName);
  return count?.kind === 'field' && count.format.kind === 'integer' ? count.format.max : Number.MAX_SAFE_INTEGER;
}

/**
 * Posts through the ledger, or the 2003 refusal when the posting would take the customer's prepaid
 * balance or the day's cash total past 12 digits: the ledger refuses it before writing anything, and
 * a 2003 now is better than a 9999 on every later 1002 or 2001 that no retry can cure. [§2, §6 2003, 9999]
 */
export async function postOrRefuse(tx: LedgerTransaction, input: PaymentInput): Promise<PostedPayment | Outcome> {
  try {
    return await tx.postPayment(input);
  } catch (error) {
    if (error instanceof AmountLimitError) return refuse(CODES.amountMismatch, `${error.field} would exceed 12 digits`);
    throw error;
  }
}

export function isOutcome(value: PostedPayment | Outcome): value is Outcome {
  return 'respCode' in value;
}
