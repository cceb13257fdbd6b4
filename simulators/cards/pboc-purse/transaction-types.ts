/** Transaction-type identifiers (交易类型标识) the purse writes into MACs, TACs and log records. [psam_hsm.md §1.4] */
export const TRANSACTION_TYPE = {
  edLoad: 0x01,
  epLoad: 0x02,
  edPurchase: 0x05,
  epPurchase: 0x06,
  cappPurchase: 0x09,
} as const;

/** INITIALIZE's P2: 01 the electronic deposit (ED), 02 the electronic purse (EP). */
export type PurseApplication = 'ED' | 'EP';

export const APPLICATION_P2: Readonly<Record<PurseApplication, number>> = { ED: 0x01, EP: 0x02 };

export function loadType(application: PurseApplication): number {
  return application === 'ED' ? TRANSACTION_TYPE.edLoad : TRANSACTION_TYPE.epLoad;
}

/** P1 of INITIALIZE FOR PURCHASE: 01 purchase, 03 CAPP (composite) purchase. */
export function purchaseType(application: PurseApplication, p1: number): number {
  if (p1 === 0x03) return TRANSACTION_TYPE.cappPurchase;
  return application === 'ED' ? TRANSACTION_TYPE.edPurchase : TRANSACTION_TYPE.epPurchase;
}
