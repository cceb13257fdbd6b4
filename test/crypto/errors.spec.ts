import { expect } from 'chai';
import { StbpayError } from '../../src/core/errors.ts';
import {
  CryptoInputError,
  des,
  desFamily,
  diversifyKey,
  foldTacKey,
  keyCheckValue,
  macAlgorithm1,
  macAlgorithm3,
  purseMac,
  sessionKey,
  sm4,
  tdes,
  type BlockCipher,
} from '../../src/crypto/index.ts';

/** Bad keys, blocks and IVs: a CryptoInputError that names the field and the length that came. */
function expectInputError(action: () => unknown, field: string, length: number): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `${field} of ${length} bytes is refused`).to.be.instanceOf(CryptoInputError);
  const error = thrown as CryptoInputError;
  expect(error).to.be.instanceOf(StbpayError);
  expect(error.code).to.equal('STBPAY_ERR_CRYPTO_INPUT');
  expect(error.name).to.equal('CryptoInputError');
  expect(error.field).to.equal(field);
  expect(error.length).to.equal(length);
  expect(error.message).to.contain(`${field}: ${length} bytes`);
}

const bytes = (length: number): Uint8Array => new Uint8Array(length).fill(0x5a);

describe('crypto input errors (CryptoInputError)', () => {
  describe('key lengths', () => {
    it('DES takes 8 bytes only', () => {
      for (const length of [0, 7, 9, 16, 24]) expectInputError(() => des(bytes(length)), 'DES key', length);
    });

    it('3DES takes 16 (two-key) or 24 (three-key) bytes only', () => {
      for (const length of [0, 8, 15, 17, 23, 25, 32]) expectInputError(() => tdes(bytes(length)), '3DES key', length);
      expect(tdes(bytes(16)).name).to.equal('3DES-2KEY');
      expect(tdes(bytes(24)).name).to.equal('3DES-3KEY');
    });

    it('SM4 takes 16 bytes only', () => {
      for (const length of [0, 8, 15, 17, 24, 32]) expectInputError(() => sm4(bytes(length)), 'SM4 key', length);
    });

    it('desFamily picks DES for 8 bytes, 3DES for 16 and 24, and refuses the rest as a 3DES key', () => {
      expect(desFamily(bytes(8)).name).to.equal('DES');
      expect(desFamily(bytes(16)).name).to.equal('3DES-2KEY');
      expect(desFamily(bytes(24)).name).to.equal('3DES-3KEY');
      for (const length of [0, 7, 12, 32]) expectInputError(() => desFamily(bytes(length)), '3DES key', length);
    });

    it('MAC algorithm 3 takes K ‖ K\' of 16 bytes', () => {
      for (const length of [8, 15, 24]) expectInputError(() => macAlgorithm3(bytes(length), bytes(8), { padding: 2 }), 'MAC algorithm 3 key', length);
    });

    it('the purse MAC takes an 8-byte session or folded TAC key', () => {
      for (const length of [0, 7, 16]) expectInputError(() => purseMac(bytes(length), bytes(4)), 'purse MAC key', length);
    });

    it('the TAC key to fold is 16 bytes', () => {
      for (const length of [8, 15, 24]) expectInputError(() => foldTacKey(bytes(length)), 'TAC key', length);
    });

    it('session keys need a 16/24-byte card key and an 8-byte input', () => {
      for (const length of [0, 4, 7, 9, 16]) expectInputError(() => sessionKey(bytes(16), bytes(length)), 'session key input', length);
      expectInputError(() => sessionKey(bytes(8), bytes(8)), '3DES key', 8);
    });

    it('a key check value is 1 to one block of bytes long', () => {
      for (const length of [0, -1, 9]) expectInputError(() => keyCheckValue(des(bytes(8)), length), 'key check value length', length);
      for (const length of [0, 17]) expectInputError(() => keyCheckValue(sm4(bytes(16)), length), 'key check value length', length);
    });

    it('dispersion needs an 8-byte factor and a 16/24-byte master key', () => {
      for (const length of [0, 7, 9, 16]) expectInputError(() => diversifyKey(bytes(16), bytes(length)), 'dispersion factor', length);
      expectInputError(() => diversifyKey(bytes(8), bytes(8)), '3DES key', 8);
    });
  });

  const ciphers: [string, BlockCipher][] = [
    ['DES', des(bytes(8))],
    ['3DES-2KEY', tdes(bytes(16))],
    ['3DES-3KEY', tdes(bytes(24))],
    ['SM4', sm4(bytes(16))],
  ];

  for (const [name, cipher] of ciphers) {
    describe(`${name} blocks and IVs`, () => {
      const block = cipher.blockSize;

      it(`refuses data that is not a multiple of the ${block}-byte block, in every mode and direction`, () => {
        for (const length of [1, block - 1, block + 1, 3 * block - 1]) {
          expectInputError(() => cipher.encryptEcb(bytes(length)), `${name} data`, length);
          expectInputError(() => cipher.decryptEcb(bytes(length)), `${name} data`, length);
          expectInputError(() => cipher.encryptCbc(bytes(block), bytes(length)), `${name} data`, length);
          expectInputError(() => cipher.decryptCbc(bytes(block), bytes(length)), `${name} data`, length);
        }
      });

      it(`refuses an IV that is not one ${block}-byte block`, () => {
        for (const length of [0, block - 1, block + 1, 2 * block]) {
          expectInputError(() => cipher.encryptCbc(bytes(length), bytes(block)), `${name} IV`, length);
          expectInputError(() => cipher.decryptCbc(bytes(length), bytes(block)), `${name} IV`, length);
        }
      });

      it('takes empty data as zero blocks', () => {
        expect(cipher.encryptEcb(new Uint8Array(0)).length).to.equal(0);
        expect(cipher.encryptCbc(bytes(block), new Uint8Array(0)).length).to.equal(0);
      });
    });
  }

  it('a MAC with a wrong-length IV names the cipher\'s IV', () => {
    expectInputError(() => macAlgorithm1(des(bytes(8)), bytes(8), { padding: 1, iv: bytes(16) }), 'DES IV', 16);
    expectInputError(() => macAlgorithm1(sm4(bytes(16)), bytes(8), { padding: 2, iv: bytes(8) }), 'SM4 IV', 8);
  });
});
