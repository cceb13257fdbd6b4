import { expect } from 'chai';
import fc from 'fast-check';
import { toHex } from '../../src/core/hex.ts';
import { diversifyKey, tdes } from '../../src/crypto/index.ts';

/**
 * Key dispersion (diversification). No public vector with a master key exists (research note
 * psam_hsm.md §1.3, §8), so it is tested by its definition, never by an invented "golden" value:
 * DK = 3DES(MK, factor) ‖ 3DES(MK, NOT factor), and two levels apply the same step twice.
 */

const runs = { numRuns: 1000 };
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const masterKey = fc.oneof(bytes(16), bytes(24));
const not = (factor: Uint8Array) => Uint8Array.from(factor, (b) => 0xff - b);

/** The definition spelled out with one 3DES-ECB call per half. */
function byDefinition(master: Uint8Array, factor: Uint8Array): string {
  const cipher = tdes(master);
  return `${toHex(cipher.encryptEcb(factor))} ${toHex(cipher.encryptEcb(not(factor)))}`;
}

describe('key dispersion (diversifyKey)', () => {
  it('is 3DES(MK, f) ‖ 3DES(MK, NOT f), for two- and three-key masters, leaving the factor untouched', () => {
    fc.assert(
      fc.property(masterKey, bytes(8), (master, factor) => {
        const before = toHex(factor);
        const derived = diversifyKey(master, factor);
        expect(derived.length).to.equal(16);
        expect(toHex(derived)).to.equal(byDefinition(master, factor));
        expect(toHex(factor)).to.equal(before);
      }),
      runs,
    );
  });

  it('swaps its halves when the factor is complemented', () => {
    fc.assert(
      fc.property(masterKey, bytes(8), (master, factor) => {
        const derived = diversifyKey(master, factor);
        const swapped = diversifyKey(master, not(factor));
        expect(toHex(swapped)).to.equal(toHex(Uint8Array.from([...derived.subarray(8), ...derived.subarray(0, 8)])));
      }),
      runs,
    );
  });

  it('two-level dispersion (e.g. city code, then card number) applies the step to the level-1 key', () => {
    fc.assert(
      fc.property(masterKey, bytes(8), bytes(8), (master, first, second) => {
        const level1 = diversifyKey(master, first);
        const level2 = diversifyKey(level1, second);
        expect(toHex(level1)).to.equal(byDefinition(master, first));
        expect(toHex(level2)).to.equal(byDefinition(level1, second));
      }),
      runs,
    );
  });
});
