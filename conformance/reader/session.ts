import { toHex } from '../../src/core/hex.ts';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import { COMMAND_STATUS, RDR_TO_PC } from '../../src/reader/ccid/constants.ts';
import { check, checkEqual, fail, type CaseContext } from '../framework/case.ts';
import type { Evidence } from '../framework/evidence.ts';
import { iccPowerOff, iccPowerOn, xfrBlock } from './ccid-commands.ts';
import { formatMs, RecordingCcidLink } from './link.ts';
import { RedactingRecorder } from './redaction.ts';
import type { CardControl, CardMovement, ReaderSession, ReaderTarget } from './target.ts';

/** What a case body works with: the target, its session and recording views of it. */
export interface CaseSession {
  readonly target: ReaderTarget;
  readonly slot: number;
  readonly evidence: Evidence;
  /** Whether the session has a raw CCID link (else the card is reached through PC/SC). */
  readonly hasCcid: boolean;
  /** The raw CCID link; fails the case when the target has none (the case should require `ccid`). */
  readonly link: RecordingCcidLink;
  /** Whether the session started with a factory-fresh card it can move (the emulator). */
  readonly hasCards: boolean;
  /** Card movement; fails the case when the target has none (the case should require `card-control`). */
  readonly cards: CardControl;
  /**
   * Removing and inserting a card, by the emulator (a factory-fresh card goes in) or by a person
   * prompted (`--interactive`: the same card goes back); fails the case when the target has neither.
   */
  readonly movement: CardMovement;
  /** APDUs to the card: XfrBlock over the CCID link (powering the slot first), or PC/SC. */
  readonly apdu: ApduChannel;
  /** Sends an APDU that ends in a code of `codeLength` bytes; the evidence gets it without them. */
  transmitCode(apdu: Uint8Array, codeLength: number): Promise<Uint8Array>;
  /** Sends an APDU whose response data may show a code from byte `index` on; the evidence gets the answer without it. */
  transmitHidingAnswer(apdu: Uint8Array, index: number): Promise<Uint8Array>;
  /**
   * Sends an APDU the reader may refuse (the error cases): over CCID a failed XfrBlock
   * (bmCommandStatus 1) comes back as `refusedWith` its bError instead of failing the case; over
   * PC/SC the response. `hideAnswerFrom` withholds response data from that byte on (a code).
   */
  transmitOrRefuse(apdu: Uint8Array, hideAnswerFrom?: number): Promise<ApduOutcome>;
  /**
   * Resets the card and returns the ATR the reader reports: cold (IccPowerOff first) or warm
   * (IccPowerOn on a powered card) over CCID; a PC/SC reconnect otherwise.
   */
  resetCard(kind?: 'cold' | 'warm'): Promise<Uint8Array>;
}

/** What the reader did with an APDU: a response APDU, or a refusal at the CCID level. */
export type ApduOutcome = { readonly response: Uint8Array } | { readonly refusedWith: number };

/** Runs `body` in a fresh session of the case's target and ends the session whatever happens. */
export async function withSession<R>(context: CaseContext<ReaderTarget>, body: (session: CaseSession) => Promise<R>): Promise<R> {
  const { target, evidence } = context;
  const session = await target.begin();
  try {
    const recorder = new RedactingRecorder(evidence);
    const link = session.port ? new RecordingCcidLink(session.port, evidence, target.clock, target.answerTimeoutMs, recorder, session.sequence) : undefined;
    if (link) {
      // A late answer to an earlier case's command on a shared port must not pass for this case's.
      await link.drainBulk(session.staleAnswerWaitMs ?? 0, 'left over from an earlier session');
      await link.drainInterrupts();
    }
    return await body(caseSession(target, session, { evidence, recorder }, link));
  } finally {
    await session.end();
  }
}

