import { pairExchanges, type CapturedExchange } from '../capture/exchanges.ts';
import type { CaptureConnection, CaptureSet } from '../capture/model.ts';
import type { Profile } from '../profile/types.ts';

/**
 * How a captured connection ended, as far as replay judges it:
 * - `bossCloses`: the capture shows the BOSS closing first, `capturedMs` after its last answer
 *   (`after answering`), after the last request it left unanswered (`without answering`), or after
 *   the connection opened when nothing was sent (`at once`: refused by the allow-list, §1);
 * - `bankCloses`: the bank closed first; replay closes at the same place;
 * - `unknown`: the capture does not show who closed (a server tap writes no connection events), or nothing
 *   replay sends can reproduce the close: not judged, `note` says why.
 */
export type ConnectionEnd =
  | { readonly kind: 'bossCloses'; readonly how: 'after answering' | 'without answering' | 'at once'; readonly capturedMs: number }
  | { readonly kind: 'bankCloses' }
  | { readonly kind: 'unknown'; readonly note: string };

export interface ConnectionPlan {
  readonly connection: CaptureConnection;
  readonly exchanges: readonly CapturedExchange[];
  /** The exchange whose request is the last one sent on this connection. */
  readonly lastRequest?: CapturedExchange;
  readonly end: ConnectionEnd;
}

/**
 * One thing replay does, at its place in the capture: open a connection, send a request and take its
 * answers, or end a connection (close it, or watch the BOSS close it).
 */
export type ReplayStep =
  | { readonly kind: 'open'; readonly plan: ConnectionPlan; readonly position: number }
  | { readonly kind: 'exchange'; readonly plan: ConnectionPlan; readonly exchange: CapturedExchange; readonly position: number }
  | { readonly kind: 'end'; readonly plan: ConnectionPlan; readonly position: number };

const RANK: Readonly<Record<ReplayStep['kind'], number>> = { open: 0, exchange: 1, end: 2 };

/**
 * The whole capture as one sequence of steps across connections, in capture order (line or packet
 * number): connections open where the capture opens them and requests go out in the order the
 * capture has them, whatever connection they are on, so that what one connection changes is seen
 * by another as it was when recorded.
 */
export function planReplay(capture: CaptureSet, profile: Profile): { plans: ConnectionPlan[]; steps: ReplayStep[] } {
  const plans = capture.connections.map((connection) => planConnection(connection, profile));
  const steps: ReplayStep[] = [];
  for (const plan of plans) {
    const { connection } = plan;
    const items = connection.items;
    const first = items[0]?.position ?? connection.closed?.position ?? 0;
    const last = items[items.length - 1]?.position ?? connection.opened?.position ?? first;
    steps.push({ kind: 'open', plan, position: connection.opened?.position ?? first });
    for (const exchange of plan.exchanges) {
      if (exchange.request) steps.push({ kind: 'exchange', plan, exchange, position: exchange.request.position });
    }
    // a close the BOSS makes is watched from its last answer on; the bank's is made where it was
    const endsAt = plan.end.kind === 'bossCloses' ? last : (connection.closed?.position ?? last);
    steps.push({ kind: 'end', plan, position: Math.max(endsAt, last) });
  }
  steps.sort((a, b) => a.position - b.position || RANK[a.kind] - RANK[b.kind] || a.plan.connection.index - b.plan.connection.index || exchangeIndex(a) - exchangeIndex(b));
  return { plans, steps };
}

function exchangeIndex(step: ReplayStep): number {
  return step.kind === 'exchange' ? step.exchange.index : 0;
}

function planConnection(connection: CaptureConnection, profile: Profile): ConnectionPlan {
  const exchanges = pairExchanges(connection, profile);
  const requests = exchanges.filter((e) => e.request !== undefined);
  const lastRequest = requests[requests.length - 1];
  return { connection, exchanges, ...(lastRequest ? { lastRequest } : {}), end: connectionEnd(connection, exchanges, lastRequest) };
}

function connectionEnd(connection: CaptureConnection, exchanges: readonly CapturedExchange[], lastRequest: CapturedExchange | undefined): ConnectionEnd {
  if (connection.closedBy === 'bank') return { kind: 'bankCloses' };
  if (connection.closedBy !== 'boss') {
    return {
      kind: 'unknown',
      note:
        connection.closed === undefined
          ? 'the capture does not show this connection closing (a server tap writes no connection events): its close is not checked'
          : 'the capture does not say which side closed this connection: its close is not checked',
    };
  }
  const closedAt = connection.closed?.at;
  const since = (at: string | undefined): number => (at === undefined || closedAt === undefined ? 0 : Math.max(0, Date.parse(closedAt) - Date.parse(at)));
  if (!lastRequest) {
    if (exchanges.length > 0) return { kind: 'unknown', note: 'nothing is sent on this connection (its answers have no request in the capture): the BOSS closing it is not checked' };
    return { kind: 'bossCloses', how: 'at once', capturedMs: since(connection.opened?.at ?? closedAt) };
  }
  const afterLast = exchanges.slice(exchanges.indexOf(lastRequest) + 1);
  if (afterLast.some((e) => e.unpaired !== undefined)) {
    return { kind: 'unknown', note: 'the BOSS closed after an answer whose cause is not in the capture: replay cannot reproduce that close, it is not checked' };
  }
  const last = lastRequest.responses[lastRequest.responses.length - 1];
  if (last) return { kind: 'bossCloses', how: 'after answering', capturedMs: since(last.at) };
  return { kind: 'bossCloses', how: 'without answering', capturedMs: since(lastRequest.request?.at) };
}
