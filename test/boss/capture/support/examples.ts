import { readFileSync } from 'node:fs';
import { parseHex } from '../../../../src/core/hex.ts';

interface ExampleFile {
  frames: { id: string; hex: string }[];
}

const file = JSON.parse(readFileSync(new URL('../../../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as ExampleFile;

/** A §8 example frame, whole (prefix + body): query, query-answer, payment, payment-answer. */
export function exampleFrame(id: 'query' | 'query-answer' | 'payment' | 'payment-answer'): Uint8Array {
  const frame = file.frames.find((f) => f.id === id);
  if (!frame) throw new Error(`no example frame ${id}`);
  return parseHex(frame.hex);
}

export const CAPTURES_DIR = new URL('../../../../vectors/boss/captures/', import.meta.url);

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