function caseSession(
  target: ReaderTarget,
  session: ReaderSession,
  { evidence, recorder }: { evidence: Evidence; recorder: RedactingRecorder },
  link: RecordingCcidLink | undefined,
): CaseSession {
  const slot = target.slot;
  let powered = false;
  const needLink = (): RecordingCcidLink => link ?? fail('the case needs a CCID port, which this target does not have');
  const resetCard = async (kind: 'cold' | 'warm' = 'cold'): Promise<Uint8Array> => {
    powered = true;
    if (session.card) {
      evidence.note('reset the card (PC/SC reconnect)');
      const atr = await session.card.reset();
      evidence.received(atr, 'ATR as PC/SC reports it');
      return atr;
    }
    const l = needLink();
    if (kind === 'cold') {
      const off = await l.exchange(iccPowerOff(slot));
      if (off.answer.commandStatus !== COMMAND_STATUS.ok) fail(`IccPowerOff failed with bError ${toHex(Uint8Array.of(off.answer.error))}`);
    }
    return powerOnAtr(l, slot);
  };
  const external = session.card ? recordingChannel(session.card, recorder, evidence, target) : undefined;
  const apdu: ApduChannel = {
    transmit: async (command) => {
      // A cold reset first: a code presented in an earlier case must not carry over (a warm reset keeps it on SLE44x2).
      if (!powered) await resetCard('cold');
      return external ? external.transmit(command) : transmitApdu(needLink(), slot, command);
    },
  };
  return {
    target,
    slot,
    evidence,
    hasCcid: link !== undefined,
    hasCards: session.cards !== undefined,
    get link() {
      return needLink();
    },
    get cards() {
      return session.cards ?? fail('the case needs card control, which only the emulator offers');
    },
    get movement(): CardMovement {
      if (session.movement) return session.movement;
      const cards = session.cards ?? fail('the case needs cards moved: the emulator, or --interactive on a real reader');
      return { remove: (s) => cards.remove(s), insert: (s) => cards.insertFresh(s) };
    },
    apdu,
    async transmitCode(command, codeLength) {
      if (!powered) await resetCard('cold');
      recorder.withholdSentTail(codeLength);
      return apdu.transmit(command);
    },
    async transmitHidingAnswer(command, index) {
      if (!powered) await resetCard('cold');
      recorder.withholdAnswerFrom(index);
      return apdu.transmit(command);
    },
    resetCard,
    async transmitOrRefuse(command, hideAnswerFrom) {
      if (!powered) await resetCard('cold');
      if (hideAnswerFrom !== undefined) recorder.withholdAnswerFrom(hideAnswerFrom);
      if (external) return { response: await external.transmit(command) };
      const { answer } = await needLink().exchange(xfrBlock(slot, command));
      checkEqual(answer.type, RDR_TO_PC.DataBlock, 'answer type to XfrBlock (CCID §6.2.1)');
      if (answer.commandStatus === COMMAND_STATUS.failed) return { refusedWith: answer.error };
      return { response: answer.data };
    },
  };
}

/** IccPowerOn, checked to succeed with a DataBlock; returns the ATR. [CCID 1.1 §6.1.1, §6.2.1] */
export async function powerOnAtr(link: RecordingCcidLink, slot: number): Promise<Uint8Array> {
  const { answer } = await link.exchange(iccPowerOn(slot));
  checkEqual(answer.type, RDR_TO_PC.DataBlock, 'answer type to IccPowerOn (CCID §6.2.1)');
  if (answer.commandStatus !== COMMAND_STATUS.ok) fail(`IccPowerOn failed with bError ${toHex(Uint8Array.of(answer.error))}: is a card in slot ${slot}?`);
  check(answer.data.length > 0, 'IccPowerOn answered no ATR');
  return answer.data;
}

/** One APDU in XfrBlock; the DataBlock's abData is the response APDU. [CCID 1.1 §6.1.4, §6.2.1] */
export async function transmitApdu(link: RecordingCcidLink, slot: number, apdu: Uint8Array): Promise<Uint8Array> {
  const { answer } = await link.exchange(xfrBlock(slot, apdu));
  checkEqual(answer.type, RDR_TO_PC.DataBlock, 'answer type to XfrBlock (CCID §6.2.1)');
  if (answer.commandStatus !== COMMAND_STATUS.ok) fail(`XfrBlock of ${toHex(apdu)} failed with bError ${toHex(Uint8Array.of(answer.error))}`);
  return answer.data;
}

/** A PC/SC channel whose APDUs land in the evidence with their latency. */
function recordingChannel(channel: ApduChannel, recorder: RedactingRecorder, evidence: Evidence, target: ReaderTarget): ApduChannel {
  return {
    async transmit(apdu) {
      recorder.sent(apdu, 'command APDU');
      const started = target.clock.now();
      const response = await channel.transmit(apdu);
      const latencyMs = target.clock.now() - started;
      recorder.received(response, 0, `response APDU, latency ${formatMs(latencyMs)}`);
      evidence.latency(latencyMs);
      return response;
    },
  };
}
