import { systemClock, type Clock } from '../../core/clock.ts';
import { BossDecodeError, type BossFrameError } from '../codec/errors.ts';
import { decodeRequest, type BossMessage } from '../codec/message.ts';
import { respCodeFor } from '../codec/resp-code.ts';
import type { Profile } from '../profile/types.ts';
import type { BossStore } from '../store/types.ts';
import { encodeAnswer, internalErrorAnswer } from './answer.ts';
import { checkBank } from './bank-checks.ts';
import { decodeFailureAnswer, wholeHeader } from './decode-failure.ts';
import { BossServiceError } from './errors.ts';
import { DEFAULT_UTC_OFFSET_MINUTES } from '../local-date.ts';
import { PeerCache } from './peers.ts';
import { processRequest } from './process.ts';
import type { BossService, RequestContext, ServiceAnswer } from './types.ts';

export interface BossServiceOptions {
  readonly store: BossStore;
  readonly profile: Profile;
  /** The clock of deadlines, elapsed times and the local date (the store's clock should be the same). */
  readonly clock?: Clock;
  /** The BOSS's local date is taken in this UTC offset (default +08:00). */
  readonly utcOffsetMinutes?: number;
  /** Told of every failure answered 9999, for the service log. */
  readonly onInternalError?: (error: unknown, context: RequestContext) => void;
}

/** The service, plus what only its owner needs: the allow-list's first load and refresh. */
export interface BossServiceHandle extends BossService {
  /** Resolves when the allow-list is loaded; until then `allowsPeer` is false for everyone. */
  readonly ready: Promise<void>;
  /** Reloads the allow-list from the banks in the store. */
  refreshPeers(): Promise<void>;
}

/**
 * The BOSS logic behind the TCP server: decode, bank checks, idempotency and the eleven transactions,
 * each request one unit of work on the store. `close()` waits for requests in progress; the store
 * belongs to whoever opened it and is left open. [bank-interface §1–§6]
 */
export function createBossService(options: BossServiceOptions): BossServiceHandle {
  const { store, profile } = options;
  const clock = options.clock ?? systemClock;
  const utcOffsetMinutes = options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const peers = new PeerCache(store);
  /** Requests being answered; `close()` waits until none is left. */
  let inFlight = 0;
  let drained: Promise<void> | undefined;
  let wakeClose: (() => void) | undefined;
  let closed = false;

  const internalError = (started: number, error: unknown, context: RequestContext, message?: BossMessage): ServiceAnswer => {
    options.onInternalError?.(error, context);
    const txcode = message?.txcode ?? '0000';
    const bankSerial = message?.header.BANKSERIAL ?? '';
    return {
      body: internalErrorAnswer(profile, txcode, bankSerial),
      txcode,
      respCode: profile.roles.internalError,
      ...(message?.header.BANKCODE === undefined ? {} : { bankcode: message.header.BANKCODE }),
      bankSerial,
      replayed: false,
      close: false,
      elapsedMs: clock.now() - started,
    };
  };

  const answer = async (body: Uint8Array, context: RequestContext): Promise<ServiceAnswer> => {
    const started = clock.now();
    let message: BossMessage;
    try {
      message = decodeRequest(profile, body);
    } catch (error) {
      if (!(error instanceof BossDecodeError)) return internalError(started, error, context);
      // [decision] precedence: header 1002 → 1003 → 1001 → body 1002. Not stored, like every decode failure.
      const header = wholeHeader(profile, error);
      let failure = decodeFailureAnswer(profile, error);
      if (header) {
        try {
          const checked = await store.read((view) => checkBank(view, profile, header, context.peerAddress));
          if (!checked.ok && checked.respCode !== error.respCode) failure = decodeFailureAnswer(profile, error, checked.respCode, checked.message);
        } catch (readError) {
          return internalError(started, readError, context);
        }
      }
      return { ...failure, replayed: false, elapsedMs: clock.now() - started };
    }
    try {
      if (closed) throw new BossServiceError('the BOSS service is closed');
      const durable = profile.transactions[message.txcode]?.durable ?? true;
      const processed = await store.unit(
        (tx) => processRequest(tx, { profile, clock, utcOffsetMinutes, message, body, peerAddress: context.peerAddress }),
        { durable, deadline: context.deadline },
      );
      return {
        body: processed.body,
        txcode: message.txcode,
        respCode: processed.respCode,
        bankcode: message.header.BANKCODE ?? '',
        bankSerial: message.header.BANKSERIAL ?? '',
        bossSerial: processed.bossSerial,
        replayed: processed.replayed,
        close: false,
        elapsedMs: clock.now() - started,
      };
    } catch (error) {
      // a unit that threw, missed its deadline or failed to commit applied nothing [§6 9999]
      return internalError(started, error, context, message);
    }
  };

  return {
    ready: peers.ready,
    refreshPeers: () => peers.refresh(),
    allowsPeer: (address) => peers.allows(address),
    async handle(body, context) {
      inFlight++;
      try {
        return await answer(body, context);
      } finally {
        if (--inFlight === 0 && wakeClose) {
          wakeClose();
          wakeClose = undefined;
          drained = undefined;
        }
      }
    },
    frameError(error: BossFrameError, context: RequestContext): ServiceAnswer | undefined {
      void context;
      const respCode = respCodeFor(profile, error);
      if (respCode === undefined) return undefined;
      return {
        // [brief] a framing error answer carries TXCODE 0000 and an empty BANKSERIAL
        body: encodeAnswer(profile, { txcode: '0000', respCode, bankSerial: '', bossSerial: '', message: error.reason === 'tooLarge' ? 'frame too large' : 'malformed length prefix' }),
        txcode: '0000',
        respCode,
        bankSerial: '',
        replayed: false,
        // [§1] too large: answered then closed; a bad prefix cannot be resynchronised
        close: true,
        elapsedMs: 0,
      };
    },
    async close() {
      closed = true;
      if (inFlight > 0) await (drained ??= new Promise<void>((resolve) => (wakeClose = resolve)));
    },
  };
}
