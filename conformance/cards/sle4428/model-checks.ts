import { bytesEqual, toHex } from '../../../src/core/hex.ts';
import { CardMuteError, type ChipCommand } from '../../../src/cards/synchronous-card.ts';
import { ERROR_COUNTER_ADDRESS, readWithProtection, splitProtectedRead } from '../../../src/cards/sle4428/commands.ts';
import type { TestCard } from '../target.ts';
import * as M from './model.ts';

/** The model plus what the invariants remember across steps. */
export interface PropertyModel {
  state: M.ModelState;
  /** Counter as last read, and whether the card has been seen locked. */
  lastCounter: number;
  lockedSeen: boolean;
  /** The right PSC was compared since the counter was last read (an erase may then follow). */
  rightCodeSeen: boolean;
  everProtected: Set<number>;
  readonly psc: Uint8Array;
}
export interface Real {
  readonly card: TestCard;
}

export const commandText = (c: ChipCommand): string => `${toHex(c.bytes)}${c.readLength !== undefined ? ` /${c.readLength}` : ''}`;

/** Runs `command` on the card and checks the answer against the model's outcome; returns the data. */
export async function expectOutcome(real: Real, command: ChipCommand, outcome: M.Outcome): Promise<Uint8Array | undefined> {
  let data: Uint8Array | undefined;
  try {
    data = (await real.card.execute(command)).data;
  } catch (error) {
    if (!(error instanceof CardMuteError)) throw error;
  }
  if (outcome.mute && data !== undefined) throw new Error(`${commandText(command)}: expected no answer, got "${toHex(data)}"`);
  if (!outcome.mute && data === undefined) throw new Error(`${commandText(command)}: card did not answer`);
  if (!outcome.mute && data !== undefined && !bytesEqual(data, outcome.data)) {
    throw new Error(`${commandText(command)}: expected "${toHex(outcome.data)}", got "${toHex(data)}"`);
  }
  return data;
}

/** Full READ_9 dump against the model, then the invariants of the brief. */
export async function checkInvariants(m: PropertyModel, real: Real): Promise<void> {
  if (!m.state.powered) return;
  const dump = readWithProtection(0);
  const { data, protectedFlags } = splitProtectedRead((await expectOutcome(real, dump, M.step(m.state, dump).outcome)) ?? new Uint8Array(0));
  const counter = data[ERROR_COUNTER_ADDRESS] ?? 0;
  if ((counter & ~m.lastCounter & 0xff) !== 0 && !m.rightCodeSeen) {
    throw new Error(`error counter went up from ${m.lastCounter} to ${counter} without the right PSC`);
  }
  for (const a of m.everProtected) if (!protectedFlags[a]) throw new Error(`protect bit of 0x${a.toString(16)} came back to 1`);
  protectedFlags.forEach((p, a) => p && m.everProtected.add(a));
  if (m.lockedSeen && (counter !== 0 || m.state.verified)) throw new Error('a locked card came unlocked');
  m.lockedSeen ||= M.isLocked(m.state);
  m.lastCounter = counter;
  m.rightCodeSeen = m.state.verified;
}

/** Takes the model's next state, remembering a right comparison for the counter invariant. */
export function advance(m: PropertyModel, state: M.ModelState): void {
  m.state = state;
  m.rightCodeSeen ||= state.verified;
}

