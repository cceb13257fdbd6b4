import { AT88SC1604_MAP as M, AT88SC1604_ZONES } from '../../../src/cards/at88sc1604/commands.ts';
import { inField } from '../../../src/cards/at88sc102/family.ts';
import { bitAt, counterLine, fieldLine, memoryDump } from '../at88sc10x-common/dump-helpers.ts';
import type { ChipView } from '../at88sc10x-common/rules.ts';
import { at88sc1604Rules, ERASE_KEYS, SC_CODE, ZONE_CODES } from './rules.ts';

/** The AT88SC1604 as an engineer wants to see it: level, fuses, every counter, zone access bits, fields, memory. */
export function dumpAt88sc1604(cells: Uint8Array, powered: boolean, validated: readonly string[]): string {
  const view: ChipView = { bit: (a) => bitAt(cells, a) as 0 | 1, validated: (n) => validated.includes(n) };
  const level2 = bitAt(cells, M.fuse2.start) === 0;
  const codeFields = [M.sc, ...AT88SC1604_ZONES.flatMap((z) => [z.sc, z.ez])];
  const mark = (byte: number): string => {
    if (codeFields.some((f) => inField(f, byte * 8))) return '!';
    return at88sc1604Rules.canWrite(byte * 8, view) ? '' : '*';
  };
  const counters = [counterLine(cells, 'SCAC', SC_CODE.counter!)];
  AT88SC1604_ZONES.forEach((zone, i) => {
    const code = ZONE_CODES[i]!;
    counters.push(code.counter ? counterLine(cells, zone.sac!.name, code.counter) : `  ${zone.sc.name.padEnd(18)} no attempts counter (compared only after SC)`);
    counters.push(counterLine(cells, zone.eac.name, ERASE_KEYS[i]!.counter!));
  });
  const access = AT88SC1604_ZONES.map((z) => `${z.az.name}: P=${bitAt(cells, z.az.start)} R=${bitAt(cells, z.az.start + 1)}`).join('; ');
  const fields = [M.fz, M.iz, M.sc, M.scac, M.cpz, ...AT88SC1604_ZONES.flatMap((z) => [z.sc, ...(z.sac ? [z.sac] : []), z.ez, z.eac, z.az]), M.mtz, M.fuse1, M.fuse2];
  return [
    `AT88SC1604 secure memory, ${at88sc1604Rules.bits} bits — ${powered ? 'powered' : 'not powered'}`,
    `Security level ${level2 ? '2 (FUSE2 blown: personalised)' : '1 (FUSE2 intact: personalisation)'}`,
    `Validated this session: ${validated.length ? validated.join(', ') : 'none'}`,
    `Fuses: FUSE1 ${bitAt(cells, M.fuse1.start) === 0 ? 'blown (fab)' : 'intact'}, FUSE2 ${level2 ? 'BLOWN' : 'intact'}`,
    'Counters:',
    ...counters,
    `Zones: ${access}`,
    'Fields:',
    ...fields.map((f) => fieldLine(cells, f)),
    'Memory (byte n holds bits 8n..8n+7, MSB first; ! code field, * not writable now):',
    memoryDump(cells, mark),
  ].join('\n');
}
