import { systemClock, type Clock } from '../../core/clock.ts';
import type { CaptureSet } from '../capture/model.ts';
import type { Profile } from '../profile/types.ts';
import { AssignedValues } from './assigned-values.ts';
import { ConnectionPlayer, type ReplayTiming } from './connection.ts';
import { planReplay } from './plan.ts';
import type { ExchangeResult, ReplayReport, ReplaySummary } from './types.ts';
import { formatHostPort } from '../../core/host-port.ts';

export interface ReplayOptions extends Partial<ReplayTiming> {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  /** Answer fields not compared, by name (`RESPMSG`, `INVOICENO`), on top of the profile's volatile ones. */
  readonly ignore?: readonly string[];
  readonly clock?: Clock;
}

/** [bank-interface §1] the server answers within 5 s; a second more for the network. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 6_000;
/** Added to the interval the capture shows before a BOSS close: timers and the network are not exact. */
export const DEFAULT_CLOSE_MARGIN_MS = 2_000;
/** [bank-interface §1] an idle connection is closed after 60 s: waits up to that, plus a margin. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 75_000;
export const DEFAULT_SETTLE_MS = 100;

/**
 * Replays a capture against a BOSS and compares the answers. Strictly in capture order across all
 * connections: each connection opens where the capture opens it, and each request is sent only
 * once the request before it (on whatever connection) has had its captured answers, so the BOSS
 * sees the same sequence of requests as the recorded one did. Closes are watched beside that.
 */
export async function replayCapture(capture: CaptureSet, options: ReplayOptions): Promise<ReplayReport> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const timing: ReplayTiming = {
    answerTimeoutMs: options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS,
    closeMarginMs: options.closeMarginMs ?? DEFAULT_CLOSE_MARGIN_MS,
    closeTimeoutMs: options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
    settleMs: options.settleMs ?? DEFAULT_SETTLE_MS,
  };
  const shared = { ...timing, host: options.host, port: options.port, profile: options.profile, ignore: new Set(options.ignore ?? []), assigned: new AssignedValues(options.profile) };
  const { plans, steps } = planReplay(capture, options.profile);
  const players = new Map(plans.map((plan) => [plan, new ConnectionPlayer(plan, shared)]));
  const ending: Promise<void>[] = [];
  for (const step of steps) {
    const player = players.get(step.plan) as ConnectionPlayer;
    if (step.kind === 'open') await player.open();
    else if (step.kind === 'exchange') await player.play(step.exchange);
    else {
      // nothing more is sent on it: its close is awaited beside the steps that follow
      const done = player.end();
      done.catch(() => undefined); // handled by Promise.all below; not an unhandled rejection meanwhile
      ending.push(done);
    }
  }
  await Promise.all(ending);
  const results = [...players.values()].map((p) => p.result());
  const exchanges = results.flatMap((r) => r.exchanges);
  const summary = summarise(results.length, exchanges);
  const problem = nothingCompared(capture, summary);
  return {
    capture: capture.file,
    captureFormat: capture.format,
    target: formatHostPort(options.host, options.port),
    profile: options.profile.profile,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.round(clock.now() - started),
    notes: capture.notes,
    connections: results.map((r) => r.connection),
    exchanges,
    summary,
    ...(problem === undefined ? {} : { problem }),
  };
}

/** Why a replay that compared nothing proves nothing, in words a user can act on. */
function nothingCompared(capture: CaptureSet, summary: ReplaySummary): string | undefined {
  if (summary.exchanges > summary.skipped) return undefined;
  const what =
    capture.connections.length === 0
      ? 'the capture holds no BOSS connection'
      : summary.exchanges === 0
        ? `the capture's ${capture.connections.length} connection(s) hold no request`
        : `all ${summary.skipped} exchange(s) were skipped`;
  const hint = capture.format === 'jsonl' ? 'is it the right capture?' : 'check the capture filter, and --boss-port (the BOSS side)';
  return `nothing to compare: ${what}; ${hint}`;
}

function summarise(connections: number, exchanges: readonly ExchangeResult[]): ReplaySummary {
  const count = (status: ExchangeResult['status']): number => exchanges.filter((e) => e.status === status).length;
  return {
    connections,
    exchanges: exchanges.length,
    matched: count('match'),
    differed: count('differ'),
    missingAnswers: count('missing'),
    extraAnswers: exchanges.reduce((sum, e) => sum + e.extraAnswers, 0),
    skipped: count('skipped'),
  };
}
