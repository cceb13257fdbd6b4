/**
 * A command APDU as the card sees it, short form only [ISO/IEC 7816-4 §5.1]:
 * case 1 `CLA INS P1 P2`, case 2 `… Le`, case 3 `… Lc data`, case 4 `… Lc data Le`.
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Ne, the number of bytes expected (Le 00 means 256); undefined when the command has no Le. */
  readonly ne: number | undefined;
}

/** Parses a short command APDU; undefined when its length does not fit any of the four cases. */
export function parseCommand(bytes: Uint8Array): CommandApdu | undefined {
  if (bytes.length < 4) return undefined;
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const head = { cla, ins, p1, p2 };
  if (bytes.length === 4) return { ...head, data: new Uint8Array(0), ne: undefined };
  const p3 = bytes[4]!;
  if (bytes.length === 5) return { ...head, data: new Uint8Array(0), ne: p3 === 0 ? 256 : p3 };
  // Lc = 00 is not a short-form Lc [ISO/IEC 7816-4 §5.1]; only case 3 and 4 lengths remain.
  if (p3 === 0) return undefined;
  if (bytes.length === 5 + p3) return { ...head, data: bytes.slice(5), ne: undefined };
  if (bytes.length === 6 + p3) {
    const le = bytes[5 + p3]!;
    return { ...head, data: bytes.slice(5, 5 + p3), ne: le === 0 ? 256 : le };
  }
  return undefined;
}
