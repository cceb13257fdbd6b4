import { AT88SC102_BITS, AT88SC102_CYCLE_MICROS, AT88SC102_MAP as M } from '../../../src/cards/at88sc102/commands.ts';
import type { ModelCtx, ModelField, ModelPart } from './family-model.ts';

/**
 * AT88SC102 reference model: the datasheet's access rules as one table per operation (see
 * docs/cards/at88sc102.md §Access). "sv" = SC validated this session, "l2" = issuer fuse blown.
 */
type Rule = (c: ModelCtx) => boolean;

const sv: Rule = (c) => c.has('SC');
const l1sv: Rule = (c) => !c.level2 && c.has('SC');
const always: Rule = () => true;
const never: Rule = () => false;
const p1 = (c: ModelCtx): boolean => c.bit(176) === 1;
const r1 = (c: ModelCtx): boolean => c.bit(177) === 1;
const p2 = (c: ModelCtx): boolean => c.bit(736) === 1;
const r2 = (c: ModelCtx): boolean => c.bit(737) === 1;
const ec2Counts = (c: ModelCtx): boolean => c.bit(1529) === 1;
const manufacturerIntact = (c: ModelCtx): boolean => c.bit(1456) === 1;

const READ: Record<string, Rule> = {
  SC: l1sv,
  EZ1: l1sv,
  EZ2: l1sv,
  AZ1: (c) => r1(c) || sv(c),
  AZ2: (c) => r2(c) || sv(c),
};

const WRITE: Record<string, Rule> = {
  FZ: never,
  IZ: l1sv,
  SC: sv,
  SCAC: always,
  CPZ: sv,
  AZ1: (c) => sv(c) && (!c.level2 || p1(c)),
  EZ1: l1sv,
  AZ2: (c) => sv(c) && (!c.level2 || p2(c)),
  EZ2: l1sv,
  EC2: (c) => c.level2 || sv(c),
  MTZ: always,
  MFZ: (c) => sv(c) && manufacturerIntact(c),
};

const ERASE: Record<string, Rule> = {
  IZ: l1sv,
  SC: sv,
  CPZ: sv,
  AZ1: (c) => sv(c) && (!c.level2 || p1(c)),
  EZ1: l1sv,
  AZ2: (c) => sv(c) && (!c.level2 || (p2(c) && !ec2Counts(c))),
  EZ2: l1sv,
  EC2: l1sv,
  MTZ: always,
  MFZ: (c) => sv(c) && manufacturerIntact(c),
};

const f = (x: { name: string; start: number; bits: number }): ModelField => ({ name: x.name, start: x.start, bits: x.bits });
const FIELDS: ModelField[] = Object.values(M).map(f);
const BLOCK_RANGE: readonly ModelField[] = [{ name: 'IZ..EC2', start: 16, bits: 1408 - 16 }];

export const at88sc102ModelPart: ModelPart = {
  type: 'AT88SC102',
  bits: AT88SC102_BITS,
  unitBits: 16,
  cycleMicros: AT88SC102_CYCLE_MICROS,
  fields: FIELDS,
  codes: [
    { field: f(M.sc), counter: { field: f(M.scac), counted: 4, restores: true } },
    { field: f(M.ez1) },
    { field: f(M.ez2), counter: { field: f(M.ec2), counted: 128, restores: false } },
  ],
  fuses: [f(M.manufacturerFuse), f(M.ec2enFuse), f(M.issuerFuse)],
  level2: (bit) => bit(1552) === 0,
  read: (field, c) => (READ[field] ?? always)(c),
  write: (field, c) => (WRITE[field] ?? never)(c),
  erase(field, c) {
    if (field === 'BLOCK') return l1sv(c) ? BLOCK_RANGE : 'refuse';
    return (ERASE[field] ?? never)(c) ? 'unit' : 'refuse';
  },
  counterActive: (code, c) => code !== 'EZ2' || ec2Counts(c),
  compareCounts: () => true,
  zoneErase(zone) {
    if (zone === 1) return { key: 'EZ1', zone: f(M.az1) };
    if (zone === 2) return { key: 'EZ2', zone: f(M.az2) };
    return undefined;
  },
  canBlow: l1sv,
};
