import type { FieldDef, Profile, TransactionDef } from '../profile/types.ts';
import { BossDecodeError, BossEncodeError, type BossDecodeReason } from './errors.ts';
import { encodeElements, encodeValue, FieldReader, joinFields, lastName, splitFields, type FieldValues } from './fields.ts';

/**
 * A request or response as the profile describes it. `txcode` is the header's TXCODE field; `header`
 * holds the other header fields (BANKCODE..TELLER, or RESPCODE..BOSSSERIAL); `fields` and `groups`
 * hold the transaction's fields after the header. [bank-interface §3, §4]
 */
export interface BossMessage extends FieldValues {
  txcode: string;
  header: Record<string, string>;
}

type Side = 'request' | 'response';

export function encodeRequest(profile: Profile, message: BossMessage): Uint8Array {
  return encodeMessage(profile, 'request', message);
}

export function encodeResponse(profile: Profile, message: BossMessage): Uint8Array {
  return encodeMessage(profile, 'response', message);
}

/** Decodes a request body (no length prefix); throws BossDecodeError (1002 malformed, 1001 unknown TXCODE). */
export function decodeRequest(profile: Profile, body: Uint8Array): BossMessage {
  return decodeMessage(profile, 'request', body);
}

/** Decodes a response body; transaction fields are read only when RESPCODE is 0000. [§3] */
export function decodeResponse(profile: Profile, body: Uint8Array): BossMessage {
  return decodeMessage(profile, 'response', body);
}

function encodeMessage(profile: Profile, side: Side, message: BossMessage): Uint8Array {
  const { header, txcodeField } = profile[side];
  for (const name of Object.keys(message.header)) {
    if (name === txcodeField || !header.some((f) => f.name === name)) throw new BossEncodeError(name, `not a ${side} header field (TXCODE goes in txcode)`);
  }
  const pieces = header.map((def) => encodeValue(def, def.name === txcodeField ? message.txcode : message.header[def.name], def.name, profile.body));
  const respCode = message.header[profile.response.respCodeField] ?? '';
  if (side === 'response' && !profile.responseCodes[respCode]) {
    throw new BossEncodeError(profile.response.respCodeField, `'${respCode}' is not a response code of ${profile.profile}`, respCode);
  }
  if (side === 'response' && respCode !== profile.response.fieldsOnlyWhen) {
    // [§3] transaction fields are present only when RESPCODE is 0000
    if (Object.keys(message.fields).length > 0 || Object.keys(message.groups).length > 0) {
      throw new BossEncodeError(profile.response.respCodeField, `transaction fields are only sent with ${profile.response.fieldsOnlyWhen}`);
    }
  } else {
    const transaction = profile.transactions[message.txcode];
    if (!transaction) throw new BossEncodeError(txcodeField, `unknown TXCODE '${message.txcode}'`, message.txcode);
    pieces.push(...encodeElements(transaction[side], message, `${message.txcode} ${side}`, profile.body));
  }
  const body = joinFields(pieces, profile.body);
  if (body.length > profile.framing.maxBody) throw new BossEncodeError('body', `${body.length} bytes, more than the maximum ${profile.framing.maxBody}`);
  return body;
}

function decodeMessage(profile: Profile, side: Side, body: Uint8Array): BossMessage {
  const { header, txcodeField } = profile[side];
  let reader: FieldReader | undefined;
  const fail = (reason: BossDecodeReason) => (field: string, message: string, value?: string): never => {
    const seen = reader?.seen ?? {};
    const partialHeader = Object.fromEntries(header.filter((f) => f.name !== txcodeField && seen[f.name] !== undefined).map((f) => [f.name, seen[f.name] ?? '']));
    const txcode = seen[txcodeField];
    throw new BossDecodeError({
      reason,
      field,
      message,
      bytes: body,
      respCode: profile.roles[reason],
      partial: { header: partialHeader, ...(txcode === undefined ? {} : { txcode }) },
      ...(value === undefined ? {} : { value }),
    });
  };
  if (body.length > profile.framing.maxBody) fail('frameTooLarge')('body', `${body.length} bytes, more than the maximum ${profile.framing.maxBody}`);
  const pieces = splitFields(body, profile.body, (field, message, value) => {
    // The answer still echoes TXCODE and BANKSERIAL when they can be read [§3], so read what the
    // header holds before reporting the body's missing end.
    reader = salvageHeader(profile, side, body);
    return fail('malformed')(field, message, value);
  });
  reader = new FieldReader(pieces, profile.body, fail('malformed'));
  const headerValues: Record<string, string> = {};
  let txcode = '';
  for (const def of header) {
    const value = reader.field(def);
    if (def.name === txcodeField) txcode = value;
    else headerValues[def.name] = value;
  }
  if (side === 'response') {
    const respCode = headerValues[profile.response.respCodeField] ?? '';
    if (!profile.responseCodes[respCode]) fail('malformed')(profile.response.respCodeField, `'${respCode}' is not a response code of ${profile.profile}`, respCode);
    if (respCode !== profile.response.fieldsOnlyWhen) {
      reader.end(lastName(header as readonly FieldDef[]));
      return { txcode, header: headerValues, fields: {}, groups: {} };
    }
  }
  const transaction: TransactionDef | undefined = profile.transactions[txcode];
  if (!transaction) return fail('unknownTxcode')(txcodeField, `unknown TXCODE '${txcode}'`, txcode);
  const values = reader.elements(transaction[side]);
  reader.end(lastName(transaction[side].length > 0 ? transaction[side] : header));
  return { txcode, header: headerValues, ...values };
}

/** A reader that has read as many header fields of an unterminated body as are well formed. */
function salvageHeader(profile: Profile, side: Side, body: Uint8Array): FieldReader {
  const stop = (): never => {
    throw new SalvageStop();
  };
  const reader = new FieldReader(splitFields(body, { ...profile.body, trailingSeparator: false }, stop), profile.body, stop);
  try {
    for (const def of profile[side].header) reader.field(def);
  } catch (error) {
    if (!(error instanceof SalvageStop)) throw error;
  }
  return reader;
}

class SalvageStop extends Error {}
