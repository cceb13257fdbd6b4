import { InputError } from '../../core/errors.ts';

/** Write protection of a run of card addresses, as the reader's PROT bytes tell it. */
export interface ProtectionMap {
  /** Every address read → true when write-protected (its bit is 0). */
  readonly byAddress: ReadonlyMap<number, boolean>;
  readonly protectedAddresses: readonly number[];
  /** Throws InputError for an address the map does not cover. */
  isProtected(address: number): boolean;
}

/** ACS PROT bytes: bit 0 of PROT1 is `firstAddress`, bit 7 of PROT1 the 8th, …; 0 = protected. [ACR38x §9.3.6.4] */
export function decodeProtectionBits(bits: Uint8Array, firstAddress: number, count: number): ProtectionMap {
  const byAddress = new Map<number, boolean>();
  for (let i = 0; i < count; i++) byAddress.set(firstAddress + i, (((bits[i >> 3] ?? 0xff) >> (i & 7)) & 1) === 0);
  return protectionMap(byAddress);
}

export function protectionMap(byAddress: ReadonlyMap<number, boolean>): ProtectionMap {
  return {
    byAddress,
    protectedAddresses: [...byAddress].filter(([, isProtected]) => isProtected).map(([address]) => address),
    isProtected(address: number): boolean {
      const value = byAddress.get(address);
      if (value === undefined) throw new InputError('address', `${address} is not in the protection map read`);
      return value;
    },
  };
}

