import { concatBytes, parseHex, uintBytes } from '../../src/core/hex.ts';
import { foldTacKey, purseMac, sessionKey } from '../../src/crypto/index.ts';
import type { LoadInit, PurchaseInit } from './apdus.ts';
import type { PurseCardKeys } from './keys.ts';

/**
 * What the suite computes from the card's keys, as the issuer host and the PSAM would
 * [docs/purse/card-application.md "Keys and MACs"; psam_hsm.md §1.3]. Every MAC is src/crypto's purseMac.
 */

/** Date YYYYMMDD and time hhmmss as the BCD bytes the card takes. */
export interface HostTime {
  readonly date: Uint8Array;
  readonly time: Uint8Array;
}

export function hostTime(date: string, time: string): HostTime {
  return { date: parseHex(date), time: parseHex(time) };
}

export interface LoadTerms {
  readonly amount: number;
  readonly type: number;
  readonly terminal: Uint8Array;
}

export function loadSessionKey(keys: PurseCardKeys, init: LoadInit): Uint8Array {
  return sessionKey(keys.dlk, concatBytes(init.random, init.onlineSeq, Uint8Array.of(0x80, 0x00)));
}

/** MAC1 = MAC(SESLK, old balance ‖ amount ‖ type ‖ terminal). */
export function loadMac1(keys: PurseCardKeys, init: LoadInit, terms: LoadTerms): Uint8Array {
  return purseMac(loadSessionKey(keys, init), concatBytes(uintBytes(init.balance, 4), uintBytes(terms.amount, 4), Uint8Array.of(terms.type), terms.terminal));
}

/** MAC2 = MAC(SESLK, amount ‖ type ‖ terminal ‖ date ‖ time): what the host sends in CREDIT FOR LOAD. */
export function loadMac2(keys: PurseCardKeys, init: LoadInit, terms: LoadTerms, at: HostTime): Uint8Array {
  return purseMac(loadSessionKey(keys, init), concatBytes(uintBytes(terms.amount, 4), Uint8Array.of(terms.type), terms.terminal, at.date, at.time));
}

/** Load TAC = MAC(DTK_L ⊕ DTK_R, new balance ‖ online seq before ‖ amount ‖ type ‖ terminal ‖ date ‖ time). */
export function loadTac(keys: PurseCardKeys, init: LoadInit, terms: LoadTerms, at: HostTime): Uint8Array {
  const tail = concatBytes(uintBytes(terms.amount, 4), Uint8Array.of(terms.type), terms.terminal, at.date, at.time);
  return purseMac(foldTacKey(keys.dtk), concatBytes(uintBytes(init.balance + terms.amount, 4), init.onlineSeq, tail));
}

export function purchaseSessionKey(keys: PurseCardKeys, init: PurchaseInit, terminalSeq: Uint8Array): Uint8Array {
  return sessionKey(keys.dpk, concatBytes(init.random, init.offlineSeq, terminalSeq.slice(2, 4)));
}

/** Purchase MAC1 = MAC(SESPK, amount ‖ type ‖ terminal ‖ date ‖ time): what the PSAM sends in DEBIT. */
export function purchaseMac1(keys: PurseCardKeys, init: PurchaseInit, terms: LoadTerms, terminalSeq: Uint8Array, at: HostTime): Uint8Array {
  return purseMac(purchaseSessionKey(keys, init, terminalSeq), concatBytes(uintBytes(terms.amount, 4), Uint8Array.of(terms.type), terms.terminal, at.date, at.time));
}

/** Purchase MAC2 = MAC(SESPK, amount). */
export function purchaseMac2(keys: PurseCardKeys, init: PurchaseInit, terms: LoadTerms, terminalSeq: Uint8Array): Uint8Array {
  return purseMac(purchaseSessionKey(keys, init, terminalSeq), uintBytes(terms.amount, 4));
}

/** Purchase TAC = MAC(DTK_L ⊕ DTK_R, amount ‖ type ‖ terminal ‖ terminal seq ‖ date ‖ time). */
export function purchaseTac(keys: PurseCardKeys, terms: LoadTerms, terminalSeq: Uint8Array, at: HostTime): Uint8Array {
  return purseMac(foldTacKey(keys.dtk), concatBytes(uintBytes(terms.amount, 4), Uint8Array.of(terms.type), terms.terminal, terminalSeq, at.date, at.time));
}
