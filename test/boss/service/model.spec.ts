import { expect } from 'chai';
import fc from 'fast-check';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/core/clock.ts';
import { decodeResponse } from '../../../src/boss/codec/message.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { demoBanks } from '../../../src/boss/seed.ts';
import { createBossService } from '../../../src/boss/service/index.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import {
  arrearsOf,
  initialCustomers,
  ledgerActions,
  modelOf,
  requestFor,
  step,
  totalsOf,
  TXDATES,
  type InitialCustomer,
  type LedgerAction,
  type LedgerModel,
  type ModelRequest,
} from '../../../conformance/boss/model/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { NOW, TODAY } from './harness.ts';

const profile = defaultProfile();
const banks = Object.fromEntries(demoBanks().map((b) => [b.bankcode, { addresses: b.addresses, txcodes: b.txcodes }]));

/** Runs the actions against the real service over a fresh SQLite file and against the model; they must agree at every answer and at the end. */
async function agree(dir: string, run: number, customers: readonly InitialCustomer[], actions: readonly LedgerAction[]): Promise<void> {
  const clock = new VirtualClock(NOW);
  const store = openSqliteStore(join(dir, `model-${run}.db`), { clock });
  await store.unit(async (tx) => {
    for (const bank of demoBanks()) await tx.saveBank(bank, 'ifAbsent');
    for (const c of customers) {
      await tx.saveCustomer(c, 'ifAbsent');
      for (const bill of c.bills) await tx.addBill({ custno: c.custno, ...bill });
    }
  }, { durable: false });
  const service = createBossService({ store, profile, clock });
  await service.ready;
  let model: LedgerModel = modelOf(banks, customers);
  const sent: ModelRequest[] = [];
  let serial = 0;
  const maker = { sent, nextSerial: () => `M${++serial}` };
  try {
    for (const action of actions) {
      const request = requestFor(action, model, maker);
      if (!request) continue;
      sent.push(request);
      const stored = model.exchanges[`${request.bankcode}|${request.txdate}|${request.bankSerial}`];
      const expected = step(model, request, TODAY);
      const answer = await service.handle(Buffer.from(request.body, 'latin1'), { peerAddress: request.peer, receivedAt: clock.now(), deadline: clock.now() + 5000 });
      const decoded = decodeResponse(profile, answer.body);
      const actual = {
        txcode: decoded.txcode,
        respCode: decoded.header.RESPCODE,
        bankSerial: decoded.header.BANKSERIAL,
        bossSerial: decoded.header.BOSSSERIAL,
        fields: decoded.fields,
        groups: decoded.groups,
      };
      expect(actual, request.body).to.deep.equal(expected.answer);
      expect(answer.replayed, `${request.body} replayed`).to.equal(stored?.body === request.body);
      model = expected.model;
    }
    // the ledger itself: every customer's bills, arrears and balance, and each date's totals
    const finalModel = model;
    const seen = await store.read(async (view) => {
      const result: Record<string, unknown> = {};
      for (const custno of Object.keys(finalModel.customers)) {
        const customer = await view.customer(custno);
        result[custno] = {
          arrears: await view.arrears(custno),
          balance: customer?.balance,
          bills: (await view.outstandingBills(custno)).map((b) => `${b.month} ${b.item} ${b.paid}`),
        };
      }
      for (const date of [...TXDATES]) {
        for (const kind of ['cash', 'withholding'] as const) result[`${date} ${kind}`] = await view.entryTotals({ bankcode: 'ICBC01', date, kind });
      }
      return result;
    });
    const predicted: Record<string, unknown> = {};
    for (const [custno, c] of Object.entries(finalModel.customers)) {
      predicted[custno] = { arrears: arrearsOf(c), balance: c.balance, bills: c.bills.filter((b) => b.paid < b.amount).map((b) => `${b.month} ${b.item} ${b.paid}`) };
    }
    for (const date of [...TXDATES]) for (const kind of ['cash', 'withholding'] as const) predicted[`${date} ${kind}`] = totalsOf(finalModel, 'ICBC01', date, kind);
    expect(seen).to.deep.equal(predicted);
  } finally {
    await service.close();
    await store.close();
  }
}

describe('BOSS service against the reference ledger model [bank-interface §4–§6]', function () {
  this.timeout(60000);

  it('answers every random sequence of transactions as the model does, and ends with the same ledger', async () => {
    const dir = await tempDir('boss-model');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(initialCustomers(), fc.array(ledgerActions(), { minLength: 10, maxLength: 40, size: 'max' }), (customers, actions) => agree(dir, run++, customers, actions)),
      { numRuns: 40 },
    );
  });
});
