/** Status words of the PSAM's purchase and general crypto commands (FMCOS / Yinengda PSAM COS). [psam_hsm.md §1.6] */
export const PSAM_SW = {
  ok: 0x9000,
  /** MAC2 wrong (CREDIT SAM FOR PURCHASE). */
  macWrong: 0x9302,
  /** No key of that usage and id. */
  keyNotFound: 0x6a88,
  /** No INIT SAM FOR PURCHASE before CREDIT SAM, no DELIVERY KEY before CIPHER DATA, a MAC chain out of order. */
  conditionsNotSatisfied: 0x6985,
  wrongLength: 0x6700,
  wrongP1P2: 0x6a86,
} as const;
