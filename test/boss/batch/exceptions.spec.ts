import { expect } from 'chai';
import { DecisionRefusedError } from '../../../src/boss/batch/errors.ts';
import { ExceptionsService, type DecisionRequest } from '../../../src/boss/batch/exceptions.ts';
import type { ReconException } from '../../../src/boss/batch/ledger.ts';
import { processInbox } from '../../../src/boss/batch/process-inbox.ts';
import { deliver, xjmx } from './support/files.ts';
import { closeLedgerScenes, ledgerScene, type LedgerScene } from './support/ledger-scene.ts';
import { LEDGER_IMPLS, type LedgerImpl } from './support/ledgers.ts';
import { DATE, NOON_ISH } from './support/scene.ts';

/**
 * A reconciled cash day with one of each: 20261123000003 BOSS-only, 20261123000004 bank-only,
 * 20261123000005 differs in amount.
 */
async function reconciledDay(name: string, impl: LedgerImpl): Promise<{ s: LedgerScene; service: ExceptionsService; byCategory: Record<string, ReconException> }> {
  const s = await ledgerScene(name, impl);
  await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: '20261123000003', custno: 'C00012345', amount: 2250 });
  await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: '20261123000005', custno: 'C00012348', amount: 500 });
  await deliver(s.bank, 'XJMX20261123.TXT', xjmx(DATE, [['20261123000004', 'C00012345', 2250], ['20261123000005', 'C00012348', 600]]));
  await processInbox(s.bank, s.options);
  const service = new ExceptionsService({ ledger: s.ledger, clock: s.clock, log: s.log });
  const byCategory = Object.fromEntries((await service.list()).map((e) => [e.category, e]));
  return { s, service, byCategory };
}

async function refusal(service: ExceptionsService, request: DecisionRequest): Promise<DecisionRefusedError> {
  try {
    await service.resolve(request);
  } catch (error) {
    if (error instanceof DecisionRefusedError) return error;
    throw error;
  }
  throw new Error('expected the decision to be refused');
}

