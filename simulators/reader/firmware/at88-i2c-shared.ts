/**
 * What the AT88SC153 and AT88SC1608 firmware share: the instruction bytes both parts have in the
 * ACS manuals (ACR38x-CCID reference manual v6.04 §9.3.3/§9.3.4), how a chip that stops
 * acknowledging is answered, VERIFY_PASSWORD's answer, authentication forwarding and the firmware
 * skeleton. How a user-zone write is checked is at88-i2c-user-write.ts.
 */
import type { Clock } from '../../../src/core/clock.ts';
import type { PollOptions } from '../../../src/cards/at88-i2c/ack-polling.ts';
import { At88BusyError, At88FuseError, At88NackError, At88PasswordLockedError } from '../../../src/cards/at88-i2c/errors.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { ChipCommand, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import type { MemoryCardFirmware } from './card-firmware.ts';
import { dispatchPseudoApdu, hasData, respond, selectCardType, type PseudoApdu, type PseudoApduHandler } from './pseudo-apdu.ts';

const AT88_INS = {
  selectCardType: 0xa4,
  verifyPassword: 0x20,
  /** INITIALIZE_AUTHENTICATION `FF 84 00 00 08 Q0..Q7` [ACR38x §9.3.3.5, §9.3.4.5]. */
  initializeAuthentication: 0x84,
  /** VERIFY_AUTHENTICATION `FF 82 00 00 08 Q1..Q7` [ACR38x §9.3.3.6, §9.3.4.6]. */
  verifyAuthentication: 0x82,
} as const;

/** AUTHENTICATION pseudo-APDUs carry an 8-byte host random or challenge. */
const AUTHENTICATION_DATA_LENGTH = 8;

/**
 * Runs one command's chip conversation and turns the chip-level failures into status words:
 * ACK polling that gave up (the chip kept NACKing past any write cycle) → 6F 00; a command the chip
 * refused with a NACK → `nackSw` (65 81 for writes: the card did not take the data); a fuse that did
 * not blow → 65 81. Anything else (CardMuteError: power lost) propagates, as the firmware contract says.
 */
async function answerChipErrors(run: () => Promise<Uint8Array>, nackSw: number): Promise<Uint8Array> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof At88BusyError) return respond(SW.noPreciseDiagnosis);
    if (error instanceof At88NackError) return respond(nackSw);
    if (error instanceof At88FuseError) return respond(SW.memoryFailure);
    throw error;
  }
}

/** A handler whose chip NACK means the card stopped acknowledging (reads, VERIFY_PASSWORD): 6F 00. */
export const reading =
  (run: PseudoApduHandler): PseudoApduHandler =>
  (apdu) =>
    answerChipErrors(() => run(apdu), SW.noPreciseDiagnosis);

/** A handler whose chip NACK means the card refused the data (writes, fuses): 65 81. */
export const writing =
  (run: PseudoApduHandler): PseudoApduHandler =>
  (apdu) =>
    answerChipErrors(() => run(apdu), SW.memoryFailure);

/**
 * VERIFY_PASSWORD's answer `90 ErrorCnt` [ACR38x §9.3.3.4, §9.3.4.4]: the password's attempts counter
 * after the datasheet's two passes (FF correct, 00 locked, else failed). `verify` presents with
 * `insist` (refusing the last attempt is the host application's job); on a locked password the
 * driver presents nothing and the answer is its counter, 00, as "00h indicates the password is locked" says.
 */
export async function verifyPasswordAnswer(verify: () => Promise<{ readonly pac: number }>): Promise<Uint8Array> {
  try {
    return respond(SW.ok | (await verify()).pac);
  } catch (error) {
    if (error instanceof At88PasswordLockedError) return respond(SW.ok | error.pac);
    throw error;
  }
}

/** The chip commands of INITIALIZE and VERIFY_AUTHENTICATION of one part. */
export interface AuthenticationCommands {
  readonly initialize: (data: Uint8Array) => ChipCommand;
  readonly verify: (data: Uint8Array) => ChipCommand;
}

/**
 * An AT88SC153 or AT88SC1608 firmware for one power session. SELECT_CARD_TYPE, VERIFY_PASSWORD and
 * INITIALIZE/VERIFY_AUTHENTICATION are the same pseudo-APDUs on both parts; each part adds its
 * zone reads and writes (`partHandlers`) and decodes VERIFY_PASSWORD itself. `poll` is where the
 * part's driver ACK-polls: the clock the card measures its write cycle on.
 */
export abstract class At88I2cFirmware implements MemoryCardFirmware {
  protected readonly poll: PollOptions;
  private readonly handlers: Readonly<Record<number, PseudoApduHandler>>;

  constructor(
    cardType: CardType,
    protected readonly card: SynchronousCard,
    clock: Clock,
    authentication: AuthenticationCommands,
  ) {
    this.poll = { clock };
    const waitReady = () => this.waitReady();
    this.handlers = {
      [AT88_INS.selectCardType]: (apdu) => selectCardType(apdu, ACS_SELECT_CODE[cardType], card),
      [AT88_INS.verifyPassword]: reading((apdu) => this.verifyPassword(apdu)),
      [AT88_INS.initializeAuthentication]: (apdu) => forwardAuthentication(apdu, card, authentication.initialize, waitReady),
      [AT88_INS.verifyAuthentication]: (apdu) => forwardAuthentication(apdu, card, authentication.verify, waitReady),
      ...this.partHandlers(),
    };
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return dispatchPseudoApdu(apdu, this.handlers);
  }

  /** The part's zone instructions. Called from the constructor: handlers may only use `this` when they run. */
  protected abstract partHandlers(): Readonly<Record<number, PseudoApduHandler>>;
  /** Polls until the chip acknowledges (its write cycle is over). */
  protected abstract waitReady(): Promise<unknown>;
  protected abstract verifyPassword(apdu: PseudoApdu): Promise<Uint8Array>;
}

/**
 * INITIALIZE/VERIFY_AUTHENTICATION: the reader waits until the chip is ready, then clocks the
 * chip's authentication command in once. Our emulators do not implement the cipher and NACK it
 * (docs/cards/at88sc153.md, at88sc1608.md "Authentication"), and a ready chip that NACKs a command
 * refused it: 6F 00, the card did not acknowledge. A chip that acknowledges gets 90 00, as ACS documents.
 */
async function forwardAuthentication(
  apdu: PseudoApdu,
  card: SynchronousCard,
  encode: (data: Uint8Array) => ChipCommand,
  waitReady: () => Promise<unknown>,
): Promise<Uint8Array> {
  if (!hasData(apdu, AUTHENTICATION_DATA_LENGTH)) return respond(SW.wrongLength);
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
  return answerChipErrors(async () => {
    await waitReady();
    const response = await card.execute(encode(apdu.data));
    return respond(response.acknowledged ? SW.ok : SW.noPreciseDiagnosis);
  }, SW.noPreciseDiagnosis);
}
