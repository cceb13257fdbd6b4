import { hexByte } from '../../core/hex.ts';
/**
 * Frames as people read them. Frames are mostly printable ASCII [bank-interface §2], so both forms
 * show such bytes as they are and differ only in the rest.
 */

const isPrintable = (b: number): boolean => b >= 0x20 && b <= 0x7e;

/**
 * Every other byte as `.`: one character per byte, lossy. The `text` key of a capture line and the
 * frames of a replay report (docs/boss/capture.md §1, §4).
 */
export function readableText(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (isPrintable(b) ? String.fromCharCode(b) : '.')).join('');
}

/**
 * Every other byte, and the backslash, as `\xNN`: nothing lost, so evidence and emulator output show
 * exactly what crossed the wire.
 */
export function escapedText(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (isPrintable(b) && b !== 0x5c ? String.fromCharCode(b) : `\\x${hexByte(b)}`)).join('');
}
