import type { BossFrameError } from '../codec/errors.ts';

/**
 * The boundary between the TCP server (framing, timeouts, allow-list, logs) and the BOSS logic
 * (decode, bank checks, idempotency, the eleven transactions, the ledger). The server hands over
 * whole bodies; the service never sees a socket. [bank-interface §1, §3–§6]
 */
export interface RequestContext {
  /** The peer's IP address, IPv4-mapped IPv6 already reduced to dotted IPv4 (`127.0.0.1`). */
  readonly peerAddress: string;
  /** When the request's last byte arrived, ms since the epoch on the server's clock. */
  readonly receivedAt: number;
  /**
   * When the answer is due (receivedAt + the answer timeout, 5 s by default). Work not yet started at
   * the deadline is abandoned and answered 9999 (nothing applied); work already started is awaited,
   * because a 9999 must never be sent for something that may commit. [§1: the server answers within 5 s; §6 9999]
   */
  readonly deadline: number;
}

export interface ServiceAnswer {
  /** The response body, without the length prefix. */
  readonly body: Uint8Array;
  readonly txcode: string;
  readonly respCode: string;
  readonly bankcode?: string;
  readonly bankSerial?: string;
  readonly bossSerial?: string;
  /** True when this is the original answer re-sent for a repeated request. [§5] */
  readonly replayed: boolean;
  /** Close the connection after sending this answer (1004). [§1] */
  readonly close: boolean;
  /** Milliseconds spent in the service, including the commit. */
  readonly elapsedMs: number;
}

export interface BossService {
  /** True when a connection from this address may be read at all: some bank is bound to it. [§1 allow-list] */
  allowsPeer(address: string): boolean;
  /** Answers one request body. Never rejects: an unexpected failure becomes a 9999 answer. */
  handle(body: Uint8Array, context: RequestContext): Promise<ServiceAnswer>;
  /**
   * The answer to a framing error, or undefined when there is nobody to answer (stream cut mid-frame).
   * Too large → 1004 and close; a length prefix that is not digits → 1002 and close (the stream cannot
   * be resynchronised). TXCODE is unknown there, so the answer carries `0000`, and BANKSERIAL is empty.
   */
  frameError(error: BossFrameError, context: RequestContext): ServiceAnswer | undefined;
  close(): Promise<void>;
}
