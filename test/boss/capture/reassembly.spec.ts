import { expect } from 'chai';
import { pairExchanges } from '../../../src/boss/capture/exchanges.ts';
import type { CaptureConnection } from '../../../src/boss/capture/model.ts';
import { readPcapCapture } from '../../../src/boss/capture/pcap/index.ts';
import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { exampleFrame, latin1 } from './support/examples.ts';
import { TcpConversationScript, type ScriptedPacket } from './support/conversation.ts';
import { ACK, ipPacket, RST } from './support/packets.ts';
import { writePcap, type PacketToWrite } from './support/pcap-writer.ts';
import { BANK, BOSS, section8Conversation, timeOf } from './support/scenario.ts';

const profile = defaultProfile();
const QUERY = latin1(exampleFrame('query'));
const QUERY_ANSWER = latin1(exampleFrame('query-answer'));
const PAYMENT = latin1(exampleFrame('payment'));
const PAYMENT_ANSWER = latin1(exampleFrame('payment-answer'));
const SECTION_8 = [
  [QUERY, QUERY_ANSWER],
  [PAYMENT, PAYMENT_ANSWER],
];

/** Raw-IP pcap of the packets in the order given, 1 ms apart. */
function capture(packets: readonly (ScriptedPacket | PacketToWrite)[], options: { bossPort?: number } = {}) {
  const written = packets.map((p, i) => ('ip' in p ? { data: p.ip, timeNs: timeOf(i) } : p));
  return readPcapCapture(writePcap(written, { linkType: 101 }), 'hand.pcap', profile, options);
}

function pairs(connection: CaptureConnection | undefined): string[][] {
  if (!connection) return [];
  return pairExchanges(connection, profile).map((e) => [...(e.request ? [latin1(e.request.bytes)] : ['(none)']), ...e.responses.map((r) => latin1(r.bytes))]);
}

