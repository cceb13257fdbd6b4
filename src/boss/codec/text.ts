import type { TextEncodingName } from '../profile/types.ts';
import { decodeGbk, encodeGbk } from './gbk.ts';

/** Text ↔ bytes in a field's declared encoding. [bank-interface §2] */
export type EncodeResult = { bytes: Uint8Array } | { problem: string };

export function encodeText(text: string, encoding: TextEncodingName): EncodeResult {
  switch (encoding) {
    case 'ascii': {
      // one pass over the characters, straight into the result: fields are short and this runs per field
      const bytes = asciiBytes(text);
      if (bytes !== undefined) return { bytes };
      const bad = /[^\x00-\x7f]/u.exec(text);
      return { problem: `'${bad?.[0] ?? ''}' is not ASCII` };
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
      return isAscii(bytes) ? latin1View(bytes).toString('latin1') : undefined;
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
  switch (encoding) {
    case 'ascii':
      return isAsciiText(text) ? text.length : undefined;
    case 'utf-8':
      return /\p{Surrogate}/u.test(text) ? undefined : Buffer.byteLength(text, 'utf8');
    case 'gbk': {
      const result = encodeText(text, encoding);
      return 'bytes' in result ? result.bytes.length : undefined;
    }
  }
}

/** The bytes of an all-ASCII string, or undefined when a character is above 0x7F. */
function asciiBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

function isAsciiText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) > 0x7f) return false;
  return true;
}

/** A Buffer over the same memory (no copy), for Node's string decoding. */
function latin1View(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
