import { expect } from 'chai';
import { pairExchanges } from '../../../src/boss/capture/exchanges.ts';
import type { CaptureSet } from '../../../src/boss/capture/model.ts';
import { PcapError, readClassicPcap, readPcapCapture, readPcapng } from '../../../src/boss/capture/pcap/index.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { exampleFrame, latin1 } from './support/examples.ts';
import { LINK_TYPES, withLink, type LinkKind } from './support/packets.ts';
import { PcapngBuilder, writePcap } from './support/pcap-writer.ts';
import { BANK6, BOSS6, section8Conversation, timeOf } from './support/scenario.ts';

const profile = defaultProfile();

function expectSection8(set: CaptureSet): void {
  expect(set.connections).to.have.length(1);
  const exchanges = pairExchanges(set.connections[0] ?? { index: 0, label: '', peer: '', items: [], notes: [] }, profile);
  expect(exchanges.map((e) => [latin1(e.request?.bytes ?? new Uint8Array()), ...e.responses.map((r) => latin1(r.bytes))])).to.deep.equal([
    [latin1(exampleFrame('query')), latin1(exampleFrame('query-answer'))],
    [latin1(exampleFrame('payment')), latin1(exampleFrame('payment-answer'))],
  ]);
  expect(set.connections[0]?.notes).to.deep.equal([]);
}