describe('BOSS capture: TCP reassembly from pcap', () => {
  it('in order: the §8 frames, paired, closed by the bank', () => {
    const set = capture(section8Conversation().packets);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.connections[0]?.closedBy).to.equal('bank');
    expect(set.connections[0]?.peer).to.equal('10.0.0.2:40001');
  });

  it('segments out of order are put back by sequence number', () => {
    const p = section8Conversation().packets;
    // query segments 3, 1, 2 (packets 3..5), answer segments 2, 1 (6, 7)
    const shuffled = [p[0], p[1], p[2], p[5], p[3], p[4], p[7], p[6], ...p.slice(8)] as ScriptedPacket[];
    const set = capture(shuffled);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.connections[0]?.notes).to.deep.equal([]);
  });

  it('retransmissions and -i any style duplicates of every packet change nothing', () => {
    const p = section8Conversation().packets;
    const retransmitted = [...p.slice(0, 6), p[4], p[3], ...p.slice(6)] as ScriptedPacket[];
    expect(pairs(capture(retransmitted).connections[0])).to.deep.equal(SECTION_8);
    const doubled = p.flatMap((x) => [x, x]);
    const set = capture(doubled);
    expect(set.connections).to.have.length(1);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.connections[0]?.notes).to.deep.equal([]);
  });

  it('a retransmission that overlaps several segments (repacketised) is merged', () => {
    const p = section8Conversation().packets;
    const query = exampleFrame('query');
    const first = p[3]?.spec;
    if (!first) throw new Error('no segment');
    // bytes 2..40 of the query in one segment, arriving before the originals 2 and 3
    const overlap = { ip: ipPacket({ ...first, seq: first.seq + 2, payload: query.subarray(2, 40) }), spec: first };
    const set = capture([p[0], p[1], p[2], p[3], overlap, p[4], p[5], ...p.slice(6)] as ScriptedPacket[]);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.connections[0]?.notes).to.deep.equal([]);
  });

  it('an overlap carrying different bytes keeps the first copy and says so', () => {
    const p = section8Conversation().packets;
    const spec = p[4]?.spec;
    if (!spec?.payload) throw new Error('no segment');
    const forged = Uint8Array.from(spec.payload);
    forged[0] = 0x58;
    const set = capture([...p.slice(0, 6), { ip: ipPacket({ ...spec, payload: forged }), spec }, ...p.slice(6)] as ScriptedPacket[]);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.connections[0]?.notes.join('\n')).to.match(/bank → BOSS: packet 7 disagrees with bytes already taken at stream offset 4; the first copy is kept/);
  });

  it('IPv6 and sequence numbers that wrap past 2^32', () => {
    const script = section8Conversation({ ip: 'fe80::2', port: 40001 }, { ip: 'fe80::1', port: 9100 }, { client: 0xffffffe0, server: 0xfffffff0 });
    const set = capture(script.packets);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.connections[0]?.peer).to.equal('[fe80::2]:40001');
  });

  it('a packet cut to the snapshot length leaves a hole: reported, the cut frame left out, the rest recovered', () => {
    const p = section8Conversation().packets;
    const cut = (p[4] as ScriptedPacket).ip;
    const written: PacketToWrite[] = p.map((x, i) => (i === 4 ? { data: cut.subarray(0, cut.length - 10), originalLength: cut.length, timeNs: timeOf(i) } : { data: x.ip, timeNs: timeOf(i) }));
    const set = capture(written);
    const connection = set.connections[0];
    expect(connection?.notes.join('\n')).to.match(/bank → BOSS: 10 bytes missing at stream offset 20 \(packets cut to the snapshot length\)/);
    expect(connection?.notes.join('\n')).to.match(/not a whole frame because of a hole in the capture; left out/);
    expect(pairs(connection)).to.deep.equal([['(none)', QUERY_ANSWER], [PAYMENT, PAYMENT_ANSWER]]);
  });

  it('a segment missing from the capture is a hole "not in the capture"; the stream resumes at the next frame', () => {
    const p = section8Conversation().packets;
    const set = capture(p.filter((_, i) => i !== 6));
    const connection = set.connections[0];
    expect(connection?.notes.join('\n')).to.match(/BOSS → bank: 50 bytes missing at stream offset 0 \(segments not in the capture\)/);
    expect(pairs(connection)).to.deep.equal([[QUERY], [PAYMENT, PAYMENT_ANSWER]]);
  });

  it('the end of a stream cut short is reported', () => {
    const p = section8Conversation().packets;
    const last = (p[9] as ScriptedPacket).ip;
    const written: PacketToWrite[] = p.map((x, i) => (i === 9 ? { data: last.subarray(0, last.length - 5), originalLength: last.length, timeNs: timeOf(i) } : { data: x.ip, timeNs: timeOf(i) }));
    const connection = capture(written).connections[0];
    expect(connection?.notes.join('\n')).to.match(/BOSS → bank: the last 5 bytes are missing/);
    expect(pairs(connection)).to.deep.equal([[QUERY, QUERY_ANSWER], [PAYMENT]]);
  });

  it('without a handshake the lower port is taken as the BOSS, with a note; --boss-port decides', () => {
    const script = new TcpConversationScript({ ip: BANK.ip, port: 1000 }, BOSS).send('client', exampleFrame('payment')).send('server', exampleFrame('payment-answer'));
    const guessed = capture(script.packets);
    expect(guessed.connections[0]?.boss).to.equal('10.0.0.2:1000');
    expect(guessed.connections[0]?.notes[0]).to.match(/no TCP handshake in the capture: took 10\.0\.0\.2:1000 \(the lower port\) as the BOSS/);
    const told = capture(script.packets, { bossPort: 9100 });
    expect(told.connections[0]?.boss).to.equal('10.0.0.1:9100');
    expect(told.connections[0]?.notes).to.deep.equal([]);
    expect(pairs(told.connections[0])).to.deep.equal([[PAYMENT, PAYMENT_ANSWER]]);
  });

  it('without the handshake a capture that starts inside a frame resumes at the next whole frames, with a note', () => {
    // the capture began while the bank was sending the query: only its last 33 bytes were seen
    const tail = exampleFrame('query').subarray(30);
    const script = new TcpConversationScript(BANK, BOSS).send('client', tail).send('server', exampleFrame('query-answer')).send('client', exampleFrame('payment')).send('server', exampleFrame('payment-answer'));
    const connection = capture(script.packets, { bossPort: 9100 }).connections[0];
    expect(connection?.notes).to.deep.equal(['bank → BOSS: the capture starts without the TCP handshake, inside a frame: the first 33 bytes are left out, framing resumes at the next whole frame']);
    // the query's answer has no request in the capture: it stands alone
    expect(pairs(connection)).to.deep.equal([['(none)', QUERY_ANSWER], [PAYMENT, PAYMENT_ANSWER]]);
  });

  it('bytes that are not a frame, over several packets after a framing error, are one piece', () => {
    const garbage = new TextEncoder().encode('HELLO WORLD, THIS IS NOT A FRAME\r\n');
    const script = new TcpConversationScript(BANK, BOSS).handshake().send('client', garbage, [5, 12, 20]).fin('client');
    const connection = capture(script.packets).connections[0];
    expect(connection?.items.map((i) => [i.isFrame, latin1(i.bytes), i.source])).to.deep.equal([[false, latin1(garbage), 'packets 4-7']]);
    expect(connection?.notes).to.deep.equal([]);
  });

  it('--boss-port leaves out connections on other ports, with a note', () => {
    const other = new TcpConversationScript({ ip: BANK.ip, port: 40002 }, { ip: BOSS.ip, port: 22 }).handshake().send('client', Uint8Array.of(1, 2, 3));
    const set = capture([...section8Conversation().packets, ...other.packets], { bossPort: 9100 });
    expect(set.connections).to.have.length(1);
    expect(set.notes.join('\n')).to.match(/10\.0\.0\.1:22 ↔ 10\.0\.0\.2:40002 \(packet 13\) is not on --boss-port 9100; left out/);
  });

  it('a new SYN on the same ports is a new connection (port reuse); connections in capture order', () => {
    const first = section8Conversation(BANK, BOSS, { client: 100, server: 200 });
    const second = section8Conversation(BANK, BOSS, { client: 90_000, server: 80_000 });
    const set = capture([...first.packets, ...second.packets]);
    expect(set.connections.map((c) => c.index)).to.deep.equal([1, 2]);
    expect(set.connections.map((c) => c.label)).to.deep.equal(['10.0.0.2:40001 → 10.0.0.1:9100 (packet 1)', '10.0.0.2:40001 → 10.0.0.1:9100 (packet 13)']);
    expect(pairs(set.connections[1])).to.deep.equal(SECTION_8);
  });

  it('garbage from the bank is kept as bytes that are not a frame; a reset by the BOSS is its close', () => {
    const answer = encodeFrame(profile.framing, new TextEncoder().encode('0000|1002|BAD PREFIX|||'));
    const script = new TcpConversationScript(BANK, BOSS).handshake().send('client', new TextEncoder().encode('HELLO\r\n')).send('server', answer);
    const last = script.packets[script.packets.length - 1]?.spec;
    if (!last) throw new Error('no packet');
    const reset = { ip: ipPacket({ ...last, seq: last.seq + answer.length, flags: RST | ACK, payload: new Uint8Array(0) }), spec: last };
    const connection = capture([...script.packets, reset]).connections[0];
    expect(connection?.items.map((i) => [i.direction, i.isFrame, latin1(i.bytes)])).to.deep.equal([
      ['request', false, 'HELLO\r\n'],
      ['response', true, latin1(answer)],
    ]);
    expect(connection?.closedBy).to.equal('boss');
  });

  it('packets that are not TCP over IP, or cut inside their headers, are counted in a note', () => {
    const p = section8Conversation().packets;
    const udp = Uint8Array.from(p[0]?.ip ?? []);
    udp[9] = 17;
    const set = capture([...p, { data: udp, timeNs: 0n }, { data: Uint8Array.of(0x45, 0, 0), timeNs: 0n }, { data: Uint8Array.of(0x20), timeNs: 0n }]);
    expect(pairs(set.connections[0])).to.deep.equal(SECTION_8);
    expect(set.notes).to.deep.equal([
      'skipped 1 packet(s), IP protocol 17 (not TCP): #13',
      'skipped 1 packet(s), IPv4 header cut short by the snapshot length: #14',
      'skipped 1 packet(s), IP version 2: #15',
    ]);
  });
});
