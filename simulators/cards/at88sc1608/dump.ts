import { toHex } from '../../../src/core/hex.ts';
import { ZONE_COUNT, ZONE_SIZE, describePassword, type PasswordRef } from '../../../src/cards/at88sc1608/commands.ts';
import {
  CONFIG_FIELDS,
  FUSE_ORDER,
  accessRegisterAddress,
  attemptsLeft,
  decodeAccess,
  pacAddress,
  passwordRegisterAddress,
} from '../../../src/cards/at88sc1608/config-map.ts';
import { fuseIntact } from '../../../src/cards/at88-i2c/fuses.ts';
import { isWriteLocked } from '../../../src/cards/at88-i2c/write-lock.ts';
import { bits, hexDump } from '../common/hexdump.ts';
import { configAccess } from './access.ts';
import type { Contents } from './contents.ts';

export interface SessionView {
  readonly powered: boolean;
  readonly zone: number | null;
  readonly active: PasswordRef | null;
}

function describeRights(ar: number, pr: number): string {
  const r = decodeAccess(ar, pr);
  const need = (on: boolean, what: string): string => (on ? what : 'free');
  const parts = [
    `read ${r.authentication ? 'authentication' : need(r.readPassword, `Read/Write ${r.passwordSet}`)}`,
    `write ${r.authentication || r.authenticationForWrite ? 'authentication' : need(r.writePassword, `Write ${r.passwordSet}`)}`,
  ];
  if (r.modifyForbidden) parts.push('modify forbidden');
  if (r.programOnly) parts.push('program only');
  if (r.writeLock) parts.push('write lock mode');
  return parts.join(', ');
}

const counter = (name: string, pac: number): string =>
  `  ${name.padEnd(22)} ${toHex(Uint8Array.of(pac))}  ${bits(pac)}  ${attemptsLeft(pac)} attempt(s) left${pac === 0 ? ' LOCKED' : ''}`;

/** A dump an engineer can read: every area, registers decoded, counters as attempts left, fuses. */
export function dumpCard(contents: Contents, session: SessionView): string {
  const { configuration: config, userZones, fuses } = contents;
  const lines: string[] = ['AT88SC1608 secure memory (stbpay emulator)'];
  const active = session.active ? describePassword(session.active) : 'none';
  lines.push(`session: ${session.powered ? 'powered' : 'unpowered'}, zone ${session.zone ?? 'not selected'}, active password ${active}`);
  const fuseText = FUSE_ORDER.map((f) => `${f} ${fuseIntact(fuses, f) ? 'intact' : 'BLOWN'}`).join(', ');
  lines.push(`fuses: ${toHex(Uint8Array.of(fuses))} (${bits(fuses)}): ${fuseText}`);
  lines.push('', 'configuration zone (* = locked by a fuse: not writable even with the secure code)');
  const secure = { set: 7, kind: 'write' } as const;
  lines.push(hexDump(config, { mark: (a) => (configAccess(a, fuses, secure).write || a >= 0x40 ? '' : '*') }));
  for (const f of Object.values(CONFIG_FIELDS)) {
    if (f.address < 0x40 && f.address !== 0x10) lines.push(`  ${f.name.padEnd(32)} ${toHex(config.slice(f.address, f.address + f.length))}`);
  }
  lines.push('', 'access rights per user zone (ARz, PRz)');
  for (let z = 0; z < ZONE_COUNT; z++) {
    const ar = config[accessRegisterAddress(z)] ?? 0xff;
    const pr = config[passwordRegisterAddress(z)] ?? 0xff;
    lines.push(`  zone ${z}: AR ${toHex(Uint8Array.of(ar))} PR ${toHex(Uint8Array.of(pr))}: ${describeRights(ar, pr)}`);
  }
  lines.push('', 'attempts counters');
  for (let set = 0; set < 8; set++) {
    for (const kind of ['write', 'read'] as const) {
      const ref = { set, kind };
      const label = describePassword(ref) + (set === 7 && kind === 'write' ? ' (secure code)' : '');
      lines.push(counter(label, config[pacAddress(ref)] ?? 0));
    }
  }
  lines.push(counter('AAC (authentication)', config[CONFIG_FIELDS.aac.address] ?? 0));
  for (let z = 0; z < ZONE_COUNT; z++) {
    const rights = decodeAccess(config[accessRegisterAddress(z)] ?? 0xff, 0xff);
    const zone = userZones.slice(z * ZONE_SIZE, (z + 1) * ZONE_SIZE);
    const locked = (a: number): boolean => rights.writeLock && isWriteLocked(zone, a);
    lines.push('', `user zone ${z}${rights.writeLock ? ' (* = write-locked byte)' : ''}`);
    lines.push(hexDump(zone, rights.writeLock ? { mark: (a) => (locked(a) ? '*' : '') } : {}));
  }
  return lines.join('\n');
}
