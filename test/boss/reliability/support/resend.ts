import { BankConnection } from '../../../../src/boss/client/bank-connection.ts';
import { decodeResponse } from '../../../../src/boss/codec/message.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { bytesEqual } from '../../../../src/core/hex.ts';
import type { LedgerSnapshot } from './ledger.ts';
import { describeRequest, requestKey, type SentRequest } from './sent.ts';

/**
 * What a request the BOSS never processed may legitimately get when it finally arrives, besides 0000:
 * a delete whose original never committed (2004) or was deleted meanwhile (2005); a make-up of a
 * payment held with other values (2003) or deleted (2005). A 1002 of an active customer is paid.
 */
const FRESH_ANSWERS: Readonly<Record<string, readonly string[]>> = {
  '1002': ['0000'],
  '1005': ['0000', '2004', '2005'],
  '1006': ['0000', '2003', '2005'],
};

const text = (bytes: Uint8Array | undefined): string => (bytes === undefined ? 'nothing' : JSON.stringify(Buffer.from(bytes).toString('latin1')));

/**
 * The bank's recovery [bank-interface §5]: every request sent without an answer is sent again, twice,
 * byte for byte. One the BOSS had committed before the crash gets its original answer both times
 * (the stored one, byte for byte); one it had not is processed now (0000 or a legitimate refusal)
 * and the second send replays the first answer. Each request's outcome becomes the answer received.
 */
export async function resendUnanswered(sent: readonly SentRequest[], before: LedgerSnapshot, port: number, profile: Profile): Promise<string[]> {
  const problems: string[] = [];
  let connection: BankConnection | undefined;
  const send = async (frame: Uint8Array): Promise<Uint8Array | undefined> => {
    if (connection === undefined || connection.closed) connection = await BankConnection.open({ host: '127.0.0.1', port, profile, timeoutMs: 5000 });
    await connection.write(frame);
    return connection.nextFrame();
  };
  try {
    for (const request of sent) {
      if (request.outcome.kind !== 'unanswered') continue;
      const first = await send(request.frame);
      const second = await send(request.frame);
      const stored = before.exchanges.get(requestKey(request));
      const where = describeRequest(request);
      if (first === undefined || second === undefined) {
        problems.push(`re-sent, no answer (${text(first)}, ${text(second)}): ${where}`);
        continue;
      }
      const answer = decodeResponse(profile, first);
      const respCode = answer.header.RESPCODE ?? '';
      if (stored) {
        if (!bytesEqual(first, stored.response) || !bytesEqual(second, stored.response)) {
          problems.push(`committed before the crash, re-sent: answers ${text(first)} and ${text(second)}, stored ${text(stored.response)}: ${where}`);
        }
      } else {
        if (!(FRESH_ANSWERS[request.txcode] ?? ['0000']).includes(respCode)) problems.push(`re-sent, answered ${text(first)}: ${where}`);
        if (!bytesEqual(first, second)) problems.push(`re-sent twice, two different answers ${text(first)} and ${text(second)}: ${where}`);
      }
      request.outcome = { kind: 'answered', respCode, bossSerial: answer.header.BOSSSERIAL ?? '', answer: first };
    }
  } finally {
    await connection?.close().catch(() => undefined);
  }
  return problems;
}
