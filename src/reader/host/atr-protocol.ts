/** Interface bytes of one group i of an ATR: TAi, TBi, TCi, and the protocol its TDi names, if present. */
export interface AtrGroup {
  readonly ta?: number;
  readonly tb?: number;
  readonly tc?: number;
  /** T of TDi (its low nibble): the protocol the next group's bytes belong to. */
  readonly nextProtocol?: number;
}

export interface AtrInterface {
  /** TS = 3F: inverse convention; 3B: direct. */
  readonly inverse: boolean;
  /** Groups 1, 2, ... in order: groups[0] holds TA1..TD1. */
  readonly groups: readonly AtrGroup[];
  /**
   * The first offered protocol: T of TD1, or 0 when there is no TD1 [ISO/IEC 7816-3 §8.2.3]. It is
   * the protocol a card runs after reset unless the reader negotiates (PPS) another.
   */
  readonly protocol: number;
}

/**
 * The interface bytes of an ATR [ISO/IEC 7816-3 §8.2.2, §8.2.3]: T0's Y1 nibble says which of TA1..TD1
 * follow, each TDi's high nibble which of TAi+1..TDi+1. Returns undefined for bytes too short for
 * what they announce, so a caller keeps its defaults rather than fail on a card's odd ATR.
 */
export function atrInterface(atr: Uint8Array): AtrInterface | undefined {
  if (atr.length < 2) return undefined;
  const groups: AtrGroup[] = [];
  let offset = 1;
  let indicator = atr[offset++]! >> 4;
  for (;;) {
    const group: { ta?: number; tb?: number; tc?: number; nextProtocol?: number } = {};
    const take = (bit: number): number | undefined => {
      if ((indicator & bit) === 0) return undefined;
      return atr[offset++];
    };
    group.ta = take(0x1);
    group.tb = take(0x2);
    group.tc = take(0x4);
    const td = take(0x8);
    if (offset > atr.length) return undefined;
    if (td !== undefined) group.nextProtocol = td & 0x0f;
    groups.push(group);
    if (td === undefined) break;
    indicator = td >> 4;
  }
  return { inverse: atr[0] === 0x3f, groups, protocol: groups[0]?.nextProtocol ?? 0 };
}

/** The protocol a card runs after its ATR (T=0 when the ATR says nothing, or cannot be read). */
export function atrProtocol(atr: Uint8Array): number {
  return atrInterface(atr)?.protocol ?? 0;
}
