import { arrearsOf, totalsOf, type LedgerModel, type ModelAnswer, type ModelCustomer, type ModelPart, type ModelPayment } from './state.ts';

/** A request as the model reads it: the header, the transaction fields by name, the body text. */
export interface ModelRequest {
  readonly txcode: string;
  readonly bankcode: string;
  readonly bankSerial: string;
  readonly txdate: string;
  readonly txtime: string;
  readonly teller: string;
  readonly fields: Readonly<Record<string, string>>;
  /** The body exactly as sent: repeats are compared on it. [§5] */
  readonly body: string;
  readonly peer: string;
}

type Fields = Record<string, string>;

/**
 * The model's answer to one request and its state afterwards; `model` is not changed. `today` is
 * the BOSS's local date. [bank-interface §4–§6]
 */
export function step(before: LedgerModel, request: ModelRequest, today: string): { model: LedgerModel; answer: ModelAnswer } {
  const model = structuredClone(before);
  const answer = (respCode: string, fields: Fields = {}, bossSerial = '', groups: ModelAnswer['groups'] = {}): ModelAnswer => ({
    txcode: request.txcode,
    respCode,
    bankSerial: request.bankSerial,
    bossSerial,
    fields: respCode === '0000' ? fields : {},
    groups: respCode === '0000' ? groups : {},
  });
  const bank = model.banks[request.bankcode];
  if (!bank || !bank.addresses.includes(request.peer)) return { model: before, answer: answer('1003') };
  if (!bank.txcodes.includes(request.txcode)) return { model: before, answer: answer('1001') };
  const key = `${request.bankcode}|${request.txdate}|${request.bankSerial}`;
  const previous = model.exchanges[key];
  if (previous) return { model: before, answer: previous.body === request.body ? previous.answer : answer('1005') };
  const result = transaction(model, request, today, answer);
  model.exchanges[key] = { body: request.body, answer: result };
  return { model, answer: result };
}

type Answer = (respCode: string, fields?: Fields, bossSerial?: string, groups?: ModelAnswer['groups']) => ModelAnswer;

