import { checkValue } from '../../src/boss/codec/format.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { InputError } from '../../src/core/errors.ts';
import type { ConformanceCase } from '../framework/case.ts';
import type { TargetIdentity } from '../framework/report.ts';
import type { TargetBinding } from '../framework/runner.ts';
import { DEFAULT_UTC_OFFSET_MINUTES, localDate } from '../../src/boss/local-date.ts';
import { runDates, type RunDates } from './run-dates.ts';
import { serialPrefix, serialSource, type SerialSource } from './serials.ts';
import { isIpv4Loopback } from './target-address.ts';
import { checkTargetData, DEFAULT_DATA_SOURCE, type DataSource } from './target-data-check.ts';
import { DEMO_TARGET_DATA, type BossTargetData } from './target-data.ts';
import { formatHostPort } from '../../src/core/host-port.ts';

/** Capabilities a BOSS target may offer; cases name the ones they need in `requires`. */
export const BOSS_CAPABILITY = {
  /**
   * The suite can reach the target from its off-list address: both on IPv4 loopback (Linux lets a
   * client bind any 127.x.y.z), or an off-list address off loopback, one of this machine's.
   */
  offListAddress: 'off-list-address',
} as const;

/** The limits of §1, in ms; a test stand-in with shorter timers states its own. */
export interface BossTimeouts {
  /** The BOSS answers within this (5 s). */
  readonly answerMs: number;
  /** A frame must be complete this long after its first byte (10 s). */
  readonly frameMs: number;
  /** An idle connection is closed after this (60 s). */
  readonly idleMs: number;
}

export const SPEC_TIMEOUTS: BossTimeouts = { answerMs: 5_000, frameMs: 10_000, idleMs: 60_000 };

/** A BOSS bank interface reached over TCP, and what the run knows about it. */
export interface BossTarget {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  readonly data: BossTargetData;
  /** The BOSS's business date YYYYMMDD: TXDATE of the run's requests. */
  readonly businessDate: string;
  /** Offset of the BOSS's local time from UTC, for TXTIME. */
  readonly utcOffsetMinutes: number;
  /** Fresh BANKSERIALs, unique to this run. */
  readonly serials: SerialSource;
  readonly timeouts: BossTimeouts;
  readonly clock: Clock;
  /** The business date and the few days before it that some cases date requests on (run-dates.ts). */
  readonly dates: RunDates;
}

export interface BossTargetOptions {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  readonly seed: number;
  readonly data?: BossTargetData;
  readonly businessDate?: string;
  readonly utcOffsetMinutes?: number;
  readonly timeouts?: Partial<BossTimeouts>;
  readonly clock?: Clock;
  /** A fixed serial prefix; by default derived from the seed and the start time. */
  readonly serialPrefix?: string;
  /** Names the option or data key each value came from, for the InputErrors of bad values. */
  readonly dataSource?: DataSource;
}

/**
 * The target of a run. Its data and dates are checked against the profile first (InputError naming
 * the option or key), so a value the BOSS could never accept is refused before it fails every case.
 */
export function createBossTarget(options: BossTargetOptions): BossTarget {
  const clock = options.clock ?? systemClock;
  const offset = options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const businessDate = options.businessDate ?? localDate(clock.now(), offset);
  const data = options.data ?? DEMO_TARGET_DATA;
  const source = options.dataSource ?? DEFAULT_DATA_SOURCE;
  checkTargetData(options.profile, data, source);
  const serials = serialSource(options.serialPrefix ?? serialPrefix(options.seed, clock.now()));
  checkSerialsFit(options.profile, serials);
  return {
    host: options.host,
    port: options.port,
    profile: options.profile,
    data,
    businessDate,
    utcOffsetMinutes: offset,
    serials,
    timeouts: { ...SPEC_TIMEOUTS, ...options.timeouts },
    clock,
    dates: runDates(businessDate, data.reconcileDate, source('reconcileDate')),
  };
}

/** The run's BANKSERIALs (prefix and 5-digit counter) must fit the profile's BANKSERIAL. [§3] */
function checkSerialsFit(profile: Profile, serials: SerialSource): void {
  const format = profile.request.header.find((f) => f.name === 'BANKSERIAL')?.format;
  const sample = `${serials.prefix}00000`;
  const problem = format === undefined ? undefined : checkValue(format, sample, profile.body.separator);
  if (problem !== undefined) throw new InputError('--profile', `the suite's BANKSERIALs such as ${sample} do not fit profile ${profile.profile}: ${problem}`);
}

/** Binds a BOSS target to the suite's cases for the framework's runner. */
export function bossBinding(target: BossTarget, cases: readonly ConformanceCase<BossTarget>[], identity?: TargetIdentity): TargetBinding<BossTarget> {
  return {
    identity: identity ?? {
      kind: 'BOSS bank interface',
      name: `BOSS at ${formatHostPort(target.host, target.port)}`,
      details: {
        profile: target.profile.profile,
        bank: target.data.bank,
        'business date': target.businessDate,
        'reconciliation dates': `${target.dates.otherDay}..${target.dates.reconcile}`,
        'serial prefix': target.serials.prefix,
      },
    },
    capabilities: new Set(reachesFromOffList(target) ? [BOSS_CAPABILITY.offListAddress] : []),
    target,
    cases,
  };
}

/** A loopback source reaches only a loopback target; another address of this machine reaches any. */
function reachesFromOffList(target: BossTarget): boolean {
  return isIpv4Loopback(target.host) || !isIpv4Loopback(target.data.offListAddress);
}
