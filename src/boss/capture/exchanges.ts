import { singleBody } from '../codec/frame-message.ts';
import { BossDecodeError } from '../codec/errors.ts';
import { decodeRequest, decodeResponse } from '../codec/message.ts';
import type { Profile } from '../profile/types.ts';
import type { CaptureConnection, CaptureItem } from './model.ts';

/**
 * Why an answer is on its own: its request is not in the capture (the capture began on a live
 * connection, or a hole swallowed it), or it is a framing-error answer whose cause is not in the
 * capture (a tap that records frames only, not the bytes that failed to frame).
 */
export type UnpairedReason = 'requestNotCaptured' | 'framingCauseNotCaptured';

/** A request and what answered it, in capture order. */
export interface CapturedExchange {
  /** 1-based within the connection. */
  readonly index: number;
  /** Absent only for an answer on its own (`unpaired`). */
  readonly request?: CaptureItem;
  /** Usually one; none when the BOSS closed (or the capture ended) without answering. */
  readonly responses: readonly CaptureItem[];
  readonly unpaired?: UnpairedReason;
}

/** [brief] a framing-error answer carries TXCODE 0000 (and an empty BANKSERIAL). */
export const FRAMING_ANSWER_TXCODE = '0000';
/** [bank-interface §3] the answer echoes the request's BANKSERIAL. */
const SERIAL = 'BANKSERIAL';

interface Building {
  readonly index: number;
  readonly request?: CaptureItem;
  readonly serial?: string;
  readonly responses: CaptureItem[];
  readonly unpaired?: UnpairedReason;
}

/**
 * Pairs the answers of a connection with its requests. One request at a time [bank-interface §1]:
 * an answer belongs to the request before it, checked by the BANKSERIAL it echoes [§3]:
 * - an answer echoing a BANKSERIAL goes to the earliest request with that BANKSERIAL still
 *   unanswered (so a bank that pipelines is paired right), else to the latest one with it (a second
 *   answer); no request with it in the capture → the answer is on its own (`requestNotCaptured`);
 * - an answer without one (empty, or not decodable) goes to the latest request while it is
 *   unanswered; after an answered request a framing-error answer (TXCODE 0000, RESPCODE of the
 *   profile's `malformed` or `frameTooLarge` role) is on its own (`framingCauseNotCaptured`: the
 *   bytes that caused it are not in the capture), another answer is a second answer to it;
 * - an answer before any request is on its own (`requestNotCaptured`).
 */
export function pairExchanges(connection: CaptureConnection, profile: Profile): CapturedExchange[] {
  const exchanges: Building[] = [];
  const requests: Building[] = [];
  const bySerialValue = new Map<string, Building[]>();
  for (const item of connection.items) {
    if (item.direction === 'request') {
      const serial = requestSerial(profile, item);
      const exchange: Building = { index: exchanges.length + 1, request: item, responses: [], ...(serial === undefined ? {} : { serial }) };
      exchanges.push(exchange);
      requests.push(exchange);
      if (serial !== undefined) bySerialValue.set(serial, [...(bySerialValue.get(serial) ?? []), exchange]);
      continue;
    }
    const answer = readAnswer(profile, item);
    const latest = requests[requests.length - 1];
    const target = answer.serial === undefined ? bySequence(latest, answer.framing) : bySerial(bySerialValue.get(answer.serial) ?? [], latest);
    if (typeof target === 'object') target.responses.push(item);
    else exchanges.push({ index: exchanges.length + 1, responses: [item], unpaired: target });
  }
  return exchanges;
}

/** `same`: the requests carrying the answer's BANKSERIAL, in order; `latest`: the last request. */
function bySerial(same: readonly Building[], latest: Building | undefined): Building | UnpairedReason {
  const open = same.find((r) => r.responses.length === 0);
  if (open) return open;
  // a request whose BANKSERIAL cannot be read may still be the one answered
  if (latest && latest.serial === undefined && latest.responses.length === 0) return latest;
  return same[same.length - 1] ?? 'requestNotCaptured';
}

function bySequence(latest: Building | undefined, framing: boolean): Building | UnpairedReason {
  if (!latest) return 'requestNotCaptured';
  if (latest.responses.length === 0) return latest;
  return framing ? 'framingCauseNotCaptured' : latest;
}

/** The request's BANKSERIAL, also from a request that decodes only partly; undefined when unreadable. */
function requestSerial(profile: Profile, item: CaptureItem): string | undefined {
  if (!item.isFrame) return undefined;
  try {
    return nonEmpty(decodeRequest(profile, singleBody(profile, item.bytes)).header[SERIAL]);
  } catch (error) {
    return error instanceof BossDecodeError ? nonEmpty(error.partial.header[SERIAL]) : undefined;
  }
}

/** What pairing needs of an answer: the BANKSERIAL it echoes, and whether it answers a framing error. */
function readAnswer(profile: Profile, item: CaptureItem): { serial?: string; framing: boolean } {
  if (!item.isFrame) return { framing: false };
  let txcode: string | undefined;
  let header: Readonly<Record<string, string>>;
  try {
    const message = decodeResponse(profile, singleBody(profile, item.bytes));
    txcode = message.txcode;
    header = message.header;
  } catch (error) {
    if (!(error instanceof BossDecodeError)) return { framing: false };
    txcode = error.partial.txcode;
    header = error.partial.header;
  }
  const respCode = header[profile.response.respCodeField];
  const framing = txcode === FRAMING_ANSWER_TXCODE && (respCode === profile.roles.malformed || respCode === profile.roles.frameTooLarge);
  const serial = nonEmpty(header[SERIAL]);
  return serial === undefined ? { framing } : { serial, framing };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
