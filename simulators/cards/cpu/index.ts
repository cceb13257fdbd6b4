import type { CpuCardOptions } from './card.ts';
import { CpuCardEmulator } from './card.ts';
import { buildContents } from './profile/build.ts';
import { loadProfileFile } from './profile/file.ts';

export { parseCommand, type CommandApdu } from './apdu.ts';
export type { ApplicationContext, ApplicationFactory, CardApplication } from './application.ts';
export { buildAtr, checkCharacter, DEFAULT_HISTORICAL_BYTES } from './atr.ts';
export { CpuCardEmulator, type CpuCardContents, type CpuCardOptions } from './card.ts';
export type { AccessCondition, CardKey, DedicatedFile, ElementaryFile, KeyUsage } from './files.ts';
export { CpuPowerLossFault } from './nvm.ts';
export { ok, refuse, status, type Outcome } from './outcome.ts';
export { buildContents } from './profile/build.ts';
export { CpuProfileError } from './profile/errors.ts';
export { loadProfileFile, saveProfileFile } from './profile/file.ts';
export { CPU_PROFILE_FORMAT, type CpuCardProfile } from './profile/types.ts';

export const CPU_CARD_STANDARDS = 'ISO/IEC 7816-3:2006 (ATR, T=0, T=1), ISO/IEC 7816-4:2013 (APDUs, files, security)';

/** A card personalised from parsed profile JSON; `origin` names it in errors. */
export function cpuCardFromProfile(json: unknown, origin: string, options: CpuCardOptions = {}): CpuCardEmulator {
  return new CpuCardEmulator(buildContents(json, origin, applicationNames(options)), options);
}

/** A card personalised from a profile or image file. */
export async function loadCpuCard(path: string, options: CpuCardOptions = {}): Promise<CpuCardEmulator> {
  return new CpuCardEmulator(await loadProfileFile(path, applicationNames(options)), options);
}

function applicationNames(options: CpuCardOptions): ReadonlySet<string> {
  return new Set(Object.keys(options.applications ?? {}));
}
