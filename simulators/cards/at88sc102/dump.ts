import { AT88SC102_MAP as M, AT88SC102_ZONE_BITS } from '../../../src/cards/at88sc102/commands.ts';
import { inField } from '../../../src/cards/at88sc102/family.ts';
import { bitAt, counterLine, fieldLine, memoryDump } from '../at88sc10x-common/dump-helpers.ts';
import type { ChipView } from '../at88sc10x-common/rules.ts';
import { at88sc102Rules, EZ2_CODE, SC_CODE } from './rules.ts';

const blown = (cells: Uint8Array, bit: number): boolean => bitAt(cells, bit) === 0;

function zoneAccess(cells: Uint8Array, zone: 1 | 2): string {
  const p = bitAt(cells, AT88SC102_ZONE_BITS[zone].p);
  const r = bitAt(cells, AT88SC102_ZONE_BITS[zone].r);
  return `AZ${zone}: P${zone}=${p} R${zone}=${r} (read ${r ? 'free' : 'needs SC'}, write ${p ? 'with SC' : 'locked in level 2'})`;
}

/** The AT88SC102 as an engineer wants to see it: level, fuses, counters, access bits, every field, the memory. */
export function dumpAt88sc102(cells: Uint8Array, powered: boolean, validated: readonly string[]): string {
  const view: ChipView = { bit: (a) => bitAt(cells, a) as 0 | 1, validated: (n) => validated.includes(n) };
  const level2 = blown(cells, M.issuerFuse.start);
  const codeFields = [M.sc, M.ez1, M.ez2];
  const mark = (byte: number): string => {
    if (codeFields.some((f) => inField(f, byte * 8))) return '!';
    return at88sc102Rules.canWrite(byte * 8, view) ? '' : '*';
  };
  return [
    `AT88SC102 secure memory, 1568 bits — ${powered ? 'powered' : 'not powered'}`,
    `Security level ${level2 ? '2 (issuer fuse blown: personalised)' : '1 (issuer fuse intact: personalisation)'}`,
    `Validated this session: ${validated.length ? validated.join(', ') : 'none'}`,
    `Fuses: manufacturer ${blown(cells, M.manufacturerFuse.start) ? 'BLOWN (MFZ read-only)' : 'intact'}, ` +
      `EC2EN ${blown(cells, M.ec2enFuse.start) ? 'BLOWN (EC2 off)' : 'intact (EC2 counts AZ2 erases)'}, ` +
      `issuer ${level2 ? 'BLOWN' : 'intact'}`,
    'Counters:',
    counterLine(cells, 'SCAC', SC_CODE.counter!),
    counterLine(cells, 'EC2', EZ2_CODE.counter!, 'AZ2 erases'),
    `Zones: ${zoneAccess(cells, 1)}; ${zoneAccess(cells, 2)}`,
    'Fields:',
    ...Object.values(M).map((f) => fieldLine(cells, f)),
    'Memory (byte n holds bits 8n..8n+7, MSB first; ! code field, * not writable now):',
    memoryDump(cells, mark),
  ].join('\n');
}
