import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { pairExchanges } from '../../../src/boss/capture/exchanges.ts';
import { readClassicPcap } from '../../../src/boss/capture/pcap/classic.ts';
import { readPcapng } from '../../../src/boss/capture/pcap/pcapng.ts';
import { tcpSegments } from '../../../src/boss/capture/pcap/segments.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { CAPTURES_DIR, exampleFrame, latin1 } from './support/examples.ts';

/** The captures made on loopback by vectors/boss/captures/make.sh (see its README.md). */
const FIXTURES: { file: string; format: 'pcap' | 'pcapng' | 'jsonl'; linkType?: number; bank: RegExp; firstTimeNs?: bigint }[] = [
  { file: 'lo-tcpdump.pcap', format: 'pcap', linkType: 1, bank: /^127\.0\.0\.1:\d+$/ },
  { file: 'lo-tcpdump-nano.pcap', format: 'pcap', linkType: 1, bank: /^127\.0\.0\.1:\d+$/, firstTimeNs: 1_795_442_748_170_168_057n },
  { file: 'lo-dumpcap.pcapng', format: 'pcapng', linkType: 1, bank: /^127\.0\.0\.1:\d+$/, firstTimeNs: 1_795_442_751_444_303_792n },
  { file: 'lo-dumpcap-editcap.pcap', format: 'pcap', linkType: 1, bank: /^127\.0\.0\.1:\d+$/, firstTimeNs: 1_795_442_751_444_303_000n },
  { file: 'lo-ipv6-tshark.pcapng', format: 'pcapng', linkType: 1, bank: /^\[::1\]:\d+$/ },
  { file: 'any-sll-tcpdump.pcap', format: 'pcap', linkType: 113, bank: /^127\.0\.0\.1:\d+$/ },
  { file: 'any-sll2-tcpdump.pcap', format: 'pcap', linkType: 276, bank: /^127\.0\.0\.1:\d+$/ },
  { file: 'proxy-capture.jsonl', format: 'jsonl', bank: /^127\.0\.0\.1:\d+$/ },
];

const path = (file: string): string => fileURLToPath(new URL(file, CAPTURES_DIR));

describe('BOSS capture: real captures made on loopback', () => {
  const query = latin1(exampleFrame('query'));
  const queryAnswer = latin1(exampleFrame('query-answer'));
  const payment = latin1(exampleFrame('payment'));
  const paymentAnswer = latin1(exampleFrame('payment-answer'));

  for (const fixture of FIXTURES) {
    describe(fixture.file, () => {
      it('recovers exactly the §8 frames, paired request → answer, per connection', async () => {
        const set = await loadCapture(path(fixture.file), defaultProfile());
        expect(set.format).to.equal(fixture.format);
        expect(set.notes).to.deep.equal([]);
        expect(set.connections).to.have.length(2);
        const [first, second] = set.connections;
        const pairs = (c: typeof first) => (c ? pairExchanges(c, defaultProfile()).map((e) => [latin1(e.request?.bytes ?? new Uint8Array()), ...e.responses.map((r) => latin1(r.bytes))]) : []);
        expect(pairs(first)).to.deep.equal([
          [query, queryAnswer],
          [payment, paymentAnswer],
        ]);
        expect(pairs(second)).to.deep.equal([[payment, paymentAnswer]]);
        for (const connection of set.connections) {
          expect(connection.peer).to.match(fixture.bank);
          expect(connection.closedBy).to.equal('bank');
          expect(connection.notes).to.deep.equal([]);
          expect(connection.items.every((i) => i.isFrame)).to.equal(true);
        }
        if (fixture.format !== 'jsonl') expect(first?.boss).to.match(/:19100$/);
      });

      if (fixture.linkType !== undefined) {
        it(`reads link type ${fixture.linkType} and the timestamps at full resolution`, () => {
          const bytes = new Uint8Array(readFileSync(path(fixture.file)));
          const packets = fixture.format === 'pcapng' ? readPcapng(bytes, fixture.file) : readClassicPcap(bytes, fixture.file);
          expect(packets.packets).to.have.length(30);
          expect(new Set(packets.packets.map((p) => p.linkType))).to.deep.equal(new Set([fixture.linkType]));
          if (fixture.firstTimeNs !== undefined) expect(packets.packets[0]?.timeNs).to.equal(fixture.firstTimeNs);
        });
      }
    });
  }

  it('the bank sent the query in two segments and the BOSS its answer in two: the split is real', () => {
    const bytes = new Uint8Array(readFileSync(path('lo-tcpdump.pcap')));
    const { segments } = tcpSegments(readClassicPcap(bytes, 'lo-tcpdump.pcap').packets);
    const payloads = segments.filter((s) => s.payload.length > 0).map((s) => `${s.dstPort === 19100 ? 'bank' : 'boss'} ${s.payload.length}`);
    expect(payloads).to.deep.equal(['bank 20', 'bank 43', 'boss 40', 'boss 73', 'bank 70', 'boss 69', 'bank 3', 'bank 27', 'bank 40', 'boss 69']);
  });
});
