import type { Profile } from '../profile/types.ts';
import type { BankRecord, LedgerView } from '../store/types.ts';
import { normalizeAddress } from './peers.ts';
import { TRANSACTIONS } from './transactions/index.ts';

export type BankCheck = { readonly ok: true; readonly bank: BankRecord } | { readonly ok: false; readonly respCode: string; readonly message: string };

/**
 * The checks that come right after a readable header, before the body is looked at: the bank known
 * and bound to the peer's address (1003), then the TXCODE known and enabled for it (1001).
 * [bank-interface §1 "each BANKCODE is bound to the IPs it may send from", §6 1001, 1003]
 * Decision where §6 is open on precedence: header 1002 → 1003 → 1001 → body 1002, so a bank that is
 * not allowed learns nothing about the body's format, and a TXCODE it may not use is said so before
 * its fields are judged.
 */
export async function checkBank(view: LedgerView, profile: Profile, request: { bankcode: string; txcode: string }, peerAddress: string): Promise<BankCheck> {
  const bank = await view.bank(request.bankcode);
  if (!bank) return { ok: false, respCode: profile.roles.bankNotAllowed, message: 'BANKCODE unknown' };
  if (!boundAddresses(bank).has(normalizeAddress(peerAddress))) return { ok: false, respCode: profile.roles.bankNotAllowed, message: 'BANKCODE not allowed from this address' };
  if (!TRANSACTIONS[request.txcode]) return { ok: false, respCode: profile.roles.unknownTxcode, message: 'TXCODE unknown' };
  if (!bank.txcodes.includes(request.txcode)) return { ok: false, respCode: profile.roles.unknownTxcode, message: 'TXCODE not enabled for this bank' };
  return { ok: true, bank };
}

/**
 * A bank's addresses as the allow-list compares them, worked out once per bank record (the store
 * hands out the same record while the bank is unchanged, so this is one lookup per request).
 */
const addressSets = new WeakMap<BankRecord, ReadonlySet<string>>();

function boundAddresses(bank: BankRecord): ReadonlySet<string> {
  let set = addressSets.get(bank);
  if (set === undefined) {
    set = new Set(bank.addresses.map(normalizeAddress));
    addressSets.set(bank, set);
  }
  return set;
}
