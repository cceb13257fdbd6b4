/**
 * Status words a CPU card answers, as ISO/IEC 7816-4 §5.6 (tables 5 and 6) names them. Shared by
 * the emulator and host-side code so both spell them the same way.
 */
export const SW = {
  OK: 0x9000,
  /** 61xx: xx more bytes wait for GET RESPONSE (T=0). */
  BYTES_REMAINING: 0x6100,
  /** 6282: end of file reached before reading Ne bytes. */
  END_OF_FILE: 0x6282,
  /** 6300: verification (authentication) failed. */
  VERIFICATION_FAILED: 0x6300,
  /** 63Cx: wrong PIN, x tries left. */
  TRIES_LEFT: 0x63c0,
  /** 6581: memory failure. */
  MEMORY_FAILURE: 0x6581,
  WRONG_LENGTH: 0x6700,
  /** 6981: command incompatible with file structure. */
  INCOMPATIBLE_FILE: 0x6981,
  SECURITY_STATUS: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  INCORRECT_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  WRONG_P1P2: 0x6b00,
  /** 6Cxx: wrong Le, xx is the exact length available. */
  WRONG_LE: 0x6c00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;
