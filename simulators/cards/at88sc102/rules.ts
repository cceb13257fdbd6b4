import { inField, type BitField } from '../../../src/cards/at88sc102/family.ts';
import {
  AT88SC102_BITS,
  AT88SC102_CYCLE_MICROS,
  AT88SC102_EC2_ERASES,
  AT88SC102_ERASE_UNIT_BITS,
  AT88SC102_MAP as M,
  AT88SC102_SC_ATTEMPTS,
  AT88SC102_ZONE_BITS,
} from '../../../src/cards/at88sc102/commands.ts';
import type { ChipView, EraseAction, PartRules } from '../at88sc10x-common/rules.ts';
import type { CodeSpec } from '../at88sc10x-common/security-state.ts';

export const SC_CODE: CodeSpec = { field: M.sc, counter: { field: M.scac, countedBits: AT88SC102_SC_ATTEMPTS, kind: 'restore' } };
export const EZ1_CODE: CodeSpec = { field: M.ez1 };
/** EZ2 pays each zone erase with one EC2 bit while the EC2EN fuse is intact. [ACS ERASE_APPLICATION_ZONE_WITH_WRITE_AND_ERASE, "Error Counter LEN 80h"] */
export const EZ2_CODE: CodeSpec = { field: M.ez2, counter: { field: M.ec2, countedBits: AT88SC102_EC2_ERASES, kind: 'consume' } };

/** Security level 2: the issuer fuse is blown. [AT88SC102 §2: records locked "after personalization"] */
export const securityLevel2 = (v: ChipView): boolean => v.bit(M.issuerFuse.start) === 0;
const sv = (v: ChipView): boolean => v.validated('SC');
const level1WithCode = (v: ChipView): boolean => !securityLevel2(v) && sv(v);
const ec2Active = (v: ChipView): boolean => v.bit(M.ec2enFuse.start) === 1;

function zoneOf(bit: number): 1 | 2 | undefined {
  return inField(M.az1, bit) ? 1 : inField(M.az2, bit) ? 2 : undefined;
}

/** Pn = 1: the zone may be written with the code; Rn = 1: read by anyone. [limpkin/mooltipass set_authenticated_readwrite_to_zone1] */
const zoneBit = (v: ChipView, zone: 1 | 2, which: 'p' | 'r'): number => v.bit(AT88SC102_ZONE_BITS[zone][which]);

/**
 * AT88SC102 access rules. Reconstructed from the memory-map table and what production drivers rely
 * on, since the datasheet's access table could not be read in full: "SV" is the security code
 * validated this session, "level 2" the issuer fuse blown.
 */
export const at88sc102Rules: PartRules = {
  type: 'AT88SC102',
  bits: AT88SC102_BITS,
  eraseUnitBits: AT88SC102_ERASE_UNIT_BITS,
  cycleMicros: AT88SC102_CYCLE_MICROS,
  codes: [SC_CODE, EZ1_CODE, EZ2_CODE],

  canRead(bit, v) {
    // SC and the erase keys are never shown in level 2; unreadable bits clock out as 1
    // [mooltipass check_hidden_aes_key_contents expects FF from a hidden AZ1]
    if (inField(M.sc, bit) || inField(M.ez1, bit) || inField(M.ez2, bit)) return level1WithCode(v);
    const zone = zoneOf(bit);
    if (zone) return zoneBit(v, zone, 'r') === 1 || sv(v);
    return true;
  },

  canWrite(bit, v) {
    if (inField(M.fz, bit) || bit >= M.blockErase.start) return false; // FZ by Atmel; fuses only by BLOW FUSE
    if (inField(M.scac, bit) || inField(M.mtz, bit)) return true; // paying an attempt; test zone is free
    if (inField(M.ec2, bit)) return securityLevel2(v) || sv(v); // level 2: paying an AZ2 erase
    if (inField(M.iz, bit) || inField(M.ez1, bit) || inField(M.ez2, bit)) return level1WithCode(v);
    if (inField(M.mfz, bit)) return sv(v) && v.bit(M.manufacturerFuse.start) === 1;
    const zone = zoneOf(bit);
    if (zone) return sv(v) && (!securityLevel2(v) || zoneBit(v, zone, 'p') === 1);
    return sv(v); // SC, CPZ
  },

  eraseAction(unit: BitField, v): EraseAction {
    const bit = unit.start;
    const allow = (ok: boolean): EraseAction => (ok ? { kind: 'erase', ranges: [unit] } : { kind: 'refuse' });
    if (inField(M.fz, bit) || bit >= M.manufacturerFuse.start) return { kind: 'refuse' };
    if (inField(M.mtz, bit)) return allow(true);
    if (inField(M.blockErase, bit)) {
      // [mooltipass reset_blank_card: an erase in the block word erases all "excluding FZ/MTZ/MFZ"]
      return level1WithCode(v) ? { kind: 'erase', ranges: [{ name: 'IZ..EC2', start: M.iz.start, bits: M.mtz.start - M.iz.start }] } : { kind: 'refuse' };
    }
    if (inField(M.iz, bit) || inField(M.ez1, bit) || inField(M.ez2, bit) || inField(M.ec2, bit)) return allow(level1WithCode(v));
    if (inField(M.mfz, bit)) return allow(sv(v) && v.bit(M.manufacturerFuse.start) === 1);
    const zone = zoneOf(bit);
    if (zone) {
      // level 2: word erases need Pn = 1, and AZ2's only while EC2 does not count its erases
      const level2Ok = zoneBit(v, zone, 'p') === 1 && !(zone === 2 && ec2Active(v));
      return allow(sv(v) && (!securityLevel2(v) || level2Ok));
    }
    return allow(sv(v)); // SC, CPZ
  },

  counterActive: (code, v) => code !== EZ2_CODE || ec2Active(v),
  compareCounts: () => true,

  zoneErase(zone) {
    if (zone === 1) return { key: EZ1_CODE, zone: M.az1 };
    if (zone === 2) return { key: EZ2_CODE, zone: M.az2 };
    return undefined;
  },

  fuseAt(bit) {
    return [M.manufacturerFuse, M.ec2enFuse, M.issuerFuse].find((f) => inField(f, bit));
  },

  // Fuses are blown during personalisation only, with the code validated. [mooltipass transform_blank_card]
  canBlow: (_fuse, v) => level1WithCode(v),
};
