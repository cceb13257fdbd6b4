import type { Profile } from '../../../src/boss/profile/types.ts';
import type { Clock } from '../../../src/core/clock.ts';
import type { HistogramBucket, LatencySummary } from '../../../src/core/latency-histogram.ts';

export interface LoadOptions {
  readonly host?: string;
  readonly port: number;
  /** Default boss-bank/1. */
  readonly profile?: Profile;
  /** BANKCODE of every request (default `ICBC01`). */
  readonly bankcode?: string;
  readonly teller?: string;
  /** Parallel connections, each strictly one request at a time. [bank-interface §1] */
  readonly connections: number;
  /** Attempts over all connections (a failed connect counts as one); give this or `durationMs`. */
  readonly requests?: number;
  /** Stop starting requests after this long (real time), ms. */
  readonly durationMs?: number;
  /** Relative weights by TXCODE, e.g. `{ '1001': 8, '1002': 2 }` (default only 1001). */
  readonly mix?: Readonly<Record<string, number>>;
  /** CUSTNOs to draw from (default the demo customers C00020001..C00020200). */
  readonly customers?: readonly string[];
  readonly seed?: number;
  /** TXDATE and TXTIME come from it (latency is always measured in real time). Default system clock. */
  readonly clock?: Clock;
  /** A fixed accounting date; default the clock's local date. */
  readonly date?: string;
  readonly utcOffsetMinutes?: number;
  /** Between the date and the sequence of each BANKSERIAL; default `L` + 5 characters from the seed. */
  readonly serialPrefix?: string;
  /** Answer (and connect) timeout per request, ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Pause after a failed connect before the next attempt on that connection, ms (default 100). */
  readonly reconnectDelayMs?: number;
  /**
   * Which 0000 answers go into `committed`: `durable` (default) the transactions §5 makes durable
   * (the profile's `durable`), `all` every one.
   */
  readonly commitLog?: 'durable' | 'all';
  /** Stops starting new requests when aborted (requests in flight finish). */
  readonly signal?: AbortSignal;
}

/** Why a request did not get a usable answer. */
export type LoadErrorKind = 'connect' | 'closed' | 'timeout' | 'framing' | 'decode' | 'mismatch' | 'write';

/** The key of a request as the BOSS stores it, with what it asked. [§5] */
export interface RequestKey {
  readonly txcode: string;
  readonly bankcode: string;
  readonly txDate: string;
  readonly bankSerial: string;
  /** The request's transaction fields (CUSTNO, AMOUNT, ...). */
  readonly fields: Readonly<Record<string, string>>;
  /** Which of the run's connections sent it, from 0. */
  readonly connection: number;
}

/** A request answered 0000: the BOSS promises it is committed. [§5] */
export interface CommittedRequest extends RequestKey {
  readonly bossSerial: string;
  readonly answerFields: Readonly<Record<string, string>>;
}

/** A request written in whole that got no usable answer: it may or may not have been applied. */
export interface UnansweredRequest extends RequestKey {
  readonly error: LoadErrorKind;
}

export interface TxcodeReport {
  readonly sent: number;
  readonly answered: number;
  readonly respCodes: Readonly<Record<string, number>>;
  readonly latency: LatencySummary;
}

export interface LoadErrorSample {
  readonly kind: LoadErrorKind;
  readonly message: string;
  readonly connection: number;
  /** Ms since the start of the run. */
  readonly atMs: number;
}

export interface LoadReport {
  readonly target: string;
  readonly bankcode: string;
  readonly connections: number;
  readonly seed: number;
  readonly serialPrefix: string;
  readonly mix: Readonly<Record<string, number>>;
  /** ISO time the run started (system clock). */
  readonly startedAt: string;
  readonly elapsedMs: number;
  /** Requests started: sent, or failed to connect for. */
  readonly attempts: number;
  /** Requests written in whole. */
  readonly sent: number;
  /** Requests with an answer that decoded and matched them. */
  readonly answered: number;
  /** Answered requests per second of the run. */
  readonly throughputPerSecond: number;
  /** Connections opened, reconnections included. */
  readonly connects: number;
  readonly respCodes: Readonly<Record<string, number>>;
  readonly byTxcode: Readonly<Record<string, TxcodeReport>>;
  /** Send to answer, every answered request. */
  readonly latency: LatencySummary;
  readonly histogram: HistogramBucket[];
  readonly errors: { readonly total: number; readonly byKind: Readonly<Record<string, number>>; readonly first: LoadErrorSample[] };
  /** Every request answered 0000 (see `commitLog`), with its key: what the ledger must hold. */
  readonly committed: CommittedRequest[];
  /** Every request sent in whole without a usable answer. */
  readonly unanswered: UnansweredRequest[];
}
