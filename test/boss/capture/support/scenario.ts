import { exampleFrame } from './examples.ts';
import { TcpConversationScript } from './conversation.ts';

export const BANK = { ip: '10.0.0.2', port: 40001 };
export const BOSS = { ip: '10.0.0.1', port: 9100 };
export const BANK6 = { ip: '2001:db8::2', port: 40001 };
export const BOSS6 = { ip: '2001:db8::1', port: 9100 };

/** The §8 conversation: the query in three segments, its answer in two, the payment whole. */
export function section8Conversation(client = BANK, server = BOSS, isn?: { client: number; server: number }): TcpConversationScript {
  return new TcpConversationScript(client, server, isn)
    .handshake()
    .send('client', exampleFrame('query'), [4, 30])
    .send('server', exampleFrame('query-answer'), [50])
    .send('client', exampleFrame('payment'))
    .send('server', exampleFrame('payment-answer'))
    .fin('client')
    .fin('server');
}

/** Packet i at 1 ms steps from 2026-11-23T02:15:00Z. */
export function timeOf(i: number): bigint {
  return BigInt(Date.UTC(2026, 10, 23, 2, 15)) * 1_000_000n + BigInt(i) * 1_000_000n;
}