function transaction(model: LedgerModel, r: ModelRequest, today: string, answer: Answer): ModelAnswer {
  const f = (name: string): string => r.fields[name] ?? '';
  const customer = model.customers[f('CUSTNO')];
  const nextSerial = (prefix: string, date: string): string => {
    const n = (model.counters[prefix + date] ?? 0) + 1;
    model.counters[prefix + date] = n;
    return `${prefix}${date}${String(n).padStart(8, '0')}`;
  };
  const findPayment = (bankcode: string, txdate: string, bankSerial: string): ModelPayment | undefined =>
    model.payments.find((p) => p.bankcode === bankcode && p.txdate === txdate && p.bankSerial === bankSerial);

  switch (r.txcode) {
    case '1001': {
      if (!customer || customer.status !== 'active') return answer(customer ? '2002' : '2001');
      const due = customer.bills.filter((b) => b.paid < b.amount);
      return answer(
        '0000',
        { CUSTNO: customer.custno, CUSTNAME: customer.name, ADDRESS: customer.address, ARREARS: String(arrearsOf(customer)), BILLCOUNT: String(due.length) },
        '',
        { BILLS: due.map((b) => ({ BILLMONTH: b.month, ITEM: b.item, AMOUNT: String(b.amount - b.paid) })) },
      );
    }
    case '1002': {
      const amount = Number(f('AMOUNT'));
      const fields = { CUSTNO: f('CUSTNO'), AMOUNT: f('AMOUNT') };
      const existing = findPayment(r.bankcode, r.txdate, r.bankSerial);
      if (existing) {
        if (existing.custno !== f('CUSTNO') || existing.amount !== amount) return answer('2003');
        if (existing.reversed) return answer('2005');
        return answer('0000', { ...fields, BALANCE: String(customer?.balance ?? 0) }, existing.bossSerial);
      }
      if (!customer || customer.status !== 'active') return answer(customer ? '2002' : '2001');
      if (!(amount >= 1 && amount <= 999_999_999_999)) return answer('2003');
      // [decision] a date whose cash total matched takes no new payment
      if (model.reconciled.includes(`${r.bankcode}|${r.txdate}|cash`)) return answer('2005');
      const payment = post(model, customer, { bankcode: r.bankcode, txdate: r.txdate, bankSerial: r.bankSerial, amount, channel: 'realtime', bossSerial: nextSerial('B', r.txdate) });
      return answer('0000', { ...fields, BALANCE: String(customer.balance) }, payment.bossSerial);
    }
    case '1003': {
      if (!customer || customer.status !== 'active') return answer(customer ? '2002' : '2001');
      const active = model.agreements.find((a) => a.custno === customer.custno && a.active);
      if (active) return active.bankcode === r.bankcode && active.acctno === f('ACCTNO') ? answer('0000', { CUSTNO: customer.custno }, active.serial) : answer('2006');
      const serial = nextSerial('A', r.txdate);
      model.agreements.push({ serial, custno: customer.custno, bankcode: r.bankcode, acctno: f('ACCTNO'), active: true });
      return answer('0000', { CUSTNO: customer.custno }, serial);
    }
    case '1004': {
      if (!customer) return answer('2001');
      const active = model.agreements.find((a) => a.custno === customer.custno && a.active);
      if (!active || active.bankcode !== r.bankcode || active.acctno !== f('ACCTNO')) return answer('2007');
      active.active = false;
      return answer('0000', { CUSTNO: customer.custno }, active.serial);
    }
    case '1005': {
      const payment = findPayment(r.bankcode, r.txdate, f('ORIGSERIAL'));
      if (!payment || payment.channel === 'withholding') {
        // [decision] a cash entry of this bank under ORIGSERIAL on another date: 2005, not "not found"
        const elsewhere = model.payments.some((p) => p.bankcode === r.bankcode && p.bankSerial === f('ORIGSERIAL') && p.txdate !== r.txdate && p.channel !== 'withholding');
        return answer(elsewhere ? '2005' : '2004');
      }
      if (payment.custno !== f('CUSTNO') || payment.amount !== Number(f('AMOUNT'))) return answer('2003');
      if (payment.reversed) return answer('2005');
      if (model.reconciled.includes(`${r.bankcode}|${r.txdate}|cash`)) return answer('2005');
      // [decision] an issued or printed invoice is voided (3003) first
      const invoice = model.invoices.find((i) => i.paymentSerial === payment.bossSerial);
      if (invoice && invoice.status !== 'voided') return answer('2009');
      reverse(model, payment);
      return answer('0000', { ORIGSERIAL: f('ORIGSERIAL') }, nextSerial('R', r.txdate));
    }
    case '1006': {
      const amount = Number(f('AMOUNT'));
      const fields = { ORIGSERIAL: f('ORIGSERIAL'), CUSTNO: f('CUSTNO'), AMOUNT: f('AMOUNT') };
      const existing = findPayment(r.bankcode, f('ORIGDATE'), f('ORIGSERIAL'));
      if (existing) {
        if (existing.custno !== f('CUSTNO') || existing.amount !== amount) return answer('2003');
        if (existing.reversed) return answer('2005');
        return answer('0000', fields, existing.bossSerial);
      }
      if (!customer || customer.status !== 'active') return answer(customer ? '2002' : '2001');
      if (model.reconciled.includes(`${r.bankcode}|${f('ORIGDATE')}|cash`)) return answer('2005');
      const payment = post(model, customer, { bankcode: r.bankcode, txdate: f('ORIGDATE'), bankSerial: f('ORIGSERIAL'), amount, channel: 'makeup', bossSerial: nextSerial('B', r.txdate) });
      return answer('0000', fields, payment.bossSerial);
    }
    case '2001':
    case '2002': {
      const kind = r.txcode === '2001' ? 'cash' : 'withholding';
      if (f('CHKDATE') > today) return answer('3001');
      const boss = totalsOf(model, r.bankcode, f('CHKDATE'), kind);
      const matched = boss.count === Number(f('COUNT')) && boss.total === Number(f('TOTAL'));
      if (matched) model.reconciled.push(`${r.bankcode}|${f('CHKDATE')}|${kind}`);
      return answer('0000', { CHKDATE: f('CHKDATE'), BOSSCOUNT: String(boss.count), BOSSTOTAL: String(boss.total), RESULT: matched ? '0' : '1' });
    }
    case '3001': {
      const payment = model.payments.find((p) => p.bossSerial === f('PAYSERIAL'));
      if (!payment || payment.bankcode !== r.bankcode) return answer('2008');
      if (payment.reversed) return answer('2009');
      let invoice = model.invoices.find((i) => i.paymentSerial === payment.bossSerial);
      if (!invoice) {
        invoice = {
          invoiceNo: nextSerial('I', r.txdate),
          paymentSerial: payment.bossSerial,
          bankcode: payment.bankcode,
          custno: payment.custno,
          custname: model.customers[payment.custno]?.name ?? '',
          amount: payment.amount,
          items: invoiceItems(payment.parts),
          status: 'issued',
        };
        model.invoices.push(invoice);
      }
      return answer(
        '0000',
        { INVOICENO: invoice.invoiceNo, CUSTNO: invoice.custno, CUSTNAME: invoice.custname, AMOUNT: String(invoice.amount), ITEMCOUNT: String(invoice.items.length) },
        invoice.invoiceNo,
        { ITEMS: invoice.items.map((i) => ({ ITEM: i.item, AMOUNT: String(i.amount) })) },
      );
    }
    case '3002':
    case '3003': {
      const invoice = model.invoices.find((i) => i.invoiceNo === f('INVOICENO'));
      if (!invoice || invoice.bankcode !== r.bankcode) return answer('2008');
      if (r.txcode === '3002' ? invoice.status !== 'issued' : invoice.status === 'voided') return answer('2009');
      invoice.status = r.txcode === '3002' ? 'printed' : 'voided';
      return answer('0000', { INVOICENO: invoice.invoiceNo }, invoice.invoiceNo);
    }
    default:
      return answer('1001');
  }
}

