import { reconcile } from './reconcile.ts';

/** 2001 cash total reconciliation (现金交易总额对帐): realtime and make-up entries. [bank-interface §4] */
export const cashReconciliation = reconcile('cash');
