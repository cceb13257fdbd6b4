import type { ConformanceCase } from '../framework/case.ts';
import { framingCases } from './cases/framing.ts';
import { keyCases } from './cases/keys.ts';
import { macDataCases } from './cases/mac-data.ts';
import { purseCases } from './cases/purse.ts';
import { robustnessCases } from './cases/robustness.ts';
import type { HsmTarget } from './target.ts';

export const HSM_SUITE_NAME = 'stbpay HSM command-set conformance';

/**
 * Every HSM case, in the order they run: framing first (it needs no key), key management, MACs and
 * data, the purse load, and robustness last (it sends garbage). [docs/hsm.md]
 */
export const HSM_CASES: readonly ConformanceCase<HsmTarget>[] = [...framingCases, ...keyCases, ...macDataCases, ...purseCases, ...robustnessCases];
