import type { TransactionHandler } from '../context.ts';
import { queryArrears } from './1001-query-arrears.ts';
import { paymentConfirm } from './1002-payment-confirm.ts';
import { withholdingAgreement } from './1003-withholding-agreement.ts';
import { cancelWithholding } from './1004-cancel-withholding.ts';
import { deletePayment } from './1005-delete-payment.ts';
import { makeupConfirm } from './1006-makeup-confirm.ts';
import { cashReconciliation } from './2001-cash-reconciliation.ts';
import { withholdingReconciliation } from './2002-withholding-reconciliation.ts';
import { requestInvoice } from './3001-request-invoice.ts';
import { printConfirm } from './3002-print-confirm.ts';
import { voidInvoice } from './3003-void-invoice.ts';

/**
 * The eleven real-time transactions by TXCODE. [bank-interface §4] A profile TXCODE without a handler
 * is answered 1001 (unknown), like one the profile lacks.
 */
export const TRANSACTIONS: Readonly<Record<string, TransactionHandler>> = {
  '1001': queryArrears,
  '1002': paymentConfirm,
  '1003': withholdingAgreement,
  '1004': cancelWithholding,
  '1005': deletePayment,
  '1006': makeupConfirm,
  '2001': cashReconciliation,
  '2002': withholdingReconciliation,
  '3001': requestInvoice,
  '3002': printConfirm,
  '3003': voidInvoice,
};
