import type { Clock } from '../../../src/core/clock.ts';
import { hexWord, toHex } from '../../../src/core/hex.ts';
import { CCID_HEADER_LENGTH, COMMAND_STATUS, PC_TO_RDR, RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { CcidPort, ReaderIdentity } from '../../../src/reader/transport/ccid-port.ts';
import type { TargetIdentity } from '../../framework/report.ts';
import type { TargetBinding } from '../../framework/runner.ts';
import { casesFor } from '../suite.ts';
import { promptedMovement, type Prompter } from './prompted-movement.ts';
import { cardCapability, READER_CAPABILITY, type ExternalCardLink, type ReaderTarget, type SequenceCounter } from '../target.ts';

/** What the person certifying a real reader states about the card in it and allows the suite to do. */
export interface RealCardOptions {
  readonly cardType: CardType;
  /** The card's code (`--psc`); cases that present it are not applicable without it. */
  readonly code?: Uint8Array;
  /** `--allow-writes`: cases may write to the card and spend code attempts (never the last one). */
  readonly allowWrites: boolean;
  readonly clock: Clock;
  /** A real reader may answer slowly (a card's write cycles, a serial link); CCID readers send time extensions beyond this. */
  readonly answerTimeoutMs?: number;
  /**
   * `--interactive`: the cases that move the card ask a person to, through this, and wait for the
   * slot to show it (CCID ports only: PC/SC has no slot status of ours to watch).
   */
  readonly interactive?: Prompter;
  /**
   * Further lines for the certificate's target details (e.g. what the command line allowed). Pass
   * them here rather than copying the binding's details: the observed ATR is added during the run.
   */
  readonly details?: Readonly<Record<string, string>>;
}

const HARDWARE_ANSWER_TIMEOUT_MS = 3000;

function optionalCapabilities(options: RealCardOptions): string[] {
  return [cardCapability(options.cardType), ...(options.allowWrites ? [READER_CAPABILITY.writes] : []), ...(options.code ? [READER_CAPABILITY.knownCode] : [])];
}

function statedCard(options: RealCardOptions): Record<string, string> {
  return {
    'card type (stated)': options.cardType,
    writes: options.allowWrites ? 'allowed (--allow-writes)' : 'not allowed: write and code cases not applicable',
    code: options.code ? 'stated (--psc)' : 'not stated',
    ...options.details,
  };
}

/** A session start waits this long for answers a previous case gave up on (they may still be in flight). */
const STALE_ANSWER_WAIT_MS = 20;

/** The ReaderTarget of a real reader, whatever reaches it; `begin` opens one case's session. */
function realTarget(options: RealCardOptions, reader: ReaderIdentity, begin: ReaderTarget['begin']): ReaderTarget {
  return {
    cardType: options.cardType,
    slot: 0,
    clock: options.clock,
    answerTimeoutMs: options.answerTimeoutMs ?? HARDWARE_ANSWER_TIMEOUT_MS,
    ...(options.code ? { code: options.code } : {}),
    reader,
    begin,
  };
}

/** The certificate's line for the ATR the card gave: filled in when the suite first powers the card. */
const OBSERVED_ATR = 'card ATR (observed)';

/**
 * The port as the cases use it, noting the ATR of the first successful IccPowerOn into `details`
 * (the certificate's target details are rendered after the run). [CCID 1.1 §6.1.1, §6.2.1]
 */
function observingPort(port: CcidPort, details: Record<string, string>): CcidPort {
  let lastSent = -1;
  return {
    identity: port.identity,
    descriptor: port.descriptor,
    send: async (message) => {
      lastSent = message[0] ?? -1;
      await port.send(message);
    },
    receive: async (timeoutMs) => {
      const answer = await port.receive(timeoutMs);
      if (details[OBSERVED_ATR] === undefined && lastSent === PC_TO_RDR.IccPowerOn && answer[0] === RDR_TO_PC.DataBlock && answer.length > CCID_HEADER_LENGTH) {
        if (((answer[7] ?? 0) >> 6) === COMMAND_STATUS.ok) details[OBSERVED_ATR] = toHex(answer.slice(CCID_HEADER_LENGTH));
      }
      return answer;
    },
    ...(port.receiveInterrupt ? { receiveInterrupt: (timeoutMs: number) => port.receiveInterrupt!(timeoutMs) } : {}),
    ...(port.controlAbort ? { controlAbort: (slot: number, seq: number) => port.controlAbort!(slot, seq) } : {}),
    close: () => port.close(),
  };
}

/** What the port says about the unit: ids, strings, firmware; bcdCCID only when read from the device. */
function unitDetails(identity: ReaderIdentity, port: CcidPort): Record<string, string> {
  const details: Record<string, string> = { transport: identity.transport };
  if (identity.vendorId !== undefined && identity.productId !== undefined) details['VID:PID'] = `${hexWord(identity.vendorId)}:${hexWord(identity.productId)}`;
  if (identity.manufacturer) details.manufacturer = identity.manufacturer;
  if (identity.serialNumber) details['serial number'] = identity.serialNumber;
  if (identity.firmwareVersion) details['firmware (bcdDevice)'] = identity.firmwareVersion;
  // A serial port's descriptor is stbpay's table for the model, not a fact about this unit.
  if (identity.transport !== 'serial') details.bcdCCID = port.descriptor.bcdCCID.toString(16);
  return details;
}

/**
 * A real reader behind a CcidPort (USB or serial, from src/reader/open-target.ts). All cases share
 * the one open port, and its bSeq counter; the caller closes it after the run. Card movement needs
 * hands, so the cases that need card control are not applicable: the certificate lists them so.
 */
export function portBinding(port: CcidPort, options: RealCardOptions): TargetBinding<ReaderTarget> {
  const { identity } = port;
  const details: Record<string, string> = { ...unitDetails(identity, port), ...statedCard(options) };
  if (options.interactive) details['card movement'] = 'by hand, prompted (--interactive)';
  const observed = observingPort(port, details);
  const sequence: SequenceCounter = { next: 0 };
  const answerTimeoutMs = options.answerTimeoutMs ?? HARDWARE_ANSWER_TIMEOUT_MS;
  const movement = options.interactive ? promptedMovement(observed, sequence, options.interactive, options.clock, answerTimeoutMs) : undefined;
  // The session must not close the shared port.
  const target = realTarget(options, identity, async () => ({
    port: observed,
    sequence,
    staleAnswerWaitMs: STALE_ANSWER_WAIT_MS,
    ...(movement ? { movement } : {}),
    end: async () => undefined,
  }));
  const capabilities = [READER_CAPABILITY.ccid, READER_CAPABILITY.apdu, READER_CAPABILITY.atr, ...optionalCapabilities(options)];
  if (movement) capabilities.push(READER_CAPABILITY.cardControl);
  if (port.receiveInterrupt) capabilities.push(READER_CAPABILITY.interrupt);
  if (port.controlAbort) capabilities.push(READER_CAPABILITY.controlAbort);
  if (identity.transport !== 'serial') capabilities.push(READER_CAPABILITY.transportFraming, READER_CAPABILITY.deviceDescriptor);
  const certified: TargetIdentity = { kind: 'real reader', name: identity.name, details };
  return { identity: certified, capabilities: new Set(capabilities), target, cases: casesFor(options.cardType) };
}

/**
 * A reader reached through PC/SC (pcscd and its driver): APDUs and the ATR only, so the CCID cases
 * are not applicable. `link` is opened by the caller (src/reader/pcsc/).
 */
export function pcscBinding(readerName: string, link: ExternalCardLink, options: RealCardOptions): TargetBinding<ReaderTarget> {
  const details: Record<string, string> = { transport: 'PC/SC', 'PC/SC reader name': readerName, ...statedCard(options) };
  const observed: ExternalCardLink = {
    transmit: (command) => link.transmit(command),
    reset: async () => {
      const atr = await link.reset();
      details[OBSERVED_ATR] ??= toHex(atr);
      return atr;
    },
  };
  const target = realTarget(options, { transport: 'pcsc', name: readerName }, async () => ({ card: observed, end: async () => undefined }));
  return {
    identity: { kind: 'real reader (PC/SC)', name: readerName, details },
    capabilities: new Set([READER_CAPABILITY.apdu, READER_CAPABILITY.atr, ...optionalCapabilities(options)]),
    target,
    cases: casesFor(options.cardType),
  };
}
