/**
 * GBK without a dependency. Node's built-in TextDecoder('gbk') (WHATWG gb18030 decoder with full
 * ICU) decodes; Node has no GBK encoder, so the encoder's table is built once, lazily, by decoding
 * every two-byte GBK code (lead 81..FE, trail 40..7E, 80..FE) plus the single byte 80 (euro sign).
 * Limit: only what the WHATWG GBK index covers; GB18030 four-byte sequences are refused both ways.
 * [bank-interface §2: a profile may declare GBK for text fields]
 */
let table: Map<string, Uint8Array> | undefined;

function gbkTable(): Map<string, Uint8Array> {
  if (table) return table;
  const decoder = new TextDecoder('gbk');
  const map = new Map<string, Uint8Array>();
  const add = (bytes: Uint8Array): void => {
    const char = decoder.decode(bytes);
    if (char.length === 1 && char !== '\ufffd' && !map.has(char)) map.set(char, bytes);
  };
  add(Uint8Array.of(0x80));
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail !== 0x7f) add(Uint8Array.of(lead, trail));
    }
  }
  table = map;
  return map;
}

/** The GBK bytes of `text`, or the first character GBK cannot represent. */
export function encodeGbk(text: string): { bytes: Uint8Array } | { unmappable: string } {
  const out: number[] = [];
  const map = gbkTable();
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const bytes = map.get(char);
    if (!bytes) return { unmappable: char };
    out.push(...bytes);
  }
  return { bytes: Uint8Array.from(out) };
}

/** GBK bytes to text, or undefined when they are not GBK (invalid, or GB18030 four-byte). */
export function decodeGbk(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('gbk', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const back = encodeGbk(text);
  if (!('bytes' in back) || Buffer.compare(Buffer.from(back.bytes), Buffer.from(bytes)) !== 0) return undefined;
  return text;
}

/** Length of the GBK character starting at `bytes[i]`: 2 for a lead byte followed by a trail byte. */
export function gbkCharLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const trail = bytes[i + 1];
  if (lead >= 0x81 && lead <= 0xfe && trail !== undefined && trail >= 0x40 && trail <= 0xfe && trail !== 0x7f) return 2;
  return 1;
}
