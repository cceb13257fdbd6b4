/**
 * Status words of the PBOC electronic deposit / purse application, as PBOC cards (FMCOS and kin)
 * return them, not the ISO ones some applets use instead. [psam_hsm.md §1.6]
 */
export const SW = {
  ok: 0x9000,
  /** Insufficient funds. */
  insufficientFunds: 0x9401,
  /** MAC1 / MAC2 wrong. */
  macWrong: 0x9302,
  /** Key index not found or not supported. */
  keyIndexUnknown: 0x9403,
  /** The MAC/TAC asked for is not available (GET TRANSACTION PROVE of an unknown transaction). */
  proofUnavailable: 0x9406,
  /** Conditions of use not satisfied: a CREDIT or DEBIT without its INITIALIZE, a balance that would overflow. */
  conditionsNotSatisfied: 0x6985,
  wrongLength: 0x6700,
  wrongP1P2: 0x6a86,
  insNotSupported: 0x6d00,
} as const;
