import { systemClock, type Clock } from '../../core/clock.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../synchronous-card.ts';
import { At88BusyError } from './errors.ts';

/**
 * ACK polling [1016 p12; 0971G p12]: while its self-timed write cycle runs the chip does not
 * acknowledge its command byte, so the host sends a command again until it is acknowledged.
 */
export interface PollOptions {
  /** The clock to sleep on between polls; use the card's clock for an emulated card. */
  readonly clock?: Clock;
  /** Pause between two polls, ms (default 1). */
  readonly pollIntervalMs?: number;
  /** Give up after this long, ms (default 50: five times the 10 ms write cycle of both parts). */
  readonly pollTimeoutMs?: number;
}

/**
 * Sends `command`, again and again while the chip NACKs it, until it is acknowledged; throws
 * At88BusyError once `pollTimeoutMs` have passed on the clock (measured, so that the time the
 * commands themselves take on a real reader counts too).
 */
export async function sendUntilAcknowledged(card: SynchronousCard, command: ChipCommand, options: PollOptions = {}): Promise<ChipResponse> {
  const clock = options.clock ?? systemClock;
  const interval = options.pollIntervalMs ?? 1;
  const timeout = options.pollTimeoutMs ?? 50;
  const started = clock.now();
  for (;;) {
    const response = await card.execute(command);
    if (response.acknowledged) return response;
    const waited = clock.now() - started;
    if (waited >= timeout) throw new At88BusyError(command.bytes, waited);
    await clock.sleep(interval);
  }
}
