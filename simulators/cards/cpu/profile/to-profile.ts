import { hexWord, toHex } from '../../../../src/core/hex.ts';
import type { CpuCardContents } from '../card.ts';
import type { AccessCondition, CardKey, DedicatedFile, ElementaryFile } from '../files.ts';
import {
  CPU_PROFILE_FORMAT,
  type CpuCardProfile,
  type DfProfile,
  type KeyProfile,
  type RecordProfile,
  type TransparentProfile,
} from './types.ts';

/**
 * The card's non-volatile contents written back as a profile: every EF's current bytes, the PIN's
 * tries left. Loading it with buildContents gives the same card as it is after power-on.
 */
export function contentsToProfile(contents: CpuCardContents): CpuCardProfile {
  const pin = contents.pin;
  return {
    format: CPU_PROFILE_FORMAT,
    protocol: contents.protocol,
    historicalBytes: toHex(contents.historicalBytes),
    ...(pin ? { pin: { value: toHex(pin.value), maxTries: pin.maxTries, triesLeft: pin.triesLeft[0]! } } : {}),
    mf: dfProfile(contents.mf, true),
  };
}

function dfProfile(df: DedicatedFile, isMf: boolean): DfProfile {
  return {
    ...(isMf ? {} : { kind: 'df' as const }),
    fid: fidText(df.fid),
    ...(df.name ? { name: toHex(df.name) } : {}),
    ...(df.application !== undefined ? { application: df.application } : {}),
    ...(df.applicationSettings ? { applicationSettings: df.applicationSettings.value } : {}),
    keys: df.keys.map(keyProfile),
    files: df.children.map((child) => (child.kind === 'df' ? dfProfile(child, false) : efProfile(child))),
  };
}

function keyProfile(key: CardKey): KeyProfile {
  return { id: key.id, type: key.type, usage: key.usage, version: key.version, value: toHex(key.value) };
}

function efProfile(ef: ElementaryFile): TransparentProfile | RecordProfile {
  const common = {
    fid: fidText(ef.fid),
    ...(ef.sfi !== undefined ? { sfi: ef.sfi } : {}),
    read: conditionText(ef.read),
    update: conditionText(ef.update),
  };
  if (ef.kind === 'transparent') return { kind: 'transparent', ...common, size: ef.body.length, data: toHex(ef.body) };
  const records: string[] = [];
  for (let i = 0; i < ef.recordCount; i++) records.push(toHex(ef.body.subarray(i * ef.recordLength, (i + 1) * ef.recordLength)));
  return { kind: 'linear-fixed', ...common, recordLength: ef.recordLength, recordCount: ef.recordCount, records };
}

function conditionText(condition: AccessCondition): string {
  return condition.kind === 'key' ? `key:${condition.keyId}` : condition.kind;
}

function fidText(fid: number): string {
  return hexWord(fid);
}
