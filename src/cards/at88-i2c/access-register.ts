/**
 * Access register bits of a user zone; a bit at 0 enables its restriction, so the erased value FF
 * leaves a zone open. From the AT88SC153 datasheet's "Access Registers" text (smartcardamerica copy
 * of 1016); the AT88SC1608's table was not found and it is taken to use the same bits (UNVERIFIED,
 * docs/cards/at88sc1608.md). Bit 3 differs: the AT88SC153 keeps the password set select PWS there,
 * the AT88SC1608 names the set in a password register of its own; each part decodes it itself.
 */
export const ACCESS_BIT = {
  WPE: 0x80, // write password enable
  RPE: 0x40, // read password enable
  ATE: 0x20, // authentication enable (read and write)
  AOW: 0x10, // authentication only for write
  WLM: 0x04, // write lock mode
  MDF: 0x02, // modify forbidden
  PGO: 0x01, // program only
} as const;

/** The restrictions an access register switches on (true = enabled, its bit is 0). */
export interface AccessFeatures {
  readonly writePassword: boolean;
  readonly readPassword: boolean;
  readonly authentication: boolean;
  readonly authenticationForWrite: boolean;
  readonly writeLock: boolean;
  readonly modifyForbidden: boolean;
  readonly programOnly: boolean;
}

export function decodeAccessRegister(ar: number): AccessFeatures {
  const on = (bit: number): boolean => (ar & bit) === 0;
  return {
    writePassword: on(ACCESS_BIT.WPE),
    readPassword: on(ACCESS_BIT.RPE),
    authentication: on(ACCESS_BIT.ATE),
    authenticationForWrite: on(ACCESS_BIT.AOW),
    writeLock: on(ACCESS_BIT.WLM),
    modifyForbidden: on(ACCESS_BIT.MDF),
    programOnly: on(ACCESS_BIT.PGO),
  };
}
