import { expect } from 'chai';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { DEMO } from '../../../src/boss/seed.ts';
import { createBossService } from '../../../src/boss/service/index.ts';
import { body, openHarness } from './harness.ts';

describe('BOSS service: lifecycle', () => {
  it('allows nobody until the allow-list is loaded [§1]', async () => {
    const h = await openHarness();
    const fresh = createBossService({ store: h.store, profile: defaultProfile(), clock: h.clock });
    expect(fresh.allowsPeer(DEMO.addresses.local)).to.equal(false);
    await fresh.ready;
    expect(fresh.allowsPeer(DEMO.addresses.local)).to.equal(true);
    await fresh.close();
    await h.close();
  });

  it('close() waits for requests in progress, answers later ones 9999 and reports them; the store stays open', async () => {
    const h = await openHarness();
    const errors: unknown[] = [];
    const service = createBossService({ store: h.store, profile: h.profile, clock: h.clock, onInternalError: (error) => errors.push(error) });
    await service.ready;
    const context = { peerAddress: '127.0.0.1', receivedAt: h.clock.now(), deadline: h.clock.now() + 5000 };
    const inProgress = service.handle(Buffer.from(body('1002', [DEMO.customers.zhangSan, '4500', '1'])), context);
    await service.close();
    expect((await inProgress).respCode).to.equal('0000');
    const late = await service.handle(Buffer.from(body('1001', [DEMO.customers.zhangSan], { bankSerial: 'AFTER' })), context);
    expect(Buffer.from(late.body).toString()).to.equal('1001|9999|internal error, nothing applied, retry|AFTER||');
    expect(errors).to.have.length(1);
    expect(String(errors[0])).to.contain('closed');
    expect(await h.store.read((view) => view.arrears(DEMO.customers.zhangSan))).to.equal(0);
    await h.close();
  });
});
