import { reconcile } from './reconcile.ts';

/** 2002 withholding total reconciliation (代扣业务总额对帐): entries posted from YH files. [bank-interface §4] */
export const withholdingReconciliation = reconcile('withholding');
