import type { Profile } from '../../../src/boss/profile/types.ts';
import { InputError } from '../../../src/core/errors.ts';
import { BankSettingError } from '../errors.ts';
import type { Random } from '../../../src/core/random.ts';
import { pick } from '../withholding-results.ts';

/** A checked mix: TXCODEs of the profile with whole weights, at least one above 0. */
export interface Mix {
  readonly txcodes: readonly string[];
  readonly weights: readonly number[];
}

export function checkMix(profile: Profile, mix: Readonly<Record<string, number>>, field = 'mix'): Mix {
  const entries = Object.entries(mix);
  for (const [txcode, weight] of entries) {
    if (!profile.transactions[txcode]) throw new BankSettingError(field, `"${txcode}" is not a TXCODE of ${profile.profile}`);
    if (!Number.isInteger(weight) || weight < 0) throw new BankSettingError(field, `weight of ${txcode} must be a whole number >= 0, not ${weight}`);
  }
  if (entries.every(([, w]) => w === 0)) throw new BankSettingError(field, 'needs at least one weight above 0');
  return { txcodes: entries.map(([t]) => t), weights: entries.map(([, w]) => w) };
}

/** `1001=8,1002=2` → `{ '1001': 8, '1002': 2 }`. */
export function parseMix(text: string, field = '--mix'): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^(\d{4})=(\d+)$/.exec(part);
    if (!match) throw new InputError(field, `"${part}" is not TXCODE=WEIGHT (e.g. 1001=8)`);
    mix[match[1]!] = Number(match[2]);
  }
  if (Object.keys(mix).length === 0) throw new InputError(field, `"${text}" names no TXCODE`);
  return mix;
}

export function drawTxcode(random: Random, mix: Mix): string {
  return mix.txcodes[pick(random, mix.weights)]!;
}
