import type { Clock } from '../../src/core/clock.ts';
import { InputError } from '../../src/core/errors.ts';
import { ReaderLinkError } from '../../src/reader/errors.ts';

/** Where and how `corruptNext` damages an answer. */
export interface Corruption {
  /** Byte to damage; negative counts from the end, and it wraps round the message. Default -1: the last byte. */
  readonly byteIndex?: number;
  /** XOR mask; default 0xFF flips every bit of the byte. */
  readonly mask?: number;
}

/**
 * Faults a test or the dashboard arms on the emulated reader. They act on the answers of the next
 * PC_to_RDR messages (bulk-IN), not on interrupt-IN notifications. Delays run on the emulator's
 * clock: with a VirtualClock they advance virtual time and cost no real time.
 */
export interface ReaderFaults {
  /** Each of the next `count` commands answers `ms` milliseconds late (its time extensions keep their times). */
  delayNext(ms: number, count?: number): void;
  /** The next `count` commands get no final answer (time extensions still go out). */
  dropNext(count?: number): void;
  /** The next command's final answer has one byte damaged. */
  corruptNext(corruption?: Corruption): void;
  /** The reader goes away: every later command, control request and subscription fails with ReaderLinkError. */
  unplug(): void;
  readonly unplugged: boolean;
  /** Called once when the reader is unplugged; returns an unsubscribe function. */
  onUnplug(listener: () => void): () => void;
  /** Disarms delay, drop and corruption (an unplugged reader stays unplugged). */
  clear(): void;
}

/** The emulator's side of ReaderFaults: applies the armed faults to each command's answers. */
export class FaultPlan implements ReaderFaults {
  private delays: number[] = [];
  private drops = 0;
  private corruptions: Corruption[] = [];
  private isUnplugged = false;
  private readonly unplugListeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  delayNext(ms: number, count = 1): void {
    if (!(ms >= 0) || !Number.isInteger(count) || count < 1) throw new InputError('delayNext', `needs ms >= 0 and a whole count >= 1, got ${ms}, ${count}`);
    for (let i = 0; i < count; i++) this.delays.push(ms);
  }

  dropNext(count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new InputError('dropNext', `needs a whole count >= 1, got ${count}`);
    this.drops += count;
  }

  corruptNext(corruption: Corruption = {}): void {
    this.corruptions.push(corruption);
  }

  unplug(): void {
    if (this.isUnplugged) return;
    this.isUnplugged = true;
    for (const listener of [...this.unplugListeners]) listener();
    this.unplugListeners.clear();
  }

  get unplugged(): boolean {
    return this.isUnplugged;
  }

  onUnplug(listener: () => void): () => void {
    this.unplugListeners.add(listener);
    return () => this.unplugListeners.delete(listener);
  }

  clear(): void {
    this.delays = [];
    this.drops = 0;
    this.corruptions = [];
  }

  /** Throws ReaderLinkError once the reader is unplugged; `what` names the refused call. */
  assertPlugged(what: string): void {
    if (this.isUnplugged) throw new ReaderLinkError(`the emulated reader is unplugged: ${what} refused`);
  }

  /**
   * One command's answers (time extensions first, the final answer last) after the armed faults:
   * delayed on the clock, final answer dropped or damaged.
   */
  async apply(answers: Uint8Array[]): Promise<Uint8Array[]> {
    const delay = this.delays.shift();
    if (delay !== undefined && delay > 0) await this.clock.sleep(delay);
    this.assertPlugged('answer');
    if (answers.length === 0) return answers;
    const final = answers[answers.length - 1]!;
    const leading = answers.slice(0, -1);
    if (this.drops > 0) {
      this.drops--;
      return leading;
    }
    const corruption = this.corruptions.shift();
    return corruption ? [...leading, corrupt(final, corruption)] : answers;
  }
}

function corrupt(message: Uint8Array, { byteIndex = -1, mask = 0xff }: Corruption): Uint8Array {
  const out = Uint8Array.from(message);
  const index = ((byteIndex % out.length) + out.length) % out.length;
  out[index]! ^= mask;
  return out;
}