for (const impl of LEDGER_IMPLS) {
  afterEach(closeLedgerScenes);

  describe(`reconciliation exceptions and decisions [bank-interface §7] (${impl} ledger)`, () => {
    it('lists exceptions by bank, date and status', async () => {
      const { s, service } = await reconciledDay('exc-list', impl);
      expect((await service.list({ bankcode: 'ICBC01', date: DATE, status: 'open' })).map((e) => [e.category, e.bankSerial])).to.deep.equal([
        ['bossOnly', '20261123000003'],
        ['bankOnly', '20261123000004'],
        ['differs', '20261123000005'],
      ]);
      expect(await service.list({ bankcode: 'CCB01' })).to.deep.equal([]);
      expect(await service.list({ date: '20261124' })).to.deep.equal([]);
      expect(await service.list({ status: 'resolved' })).to.deep.equal([]);
      expect((await service.list()).every((e) => e.createdAt === NOON_ISH)).to.equal(true);
      await s.h.close();
    });

    it('makes up a bank-only record: posts it, records who, when and why', async () => {
      const { s, service, byCategory } = await reconciledDay('exc-makeup', impl);
      s.clock.advance(60_000);
      const done = await service.resolve({ id: byCategory.bankOnly!.id, action: 'makeup', by: 'op7', reason: 'bank slip seen' });
      expect(done.status).to.equal('resolved');
      expect(done.decision).to.deep.equal({ action: 'makeup', by: 'op7', at: NOON_ISH + 60_000, reason: 'bank slip seen' });
      expect(done.decisionSerial).to.equal('B2026112300000003');
      expect((await s.h.payments()).at(-1)).to.deep.include({ bankSerial: '20261123000004', custno: 'C00012345', amount: 2250, date: DATE, kind: 'cash', bossSerial: 'B2026112300000003' });
      expect(s.log.lines.at(-1)?.fields).to.deep.include({ event: 'exception.resolved', action: 'makeup', by: 'op7', category: 'bankOnly', serial: 'B2026112300000003' });
      expect(await s.ledger.getException(byCategory.bankOnly!.id)).to.deep.equal(done);
      await s.h.close();
    });

    it('reverses a BOSS-only payment, and accepts a difference only with a reason', async () => {
      const { s, service, byCategory } = await reconciledDay('exc-reverse', impl);
      const reversed = await service.resolve({ id: byCategory.bossOnly!.id, action: 'reverse', by: 'op7' });
      expect(reversed.decisionSerial).to.equal('R2026112300000001');
      expect((await s.h.payments()).find((p) => p.bankSerial === '20261123000003')?.reversed).to.equal(true);
      expect(await s.h.arrears('C00012345')).to.equal(4500);

      const missing = await refusal(service, { id: byCategory.differs!.id, action: 'accept', by: 'op7', reason: '  ' });
      expect(missing.reason).to.equal('reasonRequired');
      const accepted = await service.resolve({ id: byCategory.differs!.id, action: 'accept', by: 'op7', reason: 'bank fee of 100 fen, agreed' });
      expect(accepted.decision).to.include({ action: 'accept', reason: 'bank fee of 100 fen, agreed' });
      expect(await s.h.payments()).to.have.length(2);
      await s.h.close();
    });

    it('refuses a decision not valid for the category, on an unknown or decided exception, or without who', async () => {
      const { s, service, byCategory } = await reconciledDay('exc-refuse', impl);
      const paymentsBefore = await s.h.payments();
      const cases: [DecisionRequest, DecisionRefusedError['reason'], string][] = [
        [{ id: byCategory.bossOnly!.id, action: 'makeup', by: 'op7' }, 'notValidForCategory', 'makeup is not a decision for a bossOnly record (allowed: reverse, accept)'],
        [{ id: byCategory.bankOnly!.id, action: 'reverse', by: 'op7' }, 'notValidForCategory', 'reverse is not a decision for a bankOnly record (allowed: makeup, accept)'],
        [{ id: byCategory.differs!.id, action: 'makeup', by: 'op7' }, 'notValidForCategory', 'makeup is not a decision for a differs record (allowed: accept)'],
        [{ id: 'EX999', action: 'accept', by: 'op7', reason: 'x' }, 'notFound', 'no such exception'],
        [{ id: byCategory.bankOnly!.id, action: 'makeup', by: ' ' }, 'byRequired', 'a decision needs who takes it'],
      ];
      for (const [request, reason, text] of cases) {
        const error = await refusal(service, request);
        expect([error.reason, error.message]).to.deep.equal([reason, `exception ${request.id}: ${text}`]);
      }
      expect(await s.h.payments()).to.deep.equal(paymentsBefore);
      expect((await service.list({ status: 'open' })).length).to.equal(3);

      await service.resolve({ id: byCategory.bankOnly!.id, action: 'makeup', by: 'op7' });
      const twice = await refusal(service, { id: byCategory.bankOnly!.id, action: 'accept', by: 'op8', reason: 'again' });
      expect([twice.reason, twice.message]).to.deep.equal(['notOpen', `exception ${byCategory.bankOnly!.id}: already resolved (makeup by op7)`]);
      expect(s.log.events().filter((e) => e === 'exception.refused')).to.have.length(6);
      await s.h.close();
    });

    it('passes on what the ledger refuses, and refuses decisions on a superseded exception', async () => {
      const { s, service, byCategory } = await reconciledDay('exc-ledger', impl);
      await s.h.reversePayment(byCategory.bossOnly!.boss!.bossSerial, DATE);
      const refused = await refusal(service, { id: byCategory.bossOnly!.id, action: 'reverse', by: 'op7' });
      expect(refused.reason).to.equal('refused');
      expect(refused.message).to.equal(`exception ${byCategory.bossOnly!.id}: the ledger refused reverse: payment ${byCategory.bossOnly!.boss!.bossSerial} is already reversed`);

      // the bank sends a corrected file: the new run supersedes what is still open
      await deliver(s.bank, 'XJMX20261123.TXT', xjmx(DATE, [['20261123000004', 'C00012345', 2250]]));
      await processInbox(s.bank, s.options);
      const superseded = await refusal(service, { id: byCategory.bankOnly!.id, action: 'makeup', by: 'op7' });
      expect([superseded.reason, superseded.message]).to.deep.equal(['notOpen', `exception ${byCategory.bankOnly!.id}: already superseded (a later reconciliation of the same file date)`]);
      await s.h.close();
    });
  });
}
