import type { BossDecodeError } from '../codec/errors.ts';
import { checkValue } from '../codec/format.ts';
import type { Profile } from '../profile/types.ts';
import { encodeAnswer } from './answer.ts';

export interface FailureAnswer {
  readonly body: Uint8Array;
  readonly txcode: string;
  readonly respCode: string;
  readonly bankcode?: string;
  readonly bankSerial: string;
  readonly close: boolean;
}

/**
 * The answer to a body that does not decode: its response code (1002 malformed, 1001 unknown TXCODE,
 * 1004 too large), echoing TXCODE when it was 4 digits (else `0000`) and BANKSERIAL when it was read.
 * Nothing is stored: the request never reached a bank's key. [bank-interface §3, §6; brief: framing answers]
 * BANKSERIAL is echoed too when the TXCODE was read but BANKCODE was malformed, as long as BANKSERIAL
 * itself, at its place in the body, is well-formed: the bank can then match the answer to its request.
 */
export function decodeFailureAnswer(profile: Profile, error: BossDecodeError, respCode = error.respCode, detail?: string): FailureAnswer {
  const seenTxcode = error.partial.txcode;
  const txcode = seenTxcode !== undefined && /^[0-9]{4}$/.test(seenTxcode) ? seenTxcode : '0000';
  const bankSerial = error.partial.header.BANKSERIAL ?? (seenTxcode === undefined ? undefined : salvagedBankSerial(profile, error.bytes)) ?? '';
  const bankcode = error.partial.header.BANKCODE;
  const message = detail ?? `${error.reason === 'malformed' ? 'malformed' : error.reason === 'unknownTxcode' ? 'unknown' : 'too large'} ${error.field}`;
  let body: Uint8Array;
  try {
    body = encodeAnswer(profile, { txcode, respCode, message, bankSerial, bossSerial: '' });
  } catch {
    // an echoed value this profile cannot send back: answer without the echoes
    body = encodeAnswer(profile, { txcode: '0000', respCode, message, bankSerial: '', bossSerial: '' });
  }
  return {
    body,
    txcode,
    respCode,
    bankSerial,
    ...(bankcode === undefined ? {} : { bankcode }),
    // [§1] a frame too large is answered, then the connection closed
    close: error.reason === 'frameTooLarge',
  };
}

/**
 * The header as far as the decoder read it, when it was read whole (every header field well-formed)
 * and only the TXCODE or the body failed: the bank checks (1003, 1001) come before the body's 1002.
 * [decision: precedence header 1002 → 1003 → 1001 → body 1002]
 */
export function wholeHeader(profile: Profile, error: BossDecodeError): { readonly txcode: string; readonly bankcode: string } | undefined {
  if (error.reason === 'frameTooLarge') return undefined;
  const { txcode, header } = error.partial;
  if (txcode === undefined) return undefined;
  for (const def of profile.request.header) if (def.name !== profile.request.txcodeField && header[def.name] === undefined) return undefined;
  const bankcode = header.BANKCODE;
  return bankcode === undefined ? undefined : { txcode, bankcode };
}

/** BANKSERIAL read at its place in the raw body, if it is well-formed there. */
function salvagedBankSerial(profile: Profile, bytes: Uint8Array): string | undefined {
  const index = profile.request.header.findIndex((def) => def.name === 'BANKSERIAL');
  const def = profile.request.header[index];
  if (def === undefined) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const pieces = text.split(profile.body.separator);
  // the piece must be followed by a separator: a value cut by the end of the body is not whole
  if (pieces.length <= index + 1) return undefined;
  const value = pieces[index] ?? '';
  return /^[\x20-\x7e]*$/.test(value) && checkValue(def.format, value, profile.body.separator) === undefined ? value : undefined;
}
