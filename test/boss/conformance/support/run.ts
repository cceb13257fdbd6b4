import { runSuite } from '../../../../conformance/framework/runner.ts';
import type { SuiteReport } from '../../../../conformance/framework/report.ts';
import { evidenceLines } from '../../../../conformance/framework/reporters/evidence-text.ts';
import { bossCases } from '../../../../conformance/boss/suite.ts';
import { bossBinding, createBossTarget } from '../../../../conformance/boss/target.ts';
import { PROFILE, TEST_TIMERS } from './mutant.ts';

const RUN = { suite: 'boss conformance', tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };

/** Runs the suite (slow cases included, with the test timers) against a BOSS at host:port. */
export async function runAgainst(address: { host: string; port: number }, options: { seed?: number; ids?: readonly string[]; includeSlow?: boolean } = {}): Promise<SuiteReport> {
  const seed = options.seed ?? 11;
  const target = createBossTarget({
    ...address,
    profile: PROFILE,
    seed,
    timeouts: { frameMs: TEST_TIMERS.frameTimeoutMs, idleMs: TEST_TIMERS.idleTimeoutMs },
  });
  const filter = { idPrefixes: options.ids ?? [] };
  return runSuite([bossBinding(target, bossCases({ includeSlow: options.includeSlow ?? true }))], { ...RUN, seed, filter });
}

/** Every verdict other than pass, with its reason and the end of its evidence, for assertion messages. */
export function notPassed(report: SuiteReport, except: readonly string[] = []): string[] {
  return report.results
    .filter((r) => r.verdict !== 'pass' && !except.includes(r.id))
    .map((r) => `${r.id} ${r.verdict}: ${r.reason}\n${evidenceLines(r.evidence).slice(-8).join('\n')}`);
}
