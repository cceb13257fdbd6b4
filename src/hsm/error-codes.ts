/**
 * The error codes of the stbpay HSM command set: two decimal digits after the response code. The
 * shape (`00` = no error, two digits) follows the payment-HSM host-command style; the numbering is
 * ours (docs/hsm.md §4), not a vendor's.
 */
export const HSM_ERROR_CODES = {
  '00': 'ok',
  '01': 'verificationFailed',
  '04': 'invalidKeyType',
  '05': 'keyNotAllowed',
  '10': 'keyParity',
  '11': 'checkValueMismatch',
  '12': 'keySchemeNotAllowed',
  '15': 'invalidField',
  '60': 'unknownCommand',
  '80': 'lengthError',
  '90': 'internalError',
} as const;

export type HsmErrorCode = keyof typeof HSM_ERROR_CODES;

/** The name of an error code, `unknown` for a code outside the table (a peer may send one). */
export function errorName(code: string): string {
  return (HSM_ERROR_CODES as Record<string, string>)[code] ?? 'unknown';
}
