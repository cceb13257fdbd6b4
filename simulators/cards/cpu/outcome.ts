import { SW } from '../../../src/cards/cpu/status-words.ts';

/** What a command answers before the transport shapes it (61xx, 6Cxx): its full data and status word. */
export interface Outcome {
  readonly data: Uint8Array;
  readonly sw: number;
}

const EMPTY = new Uint8Array(0);

export function ok(data: Uint8Array = EMPTY): Outcome {
  return { data, sw: SW.OK };
}

export function status(sw: number, data: Uint8Array = EMPTY): Outcome {
  return { data, sw };
}

/**
 * Thrown by command code to answer a status word at once (a refusal); the dispatcher turns it into
 * an Outcome. Never escapes the card.
 */
export class Refusal extends Error {
  constructor(readonly sw: number) {
    super(`card refuses with ${sw.toString(16).toUpperCase().padStart(4, '0')}`);
  }
}

export function refuse(sw: number): never {
  throw new Refusal(sw);
}
