import { AT88SC1604_BITS, AT88SC1604_CYCLE_MICROS, AT88SC1604_MAP as M, AT88SC1604_ZONES } from '../../../src/cards/at88sc1604/commands.ts';
import type { ModelCode, ModelCtx, ModelField, ModelPart } from '../at88sc102/family-model.ts';

/**
 * AT88SC1604 reference model: the access rules of docs/cards/at88sc1604.md §Access as one table
 * per operation. Zone fields are named with their zone number (SC2, E3AC, AZ4 …); "sv" = SC
 * validated this session, "l2" = FUSE2 blown.
 */
type Rule = (c: ModelCtx) => boolean;

const sv: Rule = (c) => c.has('SC');
const l1sv: Rule = (c) => !c.level2 && c.has('SC');
const f = (x: { name: string; start: number; bits: number }): ModelField => ({ name: x.name, start: x.start, bits: x.bits });
const zoneNumber = (field: string, pattern: RegExp): number | undefined => {
  const m = pattern.exec(field);
  return m ? Number(m[1]) : undefined;
};
const pBit = (c: ModelCtx, n: number): number => c.bit(AT88SC1604_ZONES[n - 1]!.az.start);
const rBit = (c: ModelCtx, n: number): number => c.bit(AT88SC1604_ZONES[n - 1]!.az.start + 1);

function read(field: string, c: ModelCtx): boolean {
  if (field === 'SC' || /^(SC|EZ)\d$/.test(field)) return l1sv(c);
  const az = zoneNumber(field, /^AZ(\d)$/);
  if (az) return rBit(c, az) === 1 || c.has(`SC${az}`) || l1sv(c);
  return true;
}

function write(field: string, c: ModelCtx): boolean {
  if (field === 'SCAC' || field === 'MTZ' || /^(S1|E\d)AC$/.test(field)) return true;
  if (field === 'SC' || field === 'CPZ') return sv(c);
  if (field === 'IZ' || /^EZ\d$/.test(field)) return l1sv(c);
  const sc = zoneNumber(field, /^SC(\d)$/);
  if (sc) return l1sv(c) || c.has(`SC${sc}`);
  const az = zoneNumber(field, /^AZ(\d)$/);
  if (az) return l1sv(c) || (c.has(`SC${az}`) && pBit(c, az) === 1);
  return false; // FZ, fuses
}

function erase(field: string, c: ModelCtx): boolean {
  if (field === 'MTZ') return true;
  if (field === 'SC' || field === 'CPZ') return sv(c);
  if (field === 'IZ' || /^EZ\d$/.test(field)) return l1sv(c);
  const sc = zoneNumber(field, /^SC(\d)$/);
  if (sc) return l1sv(c) || c.has(`SC${sc}`);
  const az = zoneNumber(field, /^AZ(\d)$/);
  if (az) return l1sv(c) || c.has(`EZ${az}`);
  return false;
}

const counter = (x: ModelField) => ({ field: x, counted: 8, restores: true });
const zoneFields = AT88SC1604_ZONES.flatMap((z) => [z.sc, ...(z.sac ? [z.sac] : []), z.ez, z.eac, z.az]).map(f);
const codes: ModelCode[] = [
  { field: f(M.sc), counter: counter(f(M.scac)) },
  ...AT88SC1604_ZONES.map((z): ModelCode => (z.sac ? { field: f(z.sc), counter: counter(f(z.sac)) } : { field: f(z.sc) })),
  ...AT88SC1604_ZONES.map((z): ModelCode => ({ field: f(z.ez), counter: counter(f(z.eac)) })),
];

export const at88sc1604ModelPart: ModelPart = {
  type: 'AT88SC1604',
  bits: AT88SC1604_BITS,
  unitBits: 8,
  cycleMicros: AT88SC1604_CYCLE_MICROS,
  fields: [f(M.fz), f(M.iz), f(M.sc), f(M.scac), f(M.cpz), ...zoneFields, f(M.mtz), f(M.fuse1), f(M.fuse2)],
  codes,
  fuses: [f(M.fuse1), f(M.fuse2)],
  level2: (bit) => bit(M.fuse2.start) === 0,
  read,
  write,
  erase: (field, c) => (erase(field, c) ? 'unit' : 'refuse'),
  counterActive: () => true,
  // SC2..SC4 have no counter: their comparison counts only once SC is validated
  compareCounts: (code, c) => !/^SC[234]$/.test(code) || sv(c),
  zoneErase: () => undefined,
  canBlow: l1sv,
};
