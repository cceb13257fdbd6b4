import type { TextEncodingName } from '../profile/types.ts';
import { decodeGbk, encodeGbk } from './gbk.ts';

/** Text ↔ bytes in a field's declared encoding. [bank-interface §2] */
export type EncodeResult = { bytes: Uint8Array } | { problem: string };

export function encodeText(text: string, encoding: TextEncodingName): EncodeResult {
  switch (encoding) {
    case 'ascii': {
      const bad = /[^\x00-\x7f]/u.exec(text);
      return bad ? { problem: `'${bad[0]}' is not ASCII` } : { bytes: Uint8Array.from(Buffer.from(text, 'latin1')) };
    }
    case 'utf-8':
      if (/\p{Surrogate}/u.test(text)) return { problem: 'lone surrogate is not UTF-8' };
      return { bytes: Uint8Array.from(Buffer.from(text, 'utf8')) };
    case 'gbk': {
      const result = encodeGbk(text);
      return 'bytes' in result ? result : { problem: `'${result.unmappable}' has no GBK code` };
    }
  }
}

export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  switch (encoding) {
    case 'ascii':
      return bytes.every((b) => b < 0x80) ? Buffer.from(bytes).toString('latin1') : undefined;
    case 'utf-8':
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        return undefined;
      }
    case 'gbk':
      return decodeGbk(bytes);
  }
}

/** Encoded byte length, or undefined when the text cannot be encoded. */
export function byteLength(text: string, encoding: TextEncodingName): number | undefined {
  const result = encodeText(text, encoding);
  return 'bytes' in result ? result.bytes.length : undefined;
}
