import { customerRefusal, field, isActive, groupLimit, type TransactionHandler } from '../context.ts';
import { ok } from '../outcome.ts';

/**
 * 1001 query arrears (请求数据). [bank-interface §4]
 * Decisions where §4 is open:
 * - each bill is listed with what is left to pay on it (a part-paid bill shows its remainder), oldest
 *   month first, so ARREARS is the sum of the listed AMOUNTs;
 * - at most BILLCOUNT's profile maximum (99) bills are listed, the oldest; ARREARS still counts all;
 * - a suspended or closed customer is refused with 2002 as in every customer transaction [§6 2002].
 */
export const queryArrears: TransactionHandler = async ({ tx, request, profile }) => {
  const custno = field(request, 'CUSTNO');
  const customer = await tx.customer(custno);
  if (!isActive(customer)) return customerRefusal(customer);
  const bills = await tx.outstandingBills(custno);
  const arrears = bills.reduce((sum, bill) => sum + bill.amount - bill.paid, 0);
  const listed = bills.slice(0, groupLimit(profile, request.txcode, 'BILLS'));
  return ok(
    {
      CUSTNO: custno,
      CUSTNAME: customer.name,
      ADDRESS: customer.address,
      ARREARS: String(arrears),
      BILLCOUNT: String(listed.length),
    },
    { groups: { BILLS: listed.map((bill) => ({ BILLMONTH: bill.month, ITEM: bill.item, AMOUNT: String(bill.amount - bill.paid) })) } },
  );
};
