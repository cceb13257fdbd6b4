import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { concatBytes, parseHex, toHex } from '../../src/core/hex.ts';
import { des, sm4, tdes, type BlockCipher } from '../../src/crypto/index.ts';

/**
 * The known-answer vectors of vectors/crypto/*.json, one file per family: how they are read, and
 * how a failure is told (id, source and every byte involved).
 */

/** Hex as people write it, or a list of named fields concatenated in order (purse MAC inputs). */
export type HexInput = string | readonly { readonly field: string; readonly hex: string }[];

export type Evidence = 'published' | 'card' | 'computed';

export interface CryptoVector {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly evidence: Evidence;
  readonly op: string;
  readonly expect: string;
  readonly comment?: string;
  /** The ASCII that `plaintext` or `data` spells, where the source gives text. */
  readonly text?: string;
  readonly cipher?: 'DES' | '3DES' | 'SM4';
  readonly key?: string;
  readonly iv?: string;
  readonly plaintext?: string;
  readonly iterations?: number;
  readonly start?: string;
  readonly rounds?: number;
  readonly padding?: 1 | 2;
  readonly data?: HexInput;
  readonly length?: number;
  readonly cardKey?: string;
  readonly input?: HexInput;
  readonly sessionKey?: { readonly cardKey: string; readonly input: HexInput };
  readonly tacKey?: string;
}

export interface VectorFile {
  readonly name: string;
  readonly family: string;
  readonly comment: string;
  readonly vectors: readonly CryptoVector[];
}

const directory = new URL('../../vectors/crypto/', import.meta.url);

export function loadVectorFiles(): VectorFile[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, ...(JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as Omit<VectorFile, 'name'>) }));
}

export function hexInput(input: HexInput): Uint8Array {
  return typeof input === 'string' ? parseHex(input) : concatBytes(...input.map((part) => parseHex(part.hex, part.field)));
}

/** A field the vector's op needs; a vector without it is a broken vector, said so by id. */
export function field<K extends keyof CryptoVector>(vector: CryptoVector, name: K): NonNullable<CryptoVector[K]> {
  const value = vector[name];
  if (value === undefined || value === null) throw new Error(`${vector.id}: op ${vector.op} needs "${String(name)}"`);
  return value as NonNullable<CryptoVector[K]>;
}

export function cipherOf(vector: CryptoVector, key: Uint8Array): BlockCipher {
  const name = field(vector, 'cipher');
  return name === 'DES' ? des(key) : name === '3DES' ? tdes(key) : sm4(key);
}

/** The message a failed vector prints: what it is, where it comes from, and all the bytes. */
export function failureReport(vector: CryptoVector, inputs: Record<string, Uint8Array>, actual: Uint8Array): string {
  const lines = [`${vector.id} ${vector.title}`, `  source: ${vector.source}`];
  for (const [name, bytes] of Object.entries(inputs)) lines.push(`  ${name}: ${toHex(bytes)}`);
  lines.push(`  expected: ${vector.expect}`, `  actual:   ${toHex(actual)}`);
  return lines.join('\n');
}

/**
 * Asserts the vector's expected bytes: the whole output, or its left part when the source prints a
 * truncated value (a MAC shown as 4 bytes). A failure prints the report above.
 */
export function expectVectorBytes(vector: CryptoVector, inputs: Record<string, Uint8Array>, actual: Uint8Array, compare: 'whole' | 'left' = 'whole'): void {
  const expected = parseHex(vector.expect, `${vector.id} expect`);
  const compared = compare === 'left' ? actual.subarray(0, expected.length) : actual;
  expect(toHex(compared), failureReport(vector, inputs, actual)).to.equal(toHex(expected));
}
