import { errorMessage } from '../../core/errors.ts';
import type { CapturedExchange } from '../capture/exchanges.ts';
import { singleBody } from '../codec/frame-message.ts';
import { decodeRequest } from '../codec/message.ts';
import type { Profile } from '../profile/types.ts';
import type { Received } from './receive.ts';

/** The words of a replay report: exchange labels and the notes that say what the fields do not. */

/** Why a captured answer is missing; `index` of `count` answers of the exchange had come. */
export function missingNote(got: Received, index: number, count: number, timeoutMs: number): string {
  const what = got.kind === 'closed' ? 'the BOSS closed the connection' : `no answer within ${timeoutMs} ms`;
  if (index === 0) return got.kind === 'closed' ? 'the BOSS closed the connection instead of answering' : what;
  return `${index} of the ${count} captured answers came, then ${what}`;
}

/** Why an answer on its own is skipped. */
export function unpairedNote(exchange: CapturedExchange): string {
  if (exchange.unpaired === 'framingCauseNotCaptured') {
    return 'a framing-error answer after the request before it was already answered: the capture lacks the bytes that caused it (a tap that records frames only), so nothing is sent for it; not judged';
  }
  return 'an answer whose request is not in the capture (the capture began on a live connection, or lost the request): nothing is sent for it; not judged';
}

/** 62000 → `62.0 s` */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `1001 ICBC01/20261123000001`, or what the request was when it does not decode. */
export function requestLabel(profile: Profile, exchange: CapturedExchange): string {
  const request = exchange.request;
  if (!request) return exchange.unpaired === 'framingCauseNotCaptured' ? '(framing-error answer without its cause)' : '(answer without its request)';
  if (!request.isFrame) return `${request.bytes.length} bytes that are not a frame`;
  try {
    const message = decodeRequest(profile, singleBody(profile, request.bytes));
    const who = [message.header.BANKCODE, message.header.BANKSERIAL].filter((v) => v !== undefined && v !== '').join('/');
    return who === '' ? message.txcode : `${message.txcode} ${who}`;
  } catch (error) {
    return `request that does not decode (${errorMessage(error)})`;
  }
}
