import { HsmAnswerError, HsmRefusal } from '../errors.ts';

/** Characters the header is made of unless configured otherwise. [psam_hsm.md §4.1: simulators default to 4] */
export const DEFAULT_HEADER_LENGTH = 4;

/** A request: header (echoed), 2-character command code, then the command's fields as ASCII. */
export interface HsmRequest {
  readonly header: string;
  readonly command: string;
  readonly body: string;
}

/** An answer: the request's header, response code, 2-digit error code, then the answer fields. */
export interface HsmAnswer {
  readonly header: string;
  readonly responseCode: string;
  readonly errorCode: string;
  readonly body: string;
}

/**
 * The response code: the command with its second character advanced by one code point (A0 → A1,
 * M6 → M7, NC → ND). [psam_hsm.md §4.1, §4.4: payShield and the Chinese "RACAL-compatible" HSMs]
 */
export function responseCodeFor(command: string): string {
  return `${command.charAt(0)}${String.fromCharCode(command.charCodeAt(1) + 1)}`;
}

/** Printable ASCII only: every field of this command set is text (binary travels as hex). */
export function isPrintable(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

export function encodeRequest(request: HsmRequest): Uint8Array {
  return ascii(`${request.header}${request.command}${request.body}`, 'request');
}

export function encodeAnswer(answer: HsmAnswer): Uint8Array {
  return ascii(`${answer.header}${answer.responseCode}${answer.errorCode}${answer.body}`, 'answer');
}

/**
 * A request message (no length prefix). Throws HsmRefusal `80` when it is too short to hold a header
 * and a command, `15` when a byte is not printable ASCII; the emulator answers either.
 */
export function decodeRequest(message: Uint8Array, headerLength = DEFAULT_HEADER_LENGTH): HsmRequest {
  const text = Buffer.from(message).toString('latin1');
  if (text.length < headerLength + 2) throw new HsmRefusal('80', 'command', `message of ${text.length} bytes has no room for a ${headerLength}-character header and a command code`);
  if (!isPrintable(text.slice(0, headerLength))) throw new HsmRefusal('15', 'header', 'holds a byte that is not printable ASCII');
  const command = text.slice(headerLength, headerLength + 2);
  if (!/^[0-9A-Z]{2}$/.test(command)) throw new HsmRefusal('15', 'command', `${JSON.stringify(command)} is not two characters 0-9/A-Z`);
  const body = text.slice(headerLength + 2);
  if (!isPrintable(body)) throw new HsmRefusal('15', 'message', 'holds a byte that is not printable ASCII');
  return { header: text.slice(0, headerLength), command, body };
}

/** An answer message (no length prefix); HsmAnswerError when it cannot be one. */
export function decodeAnswer(message: Uint8Array, headerLength = DEFAULT_HEADER_LENGTH): HsmAnswer {
  const text = Buffer.from(message).toString('latin1');
  if (text.length < headerLength + 4) throw new HsmAnswerError('message', `${text.length} bytes, shorter than header + response code + error code`, message);
  const errorCode = text.slice(headerLength + 2, headerLength + 4);
  if (!/^\d\d$/.test(errorCode)) throw new HsmAnswerError('error code', `${JSON.stringify(errorCode)} is not two digits`, message);
  const body = text.slice(headerLength + 4);
  if (!isPrintable(body)) throw new HsmAnswerError('message', 'holds a byte that is not printable ASCII', message);
  return { header: text.slice(0, headerLength), responseCode: text.slice(headerLength, headerLength + 2), errorCode, body };
}

function ascii(text: string, what: string): Uint8Array {
  if (!isPrintable(text)) throw new RangeError(`an HSM ${what} must be printable ASCII`);
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}
