import { toHex } from '../../../src/core/hex.ts';
import { desFamily, keyCheckValue } from '../../../src/crypto/index.ts';
import { hexDump } from '../common/hexdump.ts';
import type { CpuCardContents } from './card.ts';
import type { AccessCondition, DedicatedFile, ElementaryFile } from './files.ts';
import type { CardSession } from './session.ts';

/**
 * A readable dump: the protocol and ATR personality, the PIN counter, then the file tree with each
 * DF's name and keys (as key check values, never the key itself) and each EF's access conditions
 * and bytes; the volatile state when the card is powered.
 */
export function dumpCpuCard(contents: CpuCardContents, session: CardSession | undefined): string {
  const lines = [`CPU card, ${contents.protocol}, historical bytes ${toHex(contents.historicalBytes) || '(none)'}`];
  const pin = contents.pin;
  lines.push(pin ? `PIN: ${pin.value.length} bytes, ${pin.triesLeft[0]} of ${pin.maxTries} tries left${pin.triesLeft[0] === 0 ? ' (BLOCKED)' : ''}` : 'PIN: none');
  if (session) {
    const ef = session.currentEf ? fid(session.currentEf.fid) : 'none';
    const keys = [...session.authenticatedKeys].join(', ') || 'none';
    lines.push(`Powered: current DF ${fid(session.currentDf.fid)}, current EF ${ef}, PIN ${session.pinVerified ? 'verified' : 'not verified'}, authenticated keys ${keys}`);
  } else {
    lines.push('Not powered');
  }
  dumpDf(contents.mf, '', lines);
  return lines.join('\n');
}

function dumpDf(df: DedicatedFile, indent: string, lines: string[]): void {
  const name = df.name ? ` name ${toHex(df.name)}` : '';
  const application = df.application !== undefined ? ` application "${df.application}"` : '';
  lines.push(`${indent}DF ${fid(df.fid)}${name}${application}`);
  for (const key of df.keys) {
    const kcv = toHex(keyCheckValue(desFamily(key.value)));
    lines.push(`${indent}  key ${key.id}: ${key.type} ${key.usage} version ${key.version} KCV ${kcv}`);
  }
  for (const child of df.children) {
    if (child.kind === 'df') dumpDf(child, `${indent}  `, lines);
    else dumpEf(child, `${indent}  `, lines);
  }
}

function dumpEf(ef: ElementaryFile, indent: string, lines: string[]): void {
  const sfi = ef.sfi !== undefined ? ` SFI ${ef.sfi}` : '';
  const access = `read ${condition(ef.read)}, update ${condition(ef.update)}`;
  if (ef.kind === 'transparent') {
    lines.push(`${indent}EF ${fid(ef.fid)}${sfi} transparent, ${ef.body.length} bytes, ${access}`);
    lines.push(...hexDump(ef.body).split('\n').map((row) => `${indent}  ${row}`));
    return;
  }
  lines.push(`${indent}EF ${fid(ef.fid)}${sfi} linear fixed, ${ef.recordCount} records of ${ef.recordLength} bytes, ${access}`);
  for (let i = 0; i < ef.recordCount; i++) {
    lines.push(`${indent}  #${i + 1}: ${toHex(ef.body.subarray(i * ef.recordLength, (i + 1) * ef.recordLength))}`);
  }
}

function condition(c: AccessCondition): string {
  return c.kind === 'key' ? `after key ${c.keyId}` : c.kind === 'pin' ? 'after PIN' : c.kind;
}

function fid(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}
