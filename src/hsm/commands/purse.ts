import { dataField, hexField } from '../codec/fields.ts';
import type { CommandCodec } from './codec.ts';
import { purseKeyField, readPurseKey, type PurseKey } from './purse-key.ts';

export interface LoadRequest extends PurseKey {
  /** From the card's INITIALIZE FOR LOAD answer. [psam_hsm.md §1.2] */
  readonly random: Uint8Array;
  readonly onlineSeq: Uint8Array;
  readonly balance: Uint8Array;
  /** From the terminal's INITIALIZE FOR LOAD command. */
  readonly amount: Uint8Array;
  readonly transactionType: number;
  readonly terminal: Uint8Array;
  readonly mac1: Uint8Array;
  /** The host's date (YYYYMMDD) and time (hhmmss) that go to the card in CREDIT FOR LOAD. */
  readonly hostDate: string;
  readonly hostTime: string;
}

/**
 * PL: verify the card's load MAC1 and, when it is right, generate MAC2. The HSM disperses the master
 * load key into the card's DLK, then SESLK = 3DES(DLK, random ‖ online seq ‖ 8000),
 * MAC1 = MAC(SESLK, balance ‖ amount ‖ type ‖ terminal), MAC2 = MAC(SESLK, amount ‖ type ‖ terminal ‖ date ‖ time).
 * [psam_hsm.md §1.3, §2.5]
 */
export const purseLoad: CommandCodec<LoadRequest, Uint8Array> = {
  command: 'PL',
  summary: 'purse load: verify MAC1, generate MAC2',
  encodeRequest: (r) =>
    `${purseKeyField(r)}${hexField(r.random)}${hexField(r.onlineSeq)}${hexField(r.balance)}${hexField(r.amount)}` +
    `${hexField(Uint8Array.of(r.transactionType))}${hexField(r.terminal)}${hexField(r.mac1)}${r.hostDate}${r.hostTime}`,
  decodeRequest: (reader) => ({
    ...readPurseKey(reader),
    random: reader.hex('random', 8),
    onlineSeq: reader.hex('online seq', 4),
    balance: reader.hex('balance', 8),
    amount: reader.hex('amount', 8),
    transactionType: reader.hex('transaction type', 2)[0]!,
    terminal: reader.hex('terminal', 12),
    mac1: reader.hex('MAC1', 8),
    hostDate: reader.digits('host date', 8),
    hostTime: reader.digits('host time', 6),
  }),
  encodeAnswer: (mac2) => hexField(mac2),
  decodeAnswer: (reader) => reader.hex('MAC2', 8),
};

export interface TacDataRequest extends PurseKey {
  /** The TAC input as the card computes it (load or purchase layout, psam_hsm.md §1.3). */
  readonly data: Uint8Array;
}

/** PG: generate a TAC (what the card computes), with the card's TAC key, halves XORed. */
export const generateTac: CommandCodec<TacDataRequest, Uint8Array> = {
  command: 'PG',
  summary: 'generate a TAC',
  encodeRequest: (r) => `${purseKeyField(r)}${dataField(r.data)}`,
  decodeRequest: (reader) => ({ ...readPurseKey(reader), data: reader.data('data') }),
  encodeAnswer: (tac) => hexField(tac),
  decodeAnswer: (reader) => reader.hex('TAC', 8),
};

export interface TacRequest extends PurseKey {
  /** The TAC input as the card computed it (load or purchase layout, psam_hsm.md §1.3). */
  readonly data: Uint8Array;
  readonly tac: Uint8Array;
}

/** PT: verify a TAC with the card's TAC key (dispersed from the master TAC key, halves XORed). */
export const verifyTac: CommandCodec<TacRequest, void> = {
  command: 'PT',
  summary: 'verify a TAC',
  encodeRequest: (r) => `${purseKeyField(r)}${dataField(r.data)}${hexField(r.tac)}`,
  decodeRequest: (reader) => ({
    ...readPurseKey(reader),
    data: reader.data('data'),
    tac: reader.hex('TAC', 8),
  }),
  encodeAnswer: () => '',
  decodeAnswer: () => undefined,
};
