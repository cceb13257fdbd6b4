import { inField, type BitField } from '../../../src/cards/at88sc102/family.ts';
import {
  AT88SC1604_ATTEMPTS,
  AT88SC1604_BITS,
  AT88SC1604_CYCLE_MICROS,
  AT88SC1604_ERASE_UNIT_BITS,
  AT88SC1604_MAP as M,
  AT88SC1604_ZONES,
  type At88sc1604Zone,
} from '../../../src/cards/at88sc1604/commands.ts';
import type { ChipView, EraseAction, PartRules } from '../at88sc10x-common/rules.ts';
import type { CodeSpec, CounterSpec } from '../at88sc10x-common/security-state.ts';

const counter = (field: BitField): CounterSpec => ({ field, countedBits: AT88SC1604_ATTEMPTS, kind: 'restore' });

export const SC_CODE: CodeSpec = { field: M.sc, counter: counter(M.scac) };
/** Zone security codes: only SC1 has a counter (S1AC); SC2–SC4 have none. [sqf-ice sc102_1604.c try_times 0] */
export const ZONE_CODES: readonly CodeSpec[] = AT88SC1604_ZONES.map((z) => (z.sac ? { field: z.sc, counter: counter(z.sac) } : { field: z.sc }));
/** Erase keys, each with its EnAC. [ee.mweda.com 196682 (7) "擦除密码比较计数区 EnAC"] */
export const ERASE_KEYS: readonly CodeSpec[] = AT88SC1604_ZONES.map((z) => ({ field: z.ez, counter: counter(z.eac) }));

/** Security level 2: FUSE2 blown. [ee.mweda.com 196682 (6): EZn "在芯片熔丝FUSE2熔断之后 … 只能进行比较操作"] */
export const securityLevel2 = (v: ChipView): boolean => v.bit(M.fuse2.start) === 0;
const sv = (v: ChipView): boolean => v.validated('SC');
const level1WithCode = (v: ChipView): boolean => !securityLevel2(v) && sv(v);

function zoneWith(bit: number, pick: (z: At88sc1604Zone) => BitField | undefined): number | undefined {
  const index = AT88SC1604_ZONES.findIndex((z) => {
    const f = pick(z);
    return f !== undefined && inField(f, bit);
  });
  return index < 0 ? undefined : index + 1;
}

const zoneCodeOk = (v: ChipView, n: number): boolean => v.validated(`SC${n}`);
/** Pn and Rn are the first two bits of AZn. [ee.mweda.com 196682 (8) "由该区的前两位Pn和Rn以及SV标志的状态控制"] */
const zoneBit = (v: ChipView, n: number, which: 'p' | 'r'): number => v.bit(AT88SC1604_ZONES[n - 1]!.az.start + (which === 'p' ? 0 : 1));

/**
 * AT88SC1604 access rules, reconstructed (the Atmel datasheet was not found): level 1 = FUSE2
 * intact (personalisation, the security code SC opens everything), level 2 = FUSE2 blown (each zone
 * opened by its own code SCn, erased only after its erase key EZn).
 */
export const at88sc1604Rules: PartRules = {
  type: 'AT88SC1604',
  bits: AT88SC1604_BITS,
  eraseUnitBits: AT88SC1604_ERASE_UNIT_BITS,
  cycleMicros: AT88SC1604_CYCLE_MICROS,
  codes: [SC_CODE, ...ZONE_CODES, ...ERASE_KEYS],

  canRead(bit, v) {
    if (inField(M.sc, bit) || zoneWith(bit, (z) => z.sc) || zoneWith(bit, (z) => z.ez)) return level1WithCode(v);
    const n = zoneWith(bit, (z) => z.az);
    if (n) return zoneBit(v, n, 'r') === 1 || zoneCodeOk(v, n) || level1WithCode(v);
    return true;
  },

  canWrite(bit, v) {
    if (inField(M.fz, bit) || bit >= M.fuse1.start) return false;
    if (inField(M.scac, bit) || inField(M.mtz, bit) || zoneWith(bit, (z) => z.sac) || zoneWith(bit, (z) => z.eac)) return true;
    if (inField(M.iz, bit) || zoneWith(bit, (z) => z.ez)) return level1WithCode(v);
    const code = zoneWith(bit, (z) => z.sc);
    if (code) return level1WithCode(v) || zoneCodeOk(v, code);
    const n = zoneWith(bit, (z) => z.az);
    if (n) return level1WithCode(v) || (zoneCodeOk(v, n) && zoneBit(v, n, 'p') === 1);
    return sv(v); // SC, CPZ
  },

  eraseAction(unit: BitField, v): EraseAction {
    const bit = unit.start;
    const allow = (ok: boolean): EraseAction => (ok ? { kind: 'erase', ranges: [unit] } : { kind: 'refuse' });
    if (inField(M.fz, bit) || bit >= M.fuse1.start) return { kind: 'refuse' };
    if (inField(M.mtz, bit)) return allow(true);
    if (inField(M.iz, bit) || zoneWith(bit, (z) => z.ez)) return allow(level1WithCode(v));
    const code = zoneWith(bit, (z) => z.sc);
    if (code) return allow(level1WithCode(v) || zoneCodeOk(v, code));
    // level 2: "如需对应用区进行擦除操作,都必须首先对相应的EZ区输送一个擦除密码" [ee.mweda.com 196682 (6)]
    const n = zoneWith(bit, (z) => z.az);
    if (n) return allow(level1WithCode(v) || v.validated(`EZ${n}`));
    return allow(sv(v)); // SC, CPZ
  },

  counterActive: () => true,
  // SC2–SC4 have no counter, so a comparison only counts once SC is validated (inferred: otherwise they could be guessed freely)
  compareCounts: (code, v) => code.counter !== undefined || !ZONE_CODES.includes(code) || sv(v),
  zoneErase: () => undefined,
  fuseAt: (bit) => [M.fuse1, M.fuse2].find((f) => inField(f, bit)),
  canBlow: (_fuse, v) => level1WithCode(v),
};
