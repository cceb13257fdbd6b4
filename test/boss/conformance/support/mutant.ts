import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type BossMessage } from '../../../../src/boss/codec/message.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { BossService, RequestContext, ServiceAnswer } from '../../../../src/boss/service/types.ts';
import type { ProxyPersona } from './proxy.ts';

/**
 * A deliberately faulty BOSS: our BOSS with one behaviour bent, by a thin wrapper around the
 * service (`handle`, `allowsPeer`, `frameError`), by wrong timer settings, or by a TCP proxy in
 * front of it, so that the BOSS's own code stays clean. The suite must fail every `aims` case.
 */
export interface BossMutant {
  /** Short name, e.g. "fresh-answer-on-repeat". */
  readonly name: string;
  /** The rule the faulty BOSS breaks. */
  readonly breaks: string;
  /** The case ids that must fail against it. */
  readonly aims: readonly string[];
  /** Builds the faulty service around the real one (fresh state per run). */
  readonly wrap?: () => (service: BossService) => BossService;
  /** Timers the faulty BOSS runs with, where the suite expects TEST_TIMERS. */
  readonly timers?: { readonly frameTimeoutMs?: number; readonly idleTimeoutMs?: number };
  /** A proxy between the suite and the BOSS that misbehaves on the wire. */
  readonly proxy?: ProxyPersona;
}

/**
 * The §1 timers of our BOSS in tests (and what the suite is told to expect): short, so the slow cases
 * run in seconds, yet long enough that the suite's 1 s measurement slack leaves a clear window on a
 * loaded 2-core CI machine: the idle close is judged early before 1.5 s, late after 4.5 s (ours: 2.5 s),
 * the frame close early before 1 s, late after 4 s (ours: 2 s); the faulty timers sit far outside.
 */
export const TEST_TIMERS = { frameTimeoutMs: 2_000, idleTimeoutMs: 2_500 } as const;

export const PROFILE = defaultProfile();

type Handle = (body: Uint8Array, context: RequestContext, original: BossService['handle']) => Promise<ServiceAnswer>;

/** The service with some of its methods replaced; the replacement gets the original to call. */
export function wrapService(
  service: BossService,
  parts: {
    handle?: Handle;
    allowsPeer?: (address: string, original: BossService['allowsPeer']) => boolean;
    frameError?: (...args: [...Parameters<BossService['frameError']>, BossService['frameError']]) => ServiceAnswer | undefined;
  },
): BossService {
  const handle = service.handle.bind(service);
  const allowsPeer = service.allowsPeer.bind(service);
  const frameError = service.frameError.bind(service);
  return {
    handle: parts.handle ? (body, context) => parts.handle!(body, context, handle) : handle,
    allowsPeer: parts.allowsPeer ? (address) => parts.allowsPeer!(address, allowsPeer) : allowsPeer,
    frameError: parts.frameError ? (error, context) => parts.frameError!(error, context, frameError) : frameError,
    close: () => service.close(),
  };
}

/** The request as decoded, or undefined when it does not decode (the real service answers those). */
export function requestOf(body: Uint8Array): BossMessage | undefined {
  try {
    return decodeRequest(PROFILE, body);
  } catch {
    return undefined;
  }
}

export function encodeRequestBody(message: BossMessage): Uint8Array {
  return encodeRequest(PROFILE, message);
}

/** Every answer of the real service to a request with TXCODE `txcode` rewritten as a message (undefined keeps it). */
export function rewriteAnswers(
  txcodes: readonly string[] | 'all',
  change: (answer: BossMessage, request: BossMessage | undefined) => BossMessage | Uint8Array | undefined,
): (service: BossService) => BossService {
  return (service) =>
    wrapService(service, {
      async handle(body, context, original) {
        const answer = await original(body, context);
        const request = requestOf(body);
        if (txcodes !== 'all' && !txcodes.includes(request?.txcode ?? '')) return answer;
        const changed = change(decodeResponse(PROFILE, answer.body), request);
        if (changed === undefined) return answer;
        const bytes = changed instanceof Uint8Array ? changed : encodeResponse(PROFILE, changed);
        return { ...answer, body: bytes };
      },
    });
}

/** A 0000 answer with the given fields in place of a refusal. */
export function successInstead(answer: BossMessage, fields: Record<string, string>): BossMessage {
  return { ...answer, header: { ...answer.header, RESPCODE: '0000', RESPMSG: 'OK' }, fields, groups: {} };
}
