/**
 * BANKSERIALs for one run. §3 makes a BANKSERIAL unique per (BANKCODE, TXDATE) and §5 answers a
 * repeated one from the store, so a run that reused an earlier run's serials would get that run's
 * answers. The prefix joins the seed and the run's start time: a replay with the same seed is
 * still a new run. [bank-interface §3, §5]
 */
export interface SerialSource {
  /** The run's prefix, 11 letters and digits. */
  readonly prefix: string;
  /** The next unused BANKSERIAL of the run: the prefix and a 5-digit counter (16 characters). */
  next(): string;
}

/** Centiseconds from this epoch make the time part; 7 base-36 digits last about 24 years. */
const TIME_EPOCH_MS = Date.UTC(2024, 0, 1);

export function serialPrefix(seed: number, startedAtMs: number): string {
  const seedPart = base36(seed >>> 0, 4);
  const timePart = base36(Math.floor((startedAtMs - TIME_EPOCH_MS) / 10), 7);
  return `${seedPart}${timePart}`;
}

export function serialSource(prefix: string): SerialSource {
  let counter = 0;
  return {
    prefix,
    next: () => `${prefix}${String(++counter).padStart(5, '0')}`,
  };
}

/** The last `width` base-36 digits of a non-negative number, upper case, zero-padded. */
function base36(value: number, width: number): string {
  const modulo = 36 ** width;
  const kept = ((Math.floor(value) % modulo) + modulo) % modulo;
  return kept.toString(36).toUpperCase().padStart(width, '0');
}
