import type { Clock } from '../../core/clock.ts';
import { InputError } from '../../core/errors.ts';
import type { FrameTap } from '../capture/types.ts';
import type { BossLogs } from '../log/types.ts';
import type { Profile } from '../profile/types.ts';
import type { BossService } from '../service/types.ts';

/** The timers of §1, in ms. */
export interface BossTimeouts {
  /** A frame must be complete this long after its first byte, else the connection is closed. [§1: 10 s] */
  readonly frameTimeoutMs: number;
  /** A connection with no frame started is closed after this long. [§1: 60 s] */
  readonly idleTimeoutMs: number;
  /** Passed to the service as the deadline: receivedAt + this. [§1: the server answers within 5 s] */
  readonly answerTimeoutMs: number;
}

export interface BossServerOptions extends Partial<BossTimeouts> {
  readonly service: BossService;
  /** Only `framing` is used here; the service decodes bodies with the whole profile. */
  readonly profile: Pick<Profile, 'framing'>;
  /** 127.0.0.1 unless given. */
  readonly host?: string;
  /** 0 takes a free port; the running server says which. */
  readonly port: number;
  /** Connections beyond this many open ones are closed at once (1024 unless given). */
  readonly maxConnections?: number;
  /** Sees every frame in and out, whole, in the order it crossed. */
  readonly tap?: FrameTap;
  /** Silent logs unless given. The server never closes the logs, the tap or the service: their owner does. */
  readonly logs?: BossLogs;
  readonly clock?: Clock;
  /**
   * How long `close()` lets in-flight answers finish before the remaining connections are cut
   * (answerTimeoutMs + 2 s unless given).
   */
  readonly closeTimeoutMs?: number;
  /** After the server's last byte on a closing connection, how long it waits for the peer's FIN (2 s). */
  readonly lingerMs?: number;
}

export const DEFAULT_TIMEOUTS: BossTimeouts = { frameTimeoutMs: 10_000, idleTimeoutMs: 60_000, answerTimeoutMs: 5_000 };
export const DEFAULT_MAX_CONNECTIONS = 1024;
export const DEFAULT_LINGER_MS = 2_000;

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ServerLimits extends BossTimeouts {
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
  readonly closeTimeoutMs: number;
  readonly lingerMs: number;
}

/** The options' numbers with defaults filled in; a bad one is an InputError naming the option. */
export function serverLimits(options: BossServerOptions): ServerLimits {
  const answerTimeoutMs = whole('answerTimeoutMs', options.answerTimeoutMs ?? DEFAULT_TIMEOUTS.answerTimeoutMs, 1, MAX_TIMER_MS);
  return {
    host: options.host ?? '127.0.0.1',
    port: whole('port', options.port, 0, 65535),
    frameTimeoutMs: whole('frameTimeoutMs', options.frameTimeoutMs ?? DEFAULT_TIMEOUTS.frameTimeoutMs, 1, MAX_TIMER_MS),
    idleTimeoutMs: whole('idleTimeoutMs', options.idleTimeoutMs ?? DEFAULT_TIMEOUTS.idleTimeoutMs, 1, MAX_TIMER_MS),
    answerTimeoutMs,
    maxConnections: whole('maxConnections', options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
    closeTimeoutMs: whole('closeTimeoutMs', options.closeTimeoutMs ?? Math.min(answerTimeoutMs + 2_000, MAX_TIMER_MS), 0, MAX_TIMER_MS),
    lingerMs: whole('lingerMs', options.lingerMs ?? DEFAULT_LINGER_MS, 0, MAX_TIMER_MS),
  };
}

function whole(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new InputError(name, `${value} is not a whole number from ${min} to ${max}`);
  return value;
}
