/** What a running server has seen, for tests, benchmarks and the stop line of the service log. */
export interface BossServerCounters {
  /** Connections accepted past the allow-list and the limit and not yet closed. */
  readonly openConnections: number;
  /** Connections accepted past the allow-list and the limit, in total. */
  readonly acceptedConnections: number;
  /** Connections refused by the allow-list. [§1] */
  readonly refusedPeers: number;
  /** Connections already gone (reset by the peer) when the accept ran: no address left to check. */
  readonly goneBeforeAccept: number;
  /** Connections closed at once because maxConnections were open. */
  readonly overLimit: number;
  /** Whole request frames received. */
  readonly framesIn: number;
  /** Answer frames written (framing-error answers included). */
  readonly answers: number;
  /** Streams that could not be followed: too large, bad prefix, cut mid-frame. */
  readonly frameErrors: number;
  readonly frameTimeouts: number;
  readonly idleTimeouts: number;
}

export type MutableCounters = { -readonly [K in keyof BossServerCounters]: number };

export function newCounters(): MutableCounters {
  return {
    openConnections: 0,
    acceptedConnections: 0,
    refusedPeers: 0,
    goneBeforeAccept: 0,
    overLimit: 0,
    framesIn: 0,
    answers: 0,
    frameErrors: 0,
    frameTimeouts: 0,
    idleTimeouts: 0,
  };
}
