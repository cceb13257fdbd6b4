import { expect } from 'chai';
import fc from 'fast-check';
import { toHex } from '../../src/core/hex.ts';
import { des, foldTacKey, macAlgorithm1, macAlgorithm3, pad, purseMac, sm4, tdes, type BlockCipher } from '../../src/crypto/index.ts';
import { referenceCbc, referenceCbcMac, referencePad1, referencePad2, xor } from './reference.ts';

/** Properties of src/crypto that hold for every key and message (fast-check; FC_SEED replays a run). */

const runs = { numRuns: 1000 };
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const anyBytes = (maxLength: number) => fc.uint8Array({ minLength: 0, maxLength });
const blocks = (blockSize: number, maxBlocks = 6) =>
  fc.integer({ min: 0, max: maxBlocks }).chain((n) => bytes(n * blockSize));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

const families: { name: string; keyLength: number; blockSize: number; make: (key: Uint8Array) => BlockCipher }[] = [
  { name: 'DES', keyLength: 8, blockSize: 8, make: des },
  { name: '3DES two-key', keyLength: 16, blockSize: 8, make: tdes },
  { name: '3DES three-key', keyLength: 24, blockSize: 8, make: tdes },
  { name: 'SM4', keyLength: 16, blockSize: 16, make: sm4 },
];

const familyAndKey = fc.constantFrom(...families).chain((family) => fc.tuple(fc.constant(family), bytes(family.keyLength)));

