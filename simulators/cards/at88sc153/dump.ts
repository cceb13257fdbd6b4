import { AR, CONFIG, DCR, FUSE_ORDER, pacAddress, passwordRef, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import { attemptsLeft } from '../../../src/cards/at88-i2c/attempts-counter.ts';
import { describePassword } from '../../../src/cards/at88-i2c/password.ts';
import { isWriteLocked } from '../../../src/cards/at88-i2c/write-lock.ts';
import { hexByte, toHex } from '../../../src/core/hex.ts';
import { bits, hexDump } from '../common/hexdump.ts';
import { fuseByte, fuseIntact } from './access.ts';
import type { At88sc153Contents } from './memory.ts';
import type { PasswordSession } from './session.ts';

function name(ref: PasswordRef): string {
  return `${describePassword(ref)}${ref.set === 1 && ref.kind === 'write' ? ' (secure code)' : ''}`;
}

/** AR bits spelled out: a feature is on when its bit is 0. */
export function describeAccessRegister(ar: number): string {
  const on = (Object.keys(AR) as (keyof typeof AR)[]).filter((k) => k !== 'PWS' && (ar & AR[k]) === 0);
  return `${hexByte(ar)} = ${bits(ar)}: password set ${ar & AR.PWS ? 1 : 0}; ${on.length ? on.join(', ') + ' enabled' : 'free access'}`;
}

function describeDcr(dcr: number): string {
  const on = (['SME', 'UCR', 'UAT'] as const).filter((k) => (dcr & DCR[k]) === 0);
  return `${hexByte(dcr)} = ${bits(dcr)}: ${on.length ? on.join(', ') + ' enabled' : 'no option enabled'}; chip select $B and $${(dcr & DCR.CS).toString(16).toUpperCase()}`;
}

/** Readable dump: zones in hex, registers decoded, counters as attempts left, fuses and session. */
export function dumpAt88sc153(contents: At88sc153Contents, session: PasswordSession): string {
  const c = contents.configuration;
  const at = (address: number, length: number): string => toHex(c.subarray(address, address + length));
  const fuses = fuseByte(contents.fuses);
  const lines = [
    `AT88SC153 — fuse byte ${hexByte(fuses)}: ${FUSE_ORDER.map((f) => `${f} ${fuseIntact(contents.fuses, f) ? 'intact' : 'BLOWN'}`).join(', ')}`,
    `session: ${session.active ? `${name(session.active)} verified` : 'no password verified'}${session.pending ? `; first pass of ${name(session.pending)} pending` : ''}`,
    'configuration zone (* = password bytes, readable with the secure code only):',
    hexDump(c, { mark: (a) => (a >= CONFIG.secretSeed && !(a >= CONFIG.passwords && (a & 3) === 0) ? '*' : '') }),
    `  answer to reset ${at(0, 4)}   fab code ${at(CONFIG.fabCode, 2)}   memory test zone ${at(CONFIG.memoryTestZone, 2)}`,
    `  card manufacturer code ${at(CONFIG.cardManufacturerCode, 4)}   issuer code ${at(CONFIG.issuerCode, 8)}`,
    ...[0, 1, 2].map((z) => `  AR${z} ${describeAccessRegister(c[CONFIG.accessRegister0 + z] ?? 0xff)}`),
    `  DCR ${describeDcr(c[CONFIG.deviceConfiguration] ?? 0xff)}`,
    `  AAC ${bits(c[CONFIG.aac] ?? 0)}   Ci ${at(CONFIG.cryptogram, 7)}   Gc ${at(CONFIG.secretSeed, 8)}`,
    ...[0, 1, 2, 3].map((rp) => {
      const ref = passwordRef(rp);
      const pac = c[pacAddress(ref)] ?? 0;
      const left = attemptsLeft(pac);
      return `  ${name(ref).padEnd(25)} PAC ${bits(pac)} = ${left} attempt(s) left${left === 0 ? ' (LOCKED)' : ''}; password ${at(pacAddress(ref) + 1, 3)}`;
    }),
  ];
  contents.user.forEach((zone, z) => {
    const ar = c[CONFIG.accessRegister0 + z] ?? 0xff;
    const locking = (ar & AR.WLM) === 0;
    lines.push(`user zone ${z} (AR${z} ${describeAccessRegister(ar)})${locking ? ', * = write-locked byte' : ''}:`);
    lines.push(hexDump(zone, locking ? { mark: (a) => (isWriteLocked(zone, a) ? '*' : '') } : {}));
  });
  return lines.join('\n');
}
