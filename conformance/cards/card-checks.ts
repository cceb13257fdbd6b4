import { CardMuteError } from '../../src/cards/synchronous-card.ts';
import type { CardFaults } from '../../simulators/cards/common/power-loss.ts';
import { fail, notApplicable } from '../framework/case.ts';
import type { TestCard } from './target.ts';

/**
 * Fails the case unless `action` finds the card mute (CardMuteError): unpowered, or power lost during
 * the command. Any other error passes through as the target's fault.
 */
export async function expectMute(action: Promise<unknown>, what: string): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (error instanceof CardMuteError) return;
    throw error;
  }
  fail(`${what}: the card answered, expected no answer (unpowered or power lost during the command)`);
}

/** The card's fault injection; a case on a target without it is not applicable. */
export function faultsOf(card: TestCard): CardFaults {
  if (!card.faults) notApplicable('the target cannot inject power loss');
  return card.faults;
}