describe('crypto properties', () => {
  for (const family of families) {
    describe(family.name, () => {
      it('ECB: decrypt(encrypt(x)) = x, and the input is left untouched', () => {
        fc.assert(
          fc.property(bytes(family.keyLength), blocks(family.blockSize), (key, data) => {
            const before = toHex(data);
            const cipher = family.make(key);
            const encrypted = cipher.encryptEcb(data);
            expect(toHex(data)).to.equal(before);
            expect(encrypted.length).to.equal(data.length);
            expect(toHex(cipher.decryptEcb(encrypted))).to.equal(before);
          }),
          runs,
        );
      });

      it('CBC: decrypt(encrypt(x)) = x, and encryption chains as FIPS 81 defines it', () => {
        fc.assert(
          fc.property(bytes(family.keyLength), bytes(family.blockSize), blocks(family.blockSize), (key, iv, data) => {
            const cipher = family.make(key);
            const encrypted = cipher.encryptCbc(iv, data);
            expect(toHex(encrypted)).to.equal(toHex(referenceCbc(cipher, iv, data)));
            expect(toHex(cipher.decryptCbc(iv, encrypted))).to.equal(toHex(data));
          }),
          runs,
        );
      });
    });
  }

  it('DES(K) = 3DES(K ‖ K) = 3DES(K ‖ K ‖ K), in ECB and CBC [SP 800-67 keying option 3]', () => {
    fc.assert(
      fc.property(bytes(8), bytes(8), blocks(8), (key, iv, data) => {
        const single = des(key);
        for (const triple of [tdes(concat(key, key)), tdes(concat(key, key, key))]) {
          expect(toHex(triple.encryptEcb(data))).to.equal(toHex(single.encryptEcb(data)));
          expect(toHex(triple.encryptCbc(iv, data))).to.equal(toHex(single.encryptCbc(iv, data)));
        }
      }),
      runs,
    );
  });

  it('MAC algorithm 1 is the last block of the CBC chain over the padded data [ISO/IEC 9797-1 §7.2]', () => {
    fc.assert(
      fc.property(familyAndKey, fc.constantFrom(1 as const, 2 as const), anyBytes(70), ([family, key], padding, data) => {
        const cipher = family.make(key);
        const padded = padding === 1 ? referencePad1(data, family.blockSize) : referencePad2(data, family.blockSize);
        expect(toHex(macAlgorithm1(cipher, data, { padding }))).to.equal(toHex(referenceCbcMac(cipher, padded)));
      }),
      runs,
    );
  });

  it('MAC algorithm 3 with K\' = K equals MAC algorithm 1 under single DES K', () => {
    fc.assert(
      fc.property(bytes(8), fc.constantFrom(1 as const, 2 as const), anyBytes(70), fc.option(bytes(8), { nil: undefined }), (key, padding, data, iv) => {
        const options = { padding, ...(iv ? { iv } : {}) };
        expect(toHex(macAlgorithm3(concat(key, key), data, options))).to.equal(toHex(macAlgorithm1(des(key), data, options)));
      }),
      runs,
    );
  });

  describe('padding [ISO/IEC 9797-1 §6.3]', () => {
    const blockSizes = fc.constantFrom(8, 16);

    it('method 2 always adds 1..blockSize bytes: 80, then zeros', () => {
      fc.assert(
        fc.property(blockSizes, anyBytes(70), (blockSize, data) => {
          const padded = pad(data, blockSize, 2);
          const added = padded.length - data.length;
          expect(added).to.be.within(1, blockSize);
          expect(padded.length % blockSize).to.equal(0);
          expect(toHex(padded.subarray(0, data.length))).to.equal(toHex(data));
          expect(padded[data.length]).to.equal(0x80);
          expect(padded.subarray(data.length + 1).every((b) => b === 0)).to.equal(true);
        }),
        runs,
      );
    });

    it('method 1 adds only zeros and never a whole block, except one zero block for empty data', () => {
      fc.assert(
        fc.property(blockSizes, anyBytes(70), (blockSize, data) => {
          const padded = pad(data, blockSize, 1);
          const added = padded.length - data.length;
          if (data.length === 0) expect(added).to.equal(blockSize);
          else expect(added).to.be.within(0, blockSize - 1);
          expect(padded.length % blockSize).to.equal(0);
          expect(toHex(padded.subarray(0, data.length))).to.equal(toHex(data));
          expect(padded.subarray(data.length).every((b) => b === 0)).to.equal(true);
        }),
        runs,
      );
    });
  });

  describe('PBOC purse', () => {
    it('purseMac = left 4 bytes of MAC algorithm 1 under single DES, padding 2, IV 0', () => {
      fc.assert(
        fc.property(bytes(8), anyBytes(40), (key, data) => {
          expect(toHex(purseMac(key, data))).to.equal(toHex(macAlgorithm1(des(key), data, { padding: 2 }).subarray(0, 4)));
        }),
        runs,
      );
    });

    /*
     * Flipping one bit always changes the full 8-byte chain value: the padded messages have the same
     * number of blocks and differ in one block, chain values agree before it, and from there on each
     * step is a permutation (DES) of inputs that differ. The 4-byte MAC is its left half, so it
     * changes except with probability 2^-32: asserted as "equals the left half of the independent
     * computation over the changed data", which cannot flake.
     */
    it('a one-bit change of the data changes the full chain value, and the MAC follows it', () => {
      fc.assert(
        fc.property(bytes(8), anyBytes(40).filter((d) => d.length > 0), fc.nat(), fc.integer({ min: 0, max: 7 }), (key, data, at, bit) => {
          const changed = Uint8Array.from(data);
          const index = at % data.length;
          changed[index] = changed[index]! ^ (1 << bit);
          const cipher = des(key);
          const fullBefore = referenceCbcMac(cipher, referencePad2(data, 8));
          const fullAfter = referenceCbcMac(cipher, referencePad2(changed, 8));
          expect(toHex(fullAfter)).to.not.equal(toHex(fullBefore));
          expect(toHex(purseMac(key, changed))).to.equal(toHex(fullAfter.subarray(0, 4)));
          expect(toHex(purseMac(key, data))).to.equal(toHex(fullBefore.subarray(0, 4)));
        }),
        runs,
      );
    });

    it('foldTacKey(L ‖ R) = L XOR R: symmetric, zero for L = R, undone by XOR with either half', () => {
      fc.assert(
        fc.property(bytes(8), bytes(8), bytes(8), (left, right, mask) => {
          const folded = foldTacKey(concat(left, right));
          expect(toHex(folded)).to.equal(toHex(xor(left, right)));
          expect(toHex(foldTacKey(concat(right, left)))).to.equal(toHex(folded));
          expect(toHex(foldTacKey(concat(left, left)))).to.equal('00 00 00 00 00 00 00 00');
          expect(toHex(xor(folded, right))).to.equal(toHex(left));
          expect(toHex(xor(folded, left))).to.equal(toHex(right));
          // The same mask on both halves cancels: only the difference of the halves survives.
          expect(toHex(foldTacKey(concat(xor(left, mask), xor(right, mask))))).to.equal(toHex(folded));
        }),
        runs,
      );
    });
  });
});
