import { readFileSync } from 'node:fs';
import { VirtualClock } from '../../../../src/core/clock.ts';
import { createRandom } from '../../../../src/core/random.ts';
import { BankEmulator, type BankEmulatorOptions } from '../../../../simulators/bank/index.ts';
import type { ScriptedBoss } from './scripted-boss.ts';

/** 2026-11-23 10:15:00 at +08:00: the moment of the §8 query. */
export const EXAMPLE_MS = Date.UTC(2026, 10, 23, 2, 15, 0);

export interface ExampleFrame {
  readonly id: string;
  readonly text: string;
  readonly hex: string;
}

export const EXAMPLES: Readonly<Record<string, ExampleFrame>> = Object.fromEntries(
  (JSON.parse(readFileSync(new URL('../../../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as { frames: ExampleFrame[] }).frames.map((f) => [f.id, f]),
);

/** An ICBC01 emulator on the §8 morning, talking to `boss`. */
export function exampleBank(boss: ScriptedBoss, options: Partial<BankEmulatorOptions> = {}): { bank: BankEmulator; clock: VirtualClock } {
  const clock = new VirtualClock(EXAMPLE_MS);
  const bank = new BankEmulator({ bankcode: 'ICBC01', host: boss.host, port: boss.port, clock, random: createRandom(7), timeoutMs: 3_000, ...options });
  return { bank, clock };
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
