import type { Clock } from '../../src/core/clock.ts';
import type { CardType } from '../../src/cards/card-type.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../../src/cards/synchronous-card.ts';
import type { CardFaults } from '../../simulators/cards/common/power-loss.ts';
import type { CardDefinition } from '../../simulators/cards/common/emulated-card.ts';
import type { CaseContext } from '../framework/case.ts';
import type { Evidence } from '../framework/evidence.ts';
import type { TargetBinding } from '../framework/runner.ts';

/** Capabilities a card target may offer; cases list the ones they need in `requires`. */
export const CARD_CAPABILITY = {
  /** The target can hand out factory-fresh cards with a chosen transport secret. */
  freshCard: 'fresh-card',
  /** Power loss after N programmed bytes can be injected. */
  powerLoss: 'power-loss',
  /** Busy times follow the datasheet timing model, against a clock the case controls. */
  timing: 'timing-model',
  /** The AT88SC authentication cipher (Initialize/Verify Authentication) is implemented. */
  authentication: 'at88-authentication',
} as const;

export interface TestCard extends SynchronousCard {
  /** Present where the target supports fault injection. */
  readonly faults?: CardFaults;
}

export interface NewTestCardOptions {
  readonly secret?: Uint8Array;
  /** Timing model on (with `clock`) or off; cases that do not test timing leave it off. */
  readonly timing?: boolean;
  readonly clock?: Clock;
}

/** What card cases run against: a source of cards of one type. */
export interface CardTarget {
  readonly type: CardType;
  /** The transport secret a fresh card has when none is asked for. */
  readonly defaultSecret: Uint8Array;
  newCard(options?: NewTestCardOptions): Promise<TestCard>;
}

/** Binds a card definition (the emulator, or a deliberately broken variant of it) as a target. */
export function emulatorBinding(
  definition: CardDefinition,
  cases: TargetBinding<CardTarget>['cases'],
  identity: TargetBinding<CardTarget>['identity'] = { kind: 'emulator', name: `stbpay ${definition.type} emulator`, details: { datasheet: definition.datasheet } },
  extraCapabilities: readonly string[] = [],
): TargetBinding<CardTarget> {
  return {
    identity,
    capabilities: new Set([CARD_CAPABILITY.freshCard, CARD_CAPABILITY.powerLoss, CARD_CAPABILITY.timing, ...extraCapabilities]),
    cases,
    target: {
      type: definition.type,
      defaultSecret: definition.defaultSecret,
      newCard: async (options = {}) =>
        definition.create({
          timing: options.timing ?? false,
          ...(options.secret ? { secret: options.secret } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
        }),
    },
  };
}

/** A fresh card from the case's target whose every exchange lands in the case's evidence. */
export async function freshCard(context: CaseContext<CardTarget>, options: NewTestCardOptions = {}): Promise<TestCard> {
  const card = await context.target.newCard(options);
  return recordExchanges(card, context.evidence);
}

/** Wraps a card so that power events and every command with its answer are written to `evidence`. */
export function recordExchanges(card: TestCard, evidence: Evidence): TestCard {
  return {
    type: card.type,
    ...(card.faults ? { faults: card.faults } : {}),
    async powerOn() {
      evidence.note('power on');
      const atr = await card.powerOn();
      evidence.received(atr, 'answer to reset');
      return atr;
    },
    async reset() {
      evidence.note('reset');
      const atr = await card.reset();
      evidence.received(atr, 'answer to reset');
      return atr;
    },
    async powerOff() {
      evidence.note('power off');
      await card.powerOff();
    },
    async execute(command: ChipCommand): Promise<ChipResponse> {
      evidence.sent(command.bytes, command.readLength !== undefined ? `read ${command.readLength}` : undefined);
      try {
        const response = await card.execute(command);
        evidence.received(response.data, `${response.acknowledged ? 'ACK' : 'NACK'}, busy ${response.busyMicros} µs`);
        return response;
      } catch (error) {
        evidence.note(`no answer: ${(error as Error).message}`);
        throw error;
      }
    },
  };
}
