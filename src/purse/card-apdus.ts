import { commandApdu } from '../reader/apdu.ts';
import { concatBytes, uintBytes } from '../core/hex.ts';

/**
 * The PBOC purse's commands as the terminal sends them, and their answers as it reads them.
 * [docs/purse/card-application.md; psam_hsm.md §1.2]
 */

export type PurseApplicationKind = 'ED' | 'EP';
const P2: Readonly<Record<PurseApplicationKind, number>> = { ED: 0x01, EP: 0x02 };
/** Transaction types the terminal names in GET TRANSACTION PROVE. [psam_hsm.md §1.4] */
export const PURCHASE_TYPE: Readonly<Record<PurseApplicationKind, number>> = { ED: 0x05, EP: 0x06 };
export const LOAD_TYPE: Readonly<Record<PurseApplicationKind, number>> = { ED: 0x01, EP: 0x02 };

export const selectByName = (aid: Uint8Array): Uint8Array => commandApdu(0x00, 0xa4, 0x04, 0x00, aid, 0x00);

export const getBalance = (kind: PurseApplicationKind): Uint8Array => commandApdu(0x80, 0x5c, 0x00, P2[kind], undefined, 0x04);

export function initializeForPurchase(kind: PurseApplicationKind, keyIndex: number, amount: number, terminal: Uint8Array): Uint8Array {
  return commandApdu(0x80, 0x50, 0x01, P2[kind], concatBytes(Uint8Array.of(keyIndex), uintBytes(amount, 4), terminal), 0x0f);
}

export interface PurchaseInit {
  readonly balance: number;
  readonly offlineSeq: number;
  readonly overdraftLimit: number;
  readonly keyVersion: number;
  readonly algorithm: number;
  readonly random: Uint8Array;
}

export function parsePurchaseInit(data: Uint8Array): PurchaseInit | undefined {
  if (data.length !== 15) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  return {
    balance: view.getUint32(0),
    offlineSeq: view.getUint16(4),
    overdraftLimit: (data[6]! << 16) | (data[7]! << 8) | data[8]!,
    keyVersion: data[9]!,
    algorithm: data[10]!,
    random: data.slice(11, 15),
  };
}

export function initializeForLoad(kind: PurseApplicationKind, keyIndex: number, amount: number, terminal: Uint8Array): Uint8Array {
  return commandApdu(0x80, 0x50, 0x00, P2[kind], concatBytes(Uint8Array.of(keyIndex), uintBytes(amount, 4), terminal), 0x10);
}

export interface LoadInit {
  readonly balance: number;
  readonly onlineSeq: number;
  readonly keyVersion: number;
  readonly algorithm: number;
  readonly random: Uint8Array;
  readonly mac1: Uint8Array;
}

export function parseLoadInit(data: Uint8Array): LoadInit | undefined {
  if (data.length !== 16) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  return { balance: view.getUint32(0), onlineSeq: view.getUint16(4), keyVersion: data[6]!, algorithm: data[7]!, random: data.slice(8, 12), mac1: data.slice(12, 16) };
}

/** CREDIT FOR LOAD: host date (4) ‖ host time (3) ‖ MAC2 (4) → TAC (4). */
export function creditForLoad(dateTime: Uint8Array, mac2: Uint8Array): Uint8Array {
  return commandApdu(0x80, 0x52, 0x00, 0x00, concatBytes(dateTime, mac2), 0x04);
}

/** DEBIT FOR PURCHASE: terminal transaction seq (4) ‖ date (4) ‖ time (3) ‖ MAC1 (4) → TAC (4) ‖ MAC2 (4). */
export function debitForPurchase(terminalSeq: Uint8Array, dateTime: Uint8Array, mac1: Uint8Array): Uint8Array {
  return commandApdu(0x80, 0x54, 0x01, 0x00, concatBytes(terminalSeq, dateTime, mac1), 0x08);
}

/** GET TRANSACTION PROVE of the transaction of `type` and `seq` → MAC2 (4) ‖ TAC (4). */
export function getTransactionProve(type: number, seq: number): Uint8Array {
  return commandApdu(0x80, 0x5a, 0x00, type, Uint8Array.of(seq >> 8, seq & 0xff), 0x08);
}

/** READ RECORD `record` of the transaction log (SFI `sfi`), 23 bytes. [ISO/IEC 7816-4 §7.3.3; psam_hsm.md §1.5] */
export const readLogRecord = (sfi: number, record: number): Uint8Array => commandApdu(0x00, 0xb2, record, (sfi << 3) | 0x04, undefined, 0x17);

/** A transaction log record: seq (after the increment) ‖ overdraft (3) ‖ amount ‖ type ‖ terminal (6) ‖ date (4) ‖ time (3). */
export interface LogRecord {
  readonly seq: number;
  readonly amount: number;
  readonly type: number;
  readonly terminal: Uint8Array;
  /** Date ‖ time, 7 bytes BCD. */
  readonly dateTime: Uint8Array;
}

/** A record, or undefined for an empty slot (all zero) or a malformed one. */
export function parseLogRecord(data: Uint8Array): LogRecord | undefined {
  if (data.length !== 23 || data.every((b) => b === 0)) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  return { seq: view.getUint16(0), amount: view.getUint32(5), type: data[9]!, terminal: data.slice(10, 16), dateTime: data.slice(16, 23) };
}