describe('BOSS capture: pcap and pcapng files', () => {
  const ip = section8Conversation().packets.map((p) => p.ip);

  describe('classic pcap', () => {
    for (const littleEndian of [true, false]) {
      for (const nanos of [false, true]) {
        it(`${littleEndian ? 'little' : 'big'}-endian, ${nanos ? 'nanosecond' : 'microsecond'} timestamps`, () => {
          const file = writePcap(
            ip.map((data, i) => ({ data: withLink('ethernet', data), timeNs: timeOf(i) + 123_456n })),
            { linkType: 1, littleEndian, nanos },
          );
          const packets = readClassicPcap(file, 't.pcap').packets;
          expect(packets[1]?.timeNs).to.equal(timeOf(1) + (nanos ? 123_456n : 123_000n));
          const set = readPcapCapture(file, 't.pcap', profile);
          expect(set.format).to.equal('pcap');
          expectSection8(set);
          expect(set.connections[0]?.items[0]?.at).to.equal('2026-11-23T02:15:00.005Z');
        });
      }
    }

    for (const kind of Object.keys(LINK_TYPES) as LinkKind[]) {
      it(`link type ${LINK_TYPES[kind]} (${kind})`, () => {
        const file = writePcap(
          ip.map((data, i) => ({ data: withLink(kind, data), timeNs: timeOf(i) })),
          { linkType: LINK_TYPES[kind] },
        );
        expectSection8(readPcapCapture(file, 't.pcap', profile));
      });
    }

    it('IPv6 over BSD loopback and Linux cooked v2', () => {
      const ip6 = section8Conversation(BANK6, BOSS6).packets.map((p) => p.ip);
      for (const kind of ['null-le', 'sll2', 'ethernet'] as const) {
        const set = readPcapCapture(writePcap(ip6.map((data, i) => ({ data: withLink(kind, data), timeNs: timeOf(i) })), { linkType: LINK_TYPES[kind] }), 't.pcap', profile);
        expectSection8(set);
        expect(set.connections[0]?.peer).to.equal('[2001:db8::2]:40001');
        expect(set.connections[0]?.boss).to.equal('[2001:db8::1]:9100');
      }
    });

    it('a file cut inside a record keeps the packets before it, with a note', () => {
      const file = writePcap(ip.map((data, i) => ({ data: withLink('raw', data), timeNs: timeOf(i) })), { linkType: 101 });
      const cut = file.subarray(0, file.length - 5);
      const result = readClassicPcap(cut, 'cut.pcap');
      expect(result.packets).to.have.length(ip.length - 1);
      expect(result.notes[0]).to.match(new RegExp(`ends inside packet ${ip.length} \\(record at byte \\d+`));
      const set = readPcapCapture(cut, 'cut.pcap', profile);
      expect(set.notes[0]).to.match(/ends inside packet/);
    });

    it('errors name the byte offset: bad magic, bad version, absurd record length', () => {
      const file = writePcap([{ data: withLink('raw', ip[0] ?? new Uint8Array()), timeNs: 0n }], { linkType: 101 });
      const bad = (bytes: Uint8Array, reason: string, offset: number): void => {
        try {
          readClassicPcap(bytes, 'x.pcap');
          expect.fail('no error');
        } catch (error) {
          expect(error).to.be.instanceOf(PcapError);
          expect([(error as PcapError).reason, (error as PcapError).offset]).to.deep.equal([reason, offset]);
          expect((error as Error).message).to.contain(`x.pcap at byte ${offset}`);
        }
      };
      const magic = Uint8Array.from(file);
      magic[0] = 0;
      bad(magic, 'magic', 0);
      const version = Uint8Array.from(file);
      version[4] = 3;
      bad(version, 'version', 4);
      const length = Uint8Array.from(file);
      new DataView(length.buffer).setUint32(24 + 8, 0x7fffffff, true);
      bad(length, 'record', 24);
      bad(file.subarray(0, 10), 'header', 0);
    });
  });

  describe('pcapng', () => {
    for (const littleEndian of [true, false]) {
      it(`${littleEndian ? 'little' : 'big'}-endian section, EPB, default microsecond resolution`, () => {
        const builder = new PcapngBuilder(littleEndian).section().iface({ linkType: 1 });
        ip.forEach((data, i) => builder.epb({ data: withLink('ethernet', data), timeNs: 0n }, timeOf(i) / 1000n));
        const set = readPcapCapture(builder.bytes(), 't.pcapng', profile);
        expect(set.format).to.equal('pcapng');
        expectSection8(set);
      });
    }

    it('per-interface link type and if_tsresol (10^-9 and 2^-10), OPB and unknown blocks skipped', () => {
      const builder = new PcapngBuilder().section().iface({ linkType: 101, tsresol: 9 }).iface({ linkType: 113, tsresol: 0x8a });
      builder.block(0x00000bad, Uint8Array.of(1, 2, 3, 4)).block(0x12345678, Uint8Array.of(9, 9, 9, 9));
      ip.forEach((data, i) => {
        if (i % 2 === 0) builder.epb({ data: withLink('raw', data), timeNs: 0n, interfaceId: 0 }, timeOf(i));
        else builder.opb({ data: withLink('sll', data), timeNs: 0n, interfaceId: 1 }, BigInt(Date.UTC(2026, 10, 23, 2, 15) / 1000) * 1024n + 512n);
      });
      const packets = readPcapng(builder.bytes(), 't.pcapng');
      expect(packets.packets[0]?.timeNs).to.equal(timeOf(0));
      expect(packets.packets[0]?.linkType).to.equal(101);
      expect(packets.packets[1]?.linkType).to.equal(113);
      // 512/1024 s after the minute
      expect(packets.packets[1]?.timeNs).to.equal(BigInt(Date.UTC(2026, 10, 23, 2, 15)) * 1_000_000n + 500_000_000n);
      expect(packets.notes).to.deep.equal(['skipped blocks of unknown type 0x12345678']);
      expect(readPcapCapture(builder.bytes(), 't.pcapng', profile).connections[0]?.items).to.have.length(4);
    });

    it('Simple Packet Blocks take the captured length from the snapshot length', () => {
      const builder = new PcapngBuilder().section().iface({ linkType: 101 });
      for (const data of ip) builder.spb(data);
      expectSection8(readPcapCapture(builder.bytes(), 't.pcapng', profile));
    });

    it('a second section restarts the interfaces and may change byte order', () => {
      const first = new PcapngBuilder(true).section().iface({ linkType: 101 });
      const second = new PcapngBuilder(false).section().iface({ linkType: 1 });
      ip.forEach((data, i) => (i < 5 ? first.epb({ data, timeNs: 0n }, timeOf(i) / 1000n) : second.epb({ data: withLink('ethernet', data), timeNs: 0n }, timeOf(i) / 1000n)));
      const joined = Buffer.concat([first.bytes(), second.bytes()]);
      expectSection8(readPcapCapture(new Uint8Array(joined), 't.pcapng', profile));
    });

    it('a file cut inside a block keeps what came before, with a note', () => {
      const builder = new PcapngBuilder().section().iface({ linkType: 101 });
      ip.forEach((data, i) => builder.epb({ data, timeNs: 0n }, timeOf(i) / 1000n));
      const bytes = builder.bytes();
      const result = readPcapng(bytes.subarray(0, bytes.length - 7), 't.pcapng');
      expect(result.packets).to.have.length(ip.length - 1);
      expect(result.notes[0]).to.match(/ends inside a block at byte \d+ \(type 0x00000006/);
    });

    it('errors name the byte offset: lengths that disagree, unknown interface, bad byte-order magic', () => {
      const attempt = (bytes: Uint8Array): PcapError => {
        try {
          readPcapng(bytes, 'y.pcapng');
        } catch (error) {
          expect(error).to.be.instanceOf(PcapError);
          return error as PcapError;
        }
        return expect.fail('no error');
      };
      const good = new PcapngBuilder().section().iface({ linkType: 101 }).epb({ data: ip[0] ?? new Uint8Array(), timeNs: 0n }, 0n).bytes();
      const idbAt = 28;
      const epbAt = idbAt + new DataView(good.buffer, good.byteOffset).getUint32(idbAt + 4, true);

      const trailer = Uint8Array.from(good);
      trailer[trailer.length - 4] = 0xff;
      expect([attempt(trailer).reason, attempt(trailer).offset]).to.deep.equal(['block', epbAt]);

      const iface = Uint8Array.from(good);
      iface[epbAt + 8] = 3;
      expect([attempt(iface).reason, attempt(iface).offset]).to.deep.equal(['interface', epbAt]);

      const bom = Uint8Array.from(good);
      bom[8] = 0;
      expect([attempt(bom).reason, attempt(bom).offset]).to.deep.equal(['magic', 8]);

      const odd = Uint8Array.from(good);
      new DataView(odd.buffer).setUint32(idbAt + 4, 13, true);
      expect(attempt(odd).message).to.match(/y\.pcapng at byte 28: .*length 13/);

      const caplen = Uint8Array.from(good);
      new DataView(caplen.buffer).setUint32(epbAt + 8 + 12, 5000, true);
      expect(attempt(caplen).message).to.match(/claims 5000 captured bytes/);
    });
  });
});
