import { ccidMutants } from './ccid.ts';
import { firmwareMutants } from './firmware.ts';
import { slotMutants } from './slot.ts';
import type { ReaderMutant } from './mutant.ts';

export type { ReaderMutant } from './mutant.ts';

/** Every deliberately faulty reader; the reader suite must fail each one's aimed cases. */
export const READER_MUTANTS: readonly ReaderMutant[] = [...ccidMutants, ...slotMutants, ...firmwareMutants];
