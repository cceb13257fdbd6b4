import { InputError } from '../../../src/core/errors.ts';
import { dropMidFrame } from './drop-mid-frame.ts';
import { fileBadTotal } from './file-bad-total.ts';
import { fileLateFlag } from './file-late-flag.ts';
import { fileNoFlag } from './file-no-flag.ts';
import { fileTwice } from './file-twice.ts';
import { garbage } from './garbage.ts';
import { oversized } from './oversized.ts';
import { pipeline } from './pipeline.ts';
import { retransmit } from './retransmit.ts';
import { reusedSerial } from './reused-serial.ts';
import { slowFrame } from './slow-frame.ts';
import type { BankPersona } from './types.ts';

export type * from './types.ts';

/** Every misbehaviour of the bank emulator, by name: wire personas first, then file personas. */
export const BANK_PERSONAS: Readonly<Record<string, BankPersona>> = Object.fromEntries(
  [retransmit, reusedSerial, slowFrame, garbage, oversized, dropMidFrame, pipeline, fileTwice, fileNoFlag, fileBadTotal, fileLateFlag].map((p) => [p.name, p]),
);

export function bankPersona(name: string): BankPersona {
  const persona = BANK_PERSONAS[name.trim().toLowerCase()];
  if (!persona) throw new InputError('persona', `unknown persona "${name}"; known: ${Object.keys(BANK_PERSONAS).join(', ')}`);
  return persona;
}
