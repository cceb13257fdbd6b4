import type { DedicatedFile } from '../cpu/files.ts';
import { FieldReader } from '../cpu/profile/fields.ts';
import type { PurseSettings } from './card-application.ts';
import type { PurseVariant } from './profile.ts';

/**
 * The purse's settings from its DF's `applicationSettings` in the card profile, each over the
 * factory's default; a field that is wrong, or missing with no default, is a CpuProfileError naming
 * its path. [docs/purse/card-application.md, Profile]
 *
 * `application` "EP" | "ED"; `overdraftLimit` fen (0–16777215); `maxBalance` fen (0–4294967295);
 * `proveSequence` "used" | "next"; `proveOrder` "mac2-tac" | "tac-mac2"; `cappMac1Suffix` hex;
 * `dataFid`, `logFid` four hex digits.
 */
export function readSettings(df: DedicatedFile, defaults: Partial<PurseSettings>): PurseSettings {
  const given = df.applicationSettings;
  const reader = new FieldReader(given?.origin ?? 'PBOC purse', given?.path ?? `DF ${df.fid.toString(16).toUpperCase()} applicationSettings`, given?.value ?? {});
  const pick = <T>(field: string, read: () => T, fallback: T | undefined): T => {
    if (reader.has(field)) return read();
    if (fallback !== undefined) return fallback;
    return reader.fail(field, 'is required (no default given to the card)');
  };
  const variant: PurseVariant = {
    proveSequence: pick('proveSequence', () => reader.oneOf('proveSequence', ['used', 'next'] as const), defaults.variant?.proveSequence ?? 'used'),
    proveOrder: pick('proveOrder', () => reader.oneOf('proveOrder', ['mac2-tac', 'tac-mac2'] as const), defaults.variant?.proveOrder ?? 'mac2-tac'),
    ...(reader.has('cappMac1Suffix') ? { cappMac1Suffix: reader.hex('cappMac1Suffix', 1, 32) } : defaults.variant?.cappMac1Suffix ? { cappMac1Suffix: defaults.variant.cappMac1Suffix } : {}),
  };
  const dataFid = reader.has('dataFid') ? reader.fid('dataFid') : defaults.dataFid;
  const logFid = reader.has('logFid') ? reader.fid('logFid') : defaults.logFid;
  return {
    application: pick('application', () => reader.oneOf('application', ['EP', 'ED'] as const), defaults.application ?? 'EP'),
    overdraftLimit: pick('overdraftLimit', () => reader.integer('overdraftLimit', 0, 0xffffff), defaults.overdraftLimit ?? 0),
    maxBalance: pick('maxBalance', () => reader.integer('maxBalance', 0, 0xffffffff), defaults.maxBalance ?? 0xffffffff),
    variant,
    ...(dataFid === undefined ? {} : { dataFid }),
    ...(logFid === undefined ? {} : { logFid }),
  };
}
