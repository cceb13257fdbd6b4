import type { BossMessage } from '../../../src/boss/codec/message.ts';
import type { Profile } from '../../../src/boss/profile/types.ts';
import type { Clock } from '../../../src/core/clock.ts';
import type { Random } from '../../../src/core/random.ts';
import type { NamedFile } from '../daily-files.ts';
import type { BankEmulator } from '../emulator.ts';
import type { FileDrop } from '../file-drop.ts';

/**
 * Knobs of the wire personas; each persona reads the ones it needs and says so in its summary.
 * Every persona works on a connection of its own, closed when it is done.
 */
export interface WirePersonaOptions {
  /** Customer of the requests sent (default `C00012345`, the §8 customer). */
  readonly customer?: string;
  /** Amount of the payments sent, fen (default 4500). */
  readonly amount?: number;
  /** slow-frame: bytes per write (default 1). */
  readonly chunkSize?: number;
  /** slow-frame: pause between writes on the emulator's clock, ms (default 100). */
  readonly delayMs?: number;
  /** drop-mid-frame: bytes of the frame sent before the cut (default half of it). */
  readonly cutAt?: number;
  /** drop-mid-frame: reset the connection (RST) instead of closing it (FIN). */
  readonly reset?: boolean;
  /** drop-mid-frame: real time between the partial frame and the close, ms (default 50). */
  readonly holdMs?: number;
  /** garbage: random bytes after the 6 non-digit bytes (default 32). */
  readonly length?: number;
  /** oversized: announced body length (default the profile's maximum + 1). */
  readonly announced?: number;
  /** How long to wait for each answer, and for the BOSS to close, ms (default 3 000). */
  readonly waitMs?: number;
}

/** What a wire persona did and saw. */
export interface WireOutcome {
  readonly persona: string;
  /** Each write, in order, byte for byte as put on the wire. */
  readonly written: Uint8Array[];
  /** Each answer frame (length prefix and body), in order of arrival. */
  readonly answers: Uint8Array[];
  /** The answers decoded as responses; undefined where one does not decode. */
  readonly decoded: (BossMessage | undefined)[];
  /** True when the BOSS had closed the connection by the end. */
  readonly peerClosed: boolean;
  /** What the persona checks or measures, e.g. `identical: true` for retransmit. */
  readonly findings: Readonly<Record<string, string | number | boolean>>;
}

export interface WirePersona {
  readonly kind: 'wire';
  readonly name: string;
  readonly summary: string;
  /** What a BOSS following the spec does about it. */
  readonly expected: string;
  run(emulator: BankEmulator, options?: WirePersonaOptions): Promise<WireOutcome>;
}

/** A file persona delivers one daily file its wrong way. */
export interface FileDeliveryContext {
  readonly profile: Profile;
  readonly drop: FileDrop;
  readonly clock: Clock;
  readonly random?: Random;
  readonly file: NamedFile;
  /** Directory of the delivery (default `in`). */
  readonly dir?: string;
  /** file-late-flag: time between the file and its flag, on `clock`, ms (default 5 000). */
  readonly delayMs?: number;
}

export interface FileStep {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Clock time of the write, ms. */
  readonly at: number;
}

export interface FileOutcome {
  readonly persona: string;
  /** Every file written, in order. */
  readonly steps: FileStep[];
  readonly findings: Readonly<Record<string, string | number | boolean>>;
}

export interface FilePersona {
  readonly kind: 'file';
  readonly name: string;
  readonly summary: string;
  readonly expected: string;
  run(context: FileDeliveryContext): Promise<FileOutcome>;
}

export type BankPersona = WirePersona | FilePersona;
