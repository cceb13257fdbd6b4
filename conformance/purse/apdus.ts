import { concatBytes, uintBytes } from '../../src/core/hex.ts';
import type { PurseCardKeys } from './keys.ts';

/**
 * The commands of the PBOC purse application and what their answers hold, from
 * docs/purse/card-application.md "Commands" [PBOC 2.0 e-purse; psam_hsm.md §1.2].
 */
export const INS = { getBalance: 0x5c, initialize: 0x50, credit: 0x52, debit: 0x54, prove: 0x5a } as const;

/** Status words the purse answers. [docs/purse/card-application.md "Status words"; psam_hsm.md §1.6] */
export const PURSE_SW = {
  ok: 0x9000,
  insufficientFunds: 0x9401,
  macWrong: 0x9302,
  keyIndexUnknown: 0x9403,
  proofUnavailable: 0x9406,
  conditionsNotSatisfied: 0x6985,
  wrongP1P2: 0x6a86,
  wrongLength: 0x6700,
} as const;

/** INITIALIZE and GET BALANCE P2: 01 electronic deposit, 02 electronic purse. */
export function applicationP2(keys: PurseCardKeys): number {
  return keys.application === 'ED' ? 0x01 : 0x02;
}

/** Transaction types (交易类型标识) [psam_hsm.md §1.4]: ED load 01, EP load 02, ED purchase 05, EP purchase 06. */
export function loadType(keys: PurseCardKeys): number {
  return keys.application === 'ED' ? 0x01 : 0x02;
}

export function purchaseType(keys: PurseCardKeys): number {
  return keys.application === 'ED' ? 0x05 : 0x06;
}


export function readUint(bytes: Uint8Array): number {
  return bytes.reduce((value, byte) => value * 256 + byte, 0);
}

/** INITIALIZE's data: key index (1) ‖ amount (4) ‖ terminal number (6). */
export function initializeData(keyIndex: number, amount: number, terminal: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(keyIndex), uintBytes(amount, 4), terminal);
}

/** INITIALIZE FOR LOAD answer: old balance (4) ‖ online seq (2) ‖ key version ‖ algorithm ‖ random (4) ‖ MAC1 (4). */
export interface LoadInit {
  readonly balance: number;
  readonly onlineSeq: Uint8Array;
  readonly random: Uint8Array;
  readonly mac1: Uint8Array;
}

export function parseLoadInit(data: Uint8Array): LoadInit {
  return { balance: readUint(data.subarray(0, 4)), onlineSeq: data.slice(4, 6), random: data.slice(8, 12), mac1: data.slice(12, 16) };
}

/** INITIALIZE FOR PURCHASE answer: old balance (4) ‖ offline seq (2) ‖ overdraft (3) ‖ key version ‖ algorithm ‖ random (4). */
export interface PurchaseInit {
  readonly balance: number;
  readonly offlineSeq: Uint8Array;
  readonly overdraft: Uint8Array;
  readonly random: Uint8Array;
}

export function parsePurchaseInit(data: Uint8Array): PurchaseInit {
  return { balance: readUint(data.subarray(0, 4)), offlineSeq: data.slice(4, 6), overdraft: data.slice(6, 9), random: data.slice(11, 15) };
}
