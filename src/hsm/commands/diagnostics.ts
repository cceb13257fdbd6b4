import { hexField } from '../codec/fields.ts';
import type { CommandCodec } from './codec.ts';

export interface DiagnosticsAnswer {
  /** The check value of the LMK (first pair), 8 bytes: tells which LMK set the HSM holds. */
  readonly lmkCheckValue: Uint8Array;
  /** 9 characters naming the firmware. */
  readonly firmware: string;
}

/** NC: diagnostics, no request fields. [payShield NC style: LMK check value and firmware number] */
export const diagnostics: CommandCodec<void, DiagnosticsAnswer> = {
  command: 'NC',
  summary: 'diagnostics',
  encodeRequest: () => '',
  decodeRequest: () => undefined,
  encodeAnswer: (a) => `${hexField(a.lmkCheckValue)}${a.firmware.padEnd(9).slice(0, 9)}`,
  decodeAnswer: (reader) => ({ lmkCheckValue: reader.hex('LMK check value', 16), firmware: reader.take('firmware', 9) }),
};
