import { formatHostPort } from '../../src/core/host-port.ts';
import { DEFAULT_HEADER_LENGTH } from '../../src/hsm/codec/message.ts';
import type { ConformanceCase } from '../framework/case.ts';
import type { TargetIdentity } from '../framework/report.ts';
import type { TargetBinding } from '../framework/runner.ts';

/** An HSM of the stbpay command set (docs/hsm.md) reached over TCP, and how the run talks to it. */
export interface HsmTarget {
  readonly host: string;
  readonly port: number;
  /** The header length the HSM is configured with (docs/hsm.md §2: 4 unless configured). */
  readonly headerLength: number;
  /** How long connecting and each answer may take, ms. */
  readonly timeoutMs: number;
}

export function hsmTarget(options: { host: string; port: number; headerLength?: number; timeoutMs?: number }): HsmTarget {
  return { host: options.host, port: options.port, headerLength: options.headerLength ?? DEFAULT_HEADER_LENGTH, timeoutMs: options.timeoutMs ?? 5_000 };
}

/** Binds an HSM target to the suite's cases for the framework's runner; every case needs only the TCP interface. */
export function hsmBinding(target: HsmTarget, cases: readonly ConformanceCase<HsmTarget>[], identity?: TargetIdentity): TargetBinding<HsmTarget> {
  return {
    identity: identity ?? {
      kind: 'HSM',
      name: `HSM at ${formatHostPort(target.host, target.port)}`,
      details: { 'header length': String(target.headerLength) },
    },
    capabilities: new Set(),
    target,
    cases,
  };
}
