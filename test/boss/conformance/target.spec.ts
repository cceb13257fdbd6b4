import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { serialPrefix, serialSource } from '../../../conformance/boss/serials.ts';
import { BOSS_CASES } from '../../../conformance/boss/suite.ts';
import { isIpv4Loopback } from '../../../conformance/boss/target-address.ts';
import { checkTargetData } from '../../../conformance/boss/target-data-check.ts';
import { DEMO_TARGET_DATA, targetDataFrom, type BossTargetData } from '../../../conformance/boss/target-data.ts';
import { BOSS_CAPABILITY, bossBinding, createBossTarget } from '../../../conformance/boss/target.ts';

const PROFILE = defaultProfile();

/** The demo data with `change` over it, checked against boss-bank/1. */
function checkData(change: Partial<Record<keyof BossTargetData, unknown>>): void {
  checkTargetData(PROFILE, { ...DEMO_TARGET_DATA, ...change } as BossTargetData);
}

describe('BOSS conformance target', () => {
  // --target HOST:PORT and the dates: test/core/host-port.spec.ts, test/boss/local-date.spec.ts
  it('tells an IPv4 loopback target, where the allow-list can be tested from 127.0.0.2', () => {
    expect([isIpv4Loopback('127.0.0.1'), isIpv4Loopback('127.1.2.3'), isIpv4Loopback('localhost'), isIpv4Loopback('10.0.0.1'), isIpv4Loopback('::1')]).to.deep.equal([true, true, true, false, false]);
  });

  it('gives each run its own serial prefix, from the seed and the start time, and serials of at most 20 characters', () => {
    const at = Date.UTC(2026, 10, 23);
    const prefixes = new Set([serialPrefix(1, at), serialPrefix(2, at), serialPrefix(1, at + 10), serialPrefix(0xffffffff, at)]);
    expect(prefixes.size).to.equal(4);
    for (const p of prefixes) expect(p).to.match(/^[0-9A-Z]{11}$/);
    const source = serialSource(serialPrefix(7, at));
    const serials = [source.next(), source.next()];
    expect(serials[0]).to.have.length(16);
    expect(serials[0]).to.not.equal(serials[1]);
  });

  it('dates the run on the business date and the three days before it, the newest of them overridable', () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2)); // 10:00 on the 23rd at +08:00
    const target = createBossTarget({ host: '127.0.0.1', port: 9100, profile: PROFILE, seed: 5, clock });
    expect(target.businessDate).to.equal('20261123');
    expect(target.dates).to.deep.equal({ business: '20261123', reconcile: '20261122', closed: '20261121', otherDay: '20261120' });
    const march = createBossTarget({ host: '127.0.0.1', port: 9100, profile: PROFILE, seed: 5, clock, businessDate: '20240302', data: { ...DEMO_TARGET_DATA, reconcileDate: '20240301' } });
    expect(march.dates).to.deep.equal({ business: '20240302', reconcile: '20240301', closed: '20240229', otherDay: '20240228' });
    const at = (reconcileDate: string) => () => createBossTarget({ host: '127.0.0.1', port: 9100, profile: PROFILE, seed: 5, clock, data: { ...DEMO_TARGET_DATA, reconcileDate }, dataSource: (key) => `--x ${key}` });
    expect(at('20261123')).to.throw(/--x reconcileDate: 20261123 is not before the business date 20261123/);
    expect(at('20261124')).to.throw(/is not before the business date/);
    expect(at('20261131')).to.throw(/--x reconcileDate: "20261131" is not a date/);
  });

  it('offers the allow-list case where the off-list address reaches the target: both on loopback, or another address of this machine', () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2));
    const capabilities = (host: string, offListAddress = DEMO_TARGET_DATA.offListAddress) => [
      ...bossBinding(createBossTarget({ host, port: 9100, profile: PROFILE, seed: 5, clock, data: { ...DEMO_TARGET_DATA, offListAddress } }), BOSS_CASES).capabilities,
    ];
    expect(capabilities('127.0.0.1')).to.deep.equal([BOSS_CAPABILITY.offListAddress]);
    expect(capabilities('localhost', '127.0.0.9')).to.deep.equal([BOSS_CAPABILITY.offListAddress]);
    expect(capabilities('10.1.2.3')).to.deep.equal([]);
    expect(capabilities('10.1.2.3', '10.1.2.99')).to.deep.equal([BOSS_CAPABILITY.offListAddress]);
  });

  it('refuses target data the profile cannot carry, naming the key or option, before any case runs', () => {
    expect(() => checkData({})).to.not.throw();
    for (const [change, message] of [
      [{ bank: 'BANK000001' }, /target data bank: "BANK000001" is 10 characters, not 2\.\.8, so it cannot be the request header's BANKCODE/],
      [{ restrictedBank: 'C-1' }, /restrictedBank: "C-1" is not letters and digits only/],
      [{ unknownBank: 'X' }, /unknownBank: "X" is 1 characters/],
      [{ unknownTxcode: '1001' }, /unknownTxcode: 1001 is a TXCODE of profile boss-bank\/1/],
      [{ unknownTxcode: '91' }, /unknownTxcode: "91" is 2 characters/],
      [{ restrictedTxcode: '1002' }, /restrictedTxcode: "1002" is not one of 1003, 1005, 3001/],
      [{ balanceCustomer: 'C-0001' }, /balanceCustomer: "C-0001" is not letters and digits only, so it cannot be CUSTNO of a 1001 request/],
      [{ billedCustomers: ['C00012345', 'C 2'] }, /billedCustomers: "C 2" is not letters/],
      [{ namedCustomer: { custno: 'C1', name: 'A|B', address: '' } }, /namedCustomer: "A\|B" contains the separator/],
      [{ agreementAccounts: ['1'.repeat(33), '2'] }, /agreementAccounts: "1{33}" is 33 characters, not 1\.\.32, so it cannot be ACCTNO/],
      [{ accountName: 'N'.repeat(61) }, /accountName: "N{61}" is 61 bytes, not 0\.\.60, so it cannot be ACCTNAME of a 1003 request/],
      [{ offListAddress: '127.0.0' }, /offListAddress: "127.0.0" is not an IPv4 address/],
    ] as const) {
      expect(() => checkData(change), JSON.stringify(change)).to.throw(message);
    }
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2));
    expect(() => createBossTarget({ host: '127.0.0.1', port: 9100, profile: PROFILE, seed: 5, clock, data: { ...DEMO_TARGET_DATA, bank: 'B' }, dataSource: () => '--bank' })).to.throw(/^--bank: "B"/);
  });

  it('puts --data keys over the demo data, refusing unknown keys and bad values', () => {
    const data = targetDataFrom({ bank: 'BANK07', foreignBank: null, agreementAccounts: ['1', '2'], accountName: 'LI', reconcileDate: null, offListAddress: '10.0.0.2' });
    expect(data.bank).to.equal('BANK07');
    expect(data.foreignBank).to.equal(undefined);
    expect([data.accountName, data.reconcileDate, data.offListAddress]).to.deep.equal(['LI', undefined, '10.0.0.2']);
    expect(DEMO_TARGET_DATA.offListAddress).to.equal('127.0.0.2');
    expect(data.agreementAccounts).to.deep.equal(['1', '2']);
    expect(data.namedCustomer).to.deep.equal(DEMO_TARGET_DATA.namedCustomer);
    expect(() => targetDataFrom({ bank: null })).to.throw(/bank: must be a non-empty string/);
    expect(() => targetDataFrom({ agreementAccounts: ['1', '1'] })).to.throw(/two different/);
    expect(() => targetDataFrom({ billedCustomers: [] })).to.throw(/non-empty list/);
    expect(() => targetDataFrom([])).to.throw(/JSON object/);
  });

  it('has unique case ids of the form BOSS-AREA-NNN, each citing bank-interface', () => {
    const ids = BOSS_CASES.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const c of BOSS_CASES) {
      expect(c.id).to.match(/^BOSS-(TX-\d{4}|RESP-\d{4}|IDEM|FRAME|ALLOW|TIMEOUT)-\d{3}$/);
      expect(c.clause).to.match(/^bank-interface §\d/);
    }
  });
});
