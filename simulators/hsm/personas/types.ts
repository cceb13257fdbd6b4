import type { Clock } from '../../../src/core/clock.ts';
import type { EngineAnswer } from '../engine.ts';

/** Where an answer is in the emulator's life, for personas that act on the n-th one. */
export interface FaultContext {
  readonly clock: Clock;
  /** 0 for the first request the emulator answers (over all connections). */
  readonly index: number;
}

/**
 * What happens to one answer: it is sent (the message as the engine made it, or a changed copy;
 * `chunkSize` cuts its frame into writes of that many bytes), or the connection is closed instead.
 */
export type FaultAction = { readonly kind: 'send'; readonly message: Uint8Array; readonly chunkSize?: number } | { readonly kind: 'drop' };

/** A named fault: it sees each answer before it is written and says what to do with it. [STYLE.md: fault personas] */
export interface FaultPersona {
  readonly name: string;
  readonly summary: string;
  apply(answer: EngineAnswer, context: FaultContext): Promise<FaultAction>;
}