/** [§4 1002] oldest month first (bills are kept in that order), the excess to the balance. */
function post(
  model: LedgerModel,
  customer: ModelCustomer,
  p: { bankcode: string; txdate: string; bankSerial: string; amount: number; channel: ModelPayment['channel']; bossSerial: string },
): ModelPayment {
  const parts: ModelPart[] = [];
  let left = p.amount;
  for (const bill of customer.bills) {
    const part = Math.min(bill.amount - bill.paid, left);
    if (part <= 0) continue;
    bill.paid += part;
    left -= part;
    parts.push({ month: bill.month, item: bill.item, amount: part });
  }
  if (left > 0) {
    customer.balance += left;
    parts.push({ amount: left });
  }
  const payment: ModelPayment = { ...p, custno: customer.custno, reversed: false, parts };
  model.payments.push(payment);
  return payment;
}

/** [§4 1005] undo exactly the payment's parts. */
function reverse(model: LedgerModel, payment: ModelPayment): void {
  const customer = model.customers[payment.custno]!;
  for (const part of payment.parts) {
    if (part.month === undefined) customer.balance -= part.amount;
    else customer.bills.find((b) => b.month === part.month && b.item === part.item)!.paid -= part.amount;
  }
  payment.reversed = true;
}

/** [decision, 3001] parts summed by ITEM in first-settled order, then PREPAID for the balance part. */
function invoiceItems(parts: readonly ModelPart[]): { item: string; amount: number }[] {
  const items: { item: string; amount: number }[] = [];
  let prepaid = 0;
  for (const part of parts) {
    if (part.item === undefined) prepaid += part.amount;
    else {
      const line = items.find((i) => i.item === part.item);
      if (line) line.amount += part.amount;
      else items.push({ item: part.item, amount: part.amount });
    }
  }
  return prepaid > 0 ? [...items, { item: 'PREPAID', amount: prepaid }] : items;
}
