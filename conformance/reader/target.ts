import type { Clock } from '../../src/core/clock.ts';
import type { CardType } from '../../src/cards/card-type.ts';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import type { CcidPort, ReaderIdentity } from '../../src/reader/transport/ccid-port.ts';

/**
 * Capabilities a reader target may offer; cases list the ones they need in `requires`, and a
 * target without one gets not-applicable with the capability named.
 */
export const READER_CAPABILITY = {
  /** Raw CCID messages through a CcidPort (usb:, serial:, sim). PC/SC targets do not have it. */
  ccid: 'ccid',
  /**
   * The transport delimits messages itself (USB bulk transfers, in-process calls), so a message can
   * disagree with its own dwLength. Serial framings find the end of a message by its dwLength.
   */
  transportFraming: 'transport-framing',
  /** An APDU exchange with the card in the slot (every target). */
  apdu: 'apdu',
  /** The card can be reset and its ATR read (IccPowerOn, or an SCardReconnect with reset). */
  atr: 'atr',
  /** Interrupt-IN messages (NotifySlotChange) reach the host. */
  interrupt: 'interrupt',
  /** The ABORT class request on the control pipe (CCID §5.3.1). */
  controlAbort: 'control-abort',
  /** Cards can be removed, inserted and replaced by factory-fresh ones with a known secret (sim only). */
  cardControl: 'card-control',
  /** Cases may write to the card and spend code attempts (sim, or real hardware with --allow-writes). */
  writes: 'writes',
  /** The card's secret code is known (sim, or --psc). */
  knownCode: 'known-code',
  /**
   * Cases may do what cannot be undone to the card, e.g. protect a byte for good (sim, whose cards
   * are thrown away, or real hardware with --allow-protect). Mirrored by `ReaderTarget.allowsIrreversible`.
   */
  irreversible: 'irreversible',
  /**
   * The CCID class descriptor was read from the device (USB GET_DESCRIPTOR, the emulator's own). A
   * serial port only knows the table stbpay keeps for the reader model, so checking it proves nothing.
   */
  deviceDescriptor: 'device-descriptor',
} as const;
export type ReaderCapability = (typeof READER_CAPABILITY)[keyof typeof READER_CAPABILITY];

/** The capability a card type's cases require: only the stated card type's cases apply. */
export function cardCapability(type: CardType): string {
  return `card:${type}`;
}

/**
 * What every reader case runs against: a reader with a card of a stated type in slot `slot`. A case
 * calls `begin()` for a session and `end()` when done; the emulator hands out a fresh reader and a
 * fresh card per session, real hardware the same open link every time.
 */
export interface ReaderTarget {
  /** The card type the user states is in the slot (`--card`); the memory cases follow it. */
  readonly cardType: CardType;
  /** The slot under test (0 unless a multi-slot reader is certified slot by slot). */
  readonly slot: number;
  /** Latency is measured on this clock. */
  readonly clock: Clock;
  /** How long a case waits for an answer before calling the reader mute. */
  readonly answerTimeoutMs: number;
  /** The card's secret code (PSC, secure code), when known. */
  readonly code?: Uint8Array;
  /**
   * The target offers the `irreversible` capability (--allow-protect on real hardware), for a case
   * that needs it on one branch only (READER-<TYPE>-009 protecting a byte when none is protected).
   * Sessions with card control (the emulator) may act irreversibly whatever this says.
   */
  readonly allowsIrreversible?: boolean;
  /** Who the reader is, as the port or the PC/SC stack tells it. */
  readonly reader: ReaderIdentity;
  begin(): Promise<ReaderSession>;
}

/** One case's access to the reader and its card. */
export interface ReaderSession {
  /** Raw CCID link, with the `ccid` capability. */
  readonly port?: CcidPort;
  /** The card through a stack that is not ours (PC/SC), for targets without the `ccid` capability. */
  readonly card?: ExternalCardLink;
  /** Card movement, with the `card-control` capability. */
  readonly cards?: CardControl;
  /**
   * Card movement by a person (`stbpay certify --interactive`): also gives the `card-control`
   * capability, but the card put back is the same one, not a factory-fresh card (`cards` stays unset).
   */
  readonly movement?: CardMovement;
  /**
   * The bSeq counter of a port shared by every session (real hardware): each session's link goes on
   * from where the last one stopped, so an answer that arrives late is not taken for the new case's.
   */
  readonly sequence?: SequenceCounter;
  /** How long the session start waits for stale bulk-IN answers to drain (0 when none can be late). */
  readonly staleAnswerWaitMs?: number;
  end(): Promise<void>;
}

/** The next bSeq a link on a shared port uses. */
export interface SequenceCounter {
  next: number;
}

/** A card reached through PC/SC: APDUs, and a reset that returns the ATR. */
export interface ExternalCardLink extends ApduChannel {
  /** Resets the card (SCardReconnect with SCARD_RESET_CARD or UNPOWER) and returns its ATR. */
  reset(): Promise<Uint8Array>;
}

/** Takes a card out of a slot and puts one back, whoever does it; returns once the slot shows it. */
export interface CardMovement {
  remove(slot: number): Promise<void>;
  insert(slot: number): Promise<void>;
}

/** Moves cards in and out of the emulated reader's slots. */
export interface CardControl {
  /** Takes the card out of the slot (the reader sends NotifySlotChange). */
  remove(slot: number): Promise<void>;
  /** Puts a factory-fresh card of the target's type, with the target's code, into the slot. */
  insertFresh(slot: number): Promise<void>;
}
