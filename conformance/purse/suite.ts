import type { ConformanceCase } from '../framework/case.ts';
import { loadCases } from './cases/load.ts';
import { logProveCases } from './cases/log-prove.ts';
import { powerLossCases } from './cases/power-loss.ts';
import { purchaseCases } from './cases/purchase.ts';
import { statusWordCases } from './cases/status-words.ts';
import { transportCases } from './cases/transport.ts';
import type { PurseTarget } from './target.ts';

export const PURSE_SUITE_NAME = 'stbpay PBOC purse (card side) conformance';

/**
 * Every purse case, in the order they run: select and load first (later cases need money on the
 * card), purchases, the status words, proof and log, the transport, and power loss last.
 * [docs/purse/card-application.md]
 */
export const PURSE_CASES: readonly ConformanceCase<PurseTarget>[] = [...loadCases, ...purchaseCases, ...statusWordCases, ...logProveCases, ...transportCases, ...powerLossCases];
