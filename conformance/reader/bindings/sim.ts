import type { Clock } from '../../../src/core/clock.ts';
import { hexWord } from '../../../src/core/hex.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import type { FirmwareDefinition } from '../../../simulators/reader/firmware/card-firmware.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { DEFAULT_READER_PROFILE, type ReaderProfile } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import type { TargetBinding } from '../../framework/runner.ts';
import type { TargetIdentity } from '../../framework/report.ts';
import { latencyClock } from '../latency-clock.ts';
import { casesFor } from '../suite.ts';
import { cardCapability, READER_CAPABILITY, type ReaderTarget } from '../target.ts';

export interface SimBindingOptions {
  readonly cardType: CardType;
  /** The reader model the emulator impersonates; the ACR39U by default. */
  readonly profile?: ReaderProfile;
  /**
   * Latency clock; the system clock at sub-millisecond resolution by default. When given, the
   * emulator runs on it too, so an armed delay fault shows as that latency on a VirtualClock.
   */
  readonly clock?: Clock;
  /** The reader firmware per card type; the emulator's registry by default. */
  readonly firmware?: (type: CardType) => FirmwareDefinition;
  /**
   * Changes each fresh emulator before the port opens: how a mutant (test/mutants/reader/) wraps
   * `handle`, `onInterrupt` or a slot's `transmit` without touching the emulator's code.
   */
  readonly mutate?: (emulator: ReaderEmulator) => void;
  /** Overrides the identity on the certificate (mutants name themselves). */
  readonly identity?: TargetIdentity;
  readonly cases?: TargetBinding<ReaderTarget>['cases'];
}

/** In-process answers are immediate; a case that waits this long has met a reader that will not answer. */
const SIM_ANSWER_TIMEOUT_MS = 200;

/**
 * The reference reader emulator with a card of one type. Every case gets a new emulator with a
 * factory-fresh card in slot 0, so no case sees what another left behind; the card's secret is the
 * type's default transport secret, stated to the cases as the known code.
 */
export function simBinding(options: SimBindingOptions): TargetBinding<ReaderTarget> {
  const profile = options.profile ?? DEFAULT_READER_PROFILE;
  const definition = cardDefinition(options.cardType);
  const code = definition.defaultSecret;
  const freshCard = () => definition.create({ timing: false, secret: code });
  const target: ReaderTarget = {
    cardType: options.cardType,
    slot: 0,
    clock: options.clock ?? latencyClock,
    answerTimeoutMs: SIM_ANSWER_TIMEOUT_MS,
    code,
    reader: {
      transport: 'in-process',
      name: profile.label,
      vendorId: profile.vendorId,
      productId: profile.productId,
      manufacturer: profile.manufacturer,
      firmwareVersion: profile.firmwareVersion,
    },
    async begin() {
      const emulator = new ReaderEmulator({ profile, ...(options.clock ? { clock: options.clock } : {}), ...(options.firmware ? { firmware: options.firmware } : {}) });
      options.mutate?.(emulator);
      const port = inProcessPort(emulator);
      emulator.insert(0, freshCard());
      return {
        port,
        cards: {
          remove: async (slot) => void emulator.remove(slot),
          insertFresh: async (slot) => emulator.insert(slot, freshCard()),
        },
        end: () => port.close(),
      };
    },
  };
  return {
    identity: options.identity ?? simIdentity(profile, options.cardType),
    capabilities: new Set([...Object.values(READER_CAPABILITY), cardCapability(options.cardType)]),
    target,
    cases: options.cases ?? casesFor(options.cardType),
  };
}

export function simIdentity(profile: ReaderProfile, cardType: CardType): TargetIdentity {
  return {
    kind: 'emulator',
    name: `stbpay reader emulator (${profile.label}) with an emulated ${cardType}`,
    details: {
      profile: profile.name,
      'VID:PID': `${hexWord(profile.vendorId)}:${hexWord(profile.productId)}`,
      product: `${profile.manufacturer} ${profile.product}`,
      firmware: profile.firmwareVersion,
      'card type': cardType,
    },
  };
}
