import { expect } from 'chai';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { foldTacKey, keyCheckValue, macAlgorithm1, macAlgorithm3, purseMac, sessionKey } from '../../src/crypto/index.ts';
import { cipherOf, expectVectorBytes, field, hexInput, loadVectorFiles, type CryptoVector } from './vector-file.ts';

/**
 * Every known-answer vector of vectors/crypto/*.json, checked through src/crypto/index.ts. A failure
 * prints the vector's id, its source and all the bytes (test/crypto/vector-file.ts).
 */

type Runner = (vector: CryptoVector) => void;

const runners: Record<string, Runner> = {
  'encrypt-ecb': (v) => {
    const key = parseHex(field(v, 'key'));
    const plaintext = parseHex(field(v, 'plaintext'));
    const cipher = cipherOf(v, key);
    const ciphertext = cipher.encryptEcb(plaintext);
    expectVectorBytes(v, { key, plaintext }, ciphertext);
    expect(toHex(cipher.decryptEcb(ciphertext)), `${v.id}: decrypting the expected block gives the plaintext back`).to.equal(toHex(plaintext));
  },
  'encrypt-cbc': (v) => {
    const key = parseHex(field(v, 'key'));
    const iv = parseHex(field(v, 'iv'));
    const plaintext = parseHex(field(v, 'plaintext'));
    const cipher = cipherOf(v, key);
    const ciphertext = cipher.encryptCbc(iv, plaintext);
    expectVectorBytes(v, { key, iv, plaintext }, ciphertext);
    expect(toHex(cipher.decryptCbc(iv, ciphertext)), `${v.id}: CBC decryption gives the plaintext back`).to.equal(toHex(plaintext));
  },
  // E iterated n times in one call: CBC over n zero blocks with IV = x gives C(i) = E(C(i-1) XOR 0).
  'encrypt-ecb-iterated': (v) => {
    const key = parseHex(field(v, 'key'));
    const plaintext = parseHex(field(v, 'plaintext'));
    const cipher = cipherOf(v, key);
    const chain = cipher.encryptCbc(plaintext, new Uint8Array(cipher.blockSize * field(v, 'iterations')));
    let block = plaintext;
    for (let i = 0; i < 1000; i++) block = cipher.encryptEcb(block);
    expect(toHex(block), `${v.id}: 1,000 ECB steps equal CBC block 1,000`).to.equal(toHex(chain.subarray(999 * cipher.blockSize, 1000 * cipher.blockSize)));
    expectVectorBytes(v, { key, plaintext }, chain.subarray(chain.length - cipher.blockSize));
  },
  // [Rivest 1985] X(i+1) = E(Xi, Xi) for even i, D(Xi, Xi) for odd i.
  'rivest-recurrence': (v) => {
    const start = parseHex(field(v, 'start'));
    let x = start;
    for (let i = 0; i < field(v, 'rounds'); i++) x = i % 2 === 0 ? cipherOf(v, x).encryptEcb(x) : cipherOf(v, x).decryptEcb(x);
    expectVectorBytes(v, { start }, x);
  },
  'mac-algorithm-1': (v) => {
    const key = parseHex(field(v, 'key'));
    const data = hexInput(field(v, 'data'));
    const iv = v.iv === undefined ? undefined : parseHex(v.iv);
    const mac = macAlgorithm1(cipherOf(v, key), data, { padding: field(v, 'padding'), ...(iv ? { iv } : {}) });
    expectVectorBytes(v, { key, data, ...(iv ? { iv } : {}) }, mac, 'left');
  },
  'mac-algorithm-3': (v) => {
    const key = parseHex(field(v, 'key'));
    const data = hexInput(field(v, 'data'));
    expectVectorBytes(v, { key, data }, macAlgorithm3(key, data, { padding: field(v, 'padding') }), 'left');
  },
  'key-check-value': (v) => {
    const key = parseHex(field(v, 'key'));
    expectVectorBytes(v, { key }, keyCheckValue(cipherOf(v, key), field(v, 'length')));
  },
  'session-key': (v) => {
    const cardKey = parseHex(field(v, 'cardKey'));
    const input = hexInput(field(v, 'input'));
    expectVectorBytes(v, { cardKey, input }, sessionKey(cardKey, input));
  },
  'fold-tac-key': (v) => {
    const tacKey = parseHex(field(v, 'tacKey'));
    expectVectorBytes(v, { tacKey }, foldTacKey(tacKey));
  },
  'purse-mac': (v) => {
    const { key, inputs } = purseKey(v);
    const data = hexInput(field(v, 'data'));
    expectVectorBytes(v, { ...inputs, key, data }, purseMac(key, data));
  },
};

/** The 8-byte purse MAC key, given directly, as a session key to derive, or as a TAC key to fold. */
function purseKey(v: CryptoVector): { key: Uint8Array; inputs: Record<string, Uint8Array> } {
  if (v.sessionKey) {
    const cardKey = parseHex(v.sessionKey.cardKey);
    const input = hexInput(v.sessionKey.input);
    return { key: sessionKey(cardKey, input), inputs: { cardKey, sessionInput: input } };
  }
  if (v.tacKey) {
    const tacKey = parseHex(v.tacKey);
    return { key: foldTacKey(tacKey), inputs: { tacKey } };
  }
  return { key: parseHex(field(v, 'key')), inputs: {} };
}

describe('crypto known-answer vectors (vectors/crypto)', () => {
  const files = loadVectorFiles();
  const all = files.flatMap((file) => file.vectors);

  it('has one file per family, each vector with a unique id, a title, a source and a known op', () => {
    expect(files.map((f) => f.name)).to.include.members(['des-tdes.json', 'iso9797-1-mac.json', 'key-check-value.json', 'pboc-purse.json', 'sm4.json']);
    for (const file of files) expect(file.vectors.length, file.name).to.be.greaterThan(0);
    expect(new Set(all.map((v) => v.id)).size, 'unique ids').to.equal(all.length);
    for (const v of all) {
      expect(v.title, v.id).to.be.a('string').and.not.equal('');
      expect(v.source.length, `${v.id} cites its source`).to.be.greaterThan(20);
      expect(['published', 'card', 'computed'], `${v.id} evidence`).to.include(v.evidence);
      expect(Object.keys(runners), `${v.id} op`).to.include(v.op);
    }
  });

  it('says "computed" in the source of every value that no standard, document or card gives', () => {
    for (const v of all.filter((x) => x.evidence === 'computed')) expect(v.source, v.id).to.match(/computed/i);
  });

  it('keeps the ASCII text and the hex of each vector in step', () => {
    for (const v of all.filter((x) => x.text !== undefined)) {
      const bytes = hexInput(v.data ?? field(v, 'plaintext'));
      expect(Buffer.from(bytes).toString('latin1'), v.id).to.equal(v.text);
    }
  });

  for (const file of files) {
    describe(`${file.name}: ${file.family}`, () => {
      for (const vector of file.vectors) {
        it(`${vector.id} [${vector.evidence}]: ${vector.title}`, () => {
          const run = runners[vector.op];
          if (!run) throw new Error(`${vector.id}: unknown op ${vector.op}`);
          run(vector);
        });
      }
    });
  }
});
