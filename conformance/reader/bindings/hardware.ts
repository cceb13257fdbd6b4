import type { Clock } from '../../../src/core/clock.ts';
import { hexByte } from '../../../src/core/hex.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { CcidPort } from '../../../src/reader/transport/ccid-port.ts';
import type { TargetIdentity } from '../../framework/report.ts';
import type { TargetBinding } from '../../framework/runner.ts';
import { casesFor } from '../suite.ts';
import { cardCapability, READER_CAPABILITY, type ExternalCardLink, type ReaderTarget } from '../target.ts';

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
  };
}

/**
 * A real reader behind a CcidPort (USB or serial, from src/reader/open-target.ts). All cases share
 * the one open port; the caller closes it after the run. Card movement needs hands, so the cases
 * that need card control are not applicable: the certificate lists them so.
 */
export function portBinding(port: CcidPort, options: RealCardOptions): TargetBinding<ReaderTarget> {
  const { identity } = port;
  const target: ReaderTarget = {
    cardType: options.cardType,
    slot: 0,
    clock: options.clock,
    answerTimeoutMs: options.answerTimeoutMs ?? HARDWARE_ANSWER_TIMEOUT_MS,
    ...(options.code ? { code: options.code } : {}),
    reader: identity,
    // The session must not close the shared port.
    begin: async () => ({ port, end: async () => undefined }),
  };
  const capabilities = [READER_CAPABILITY.ccid, READER_CAPABILITY.apdu, READER_CAPABILITY.atr, ...optionalCapabilities(options)];
  if (port.receiveInterrupt) capabilities.push(READER_CAPABILITY.interrupt);
  if (port.controlAbort) capabilities.push(READER_CAPABILITY.controlAbort);
  if (identity.transport !== 'serial') capabilities.push(READER_CAPABILITY.transportFraming);
  const ids: Record<string, string> = identity.vendorId !== undefined && identity.productId !== undefined ? { 'VID:PID': `${hex16(identity.vendorId)}:${hex16(identity.productId)}` } : {};
  const certified: TargetIdentity = {
    kind: 'real reader',
    name: identity.name,
    details: {
      transport: identity.transport,
      ...ids,
      ...(identity.serialNumber ? { 'serial number': identity.serialNumber } : {}),
      bcdCCID: port.descriptor.bcdCCID.toString(16),
      ...statedCard(options),
    },
  };
  return { identity: certified, capabilities: new Set(capabilities), target, cases: casesFor(options.cardType) };
}

/**
 * A reader reached through PC/SC (pcscd and its driver): APDUs and the ATR only, so the CCID cases
 * are not applicable. `link` is opened by the caller (src/reader/pcsc/).
 */
export function pcscBinding(readerName: string, link: ExternalCardLink, options: RealCardOptions): TargetBinding<ReaderTarget> {
  const target: ReaderTarget = {
    cardType: options.cardType,
    slot: 0,
    clock: options.clock,
    answerTimeoutMs: options.answerTimeoutMs ?? HARDWARE_ANSWER_TIMEOUT_MS,
    ...(options.code ? { code: options.code } : {}),
    reader: { transport: 'pcsc', name: readerName },
    begin: async () => ({ card: link, end: async () => undefined }),
  };
  return {
    identity: { kind: 'real reader (PC/SC)', name: readerName, details: { transport: 'PC/SC', 'PC/SC reader name': readerName, ...statedCard(options) } },
    capabilities: new Set([READER_CAPABILITY.apdu, READER_CAPABILITY.atr, ...optionalCapabilities(options)]),
    target,
    cases: casesFor(options.cardType),
  };
}

function hex16(value: number): string {
  return `${hexByte(value >> 8)}${hexByte(value)}`;
}
