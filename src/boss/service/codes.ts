/**
 * The business response codes of bank-interface §6. The profile names the codes the framework picks
 * by role (0000, 1001–1005, 9999); these are the ones the transactions pick by rule.
 */
export const CODES = {
  customerNotFound: '2001',
  customerInactive: '2002',
  amountMismatch: '2003',
  originalNotFound: '2004',
  alreadyReconciledOrReversed: '2005',
  agreementOtherAccount: '2006',
  noAgreement: '2007',
  invoiceNotFound: '2008',
  invoiceStateConflict: '2009',
  badReconciliationDate: '3001',
} as const;

/** Short English RESPMSG per code (≤ 60 ASCII); 0000 answers `OK`. [brief: RESPMSG] */
export const MESSAGES: Readonly<Record<string, string>> = {
  '0000': 'OK',
  '1001': 'TXCODE unknown or not enabled for this bank',
  '1002': 'malformed message',
  '1003': 'BANKCODE unknown or not allowed from this address',
  '1004': 'frame too large',
  '1005': 'BANKSERIAL reused with a different body',
  '2001': 'customer not found',
  '2002': 'customer account suspended or closed',
  '2003': 'amount invalid or not matching',
  '2004': 'original transaction not found',
  '2005': 'original transaction already reconciled or reversed',
  '2006': 'withholding agreement exists with another account',
  '2007': 'no withholding agreement for this account',
  '2008': 'invoice or payment not found',
  '2009': 'invoice state conflict',
  '3001': 'reconciliation date invalid',
  '9999': 'internal error, nothing applied, retry',
};

/** RESPMSG limited to what the default profile allows: printable ASCII without `|`, 60 bytes. */
export function respMessage(code: string, detail?: string): string {
  if (detail === undefined) return CLEAN_MESSAGES.get(code) ?? '';
  return clean(detail);
}

function clean(text: string): string {
  return text.replace(/[^\x20-\x7e]|\|/g, ' ').slice(0, 60);
}

/** The usual texts, cleaned once: most answers carry one of these. */
const CLEAN_MESSAGES: ReadonlyMap<string, string> = new Map(Object.entries(MESSAGES).map(([code, text]) => [code, clean(text)]));
