import type { ServiceAnswer } from '../service/types.ts';

/** One line of transactions.log: every field always present (null when the answer has none). */
export interface AnswerLine {
  readonly event: 'answer';
  readonly connection: number;
  readonly txcode: string;
  readonly bankcode: string | null;
  readonly bankSerial: string | null;
  readonly bossSerial: string | null;
  readonly respCode: string;
  readonly replayed: boolean;
  /** The bank's `IP:PORT`. */
  readonly peer: string;
  /** From the request's last byte to the answer's write, ms on the server's clock (queueing included). */
  readonly elapsedMs: number;
  /** Time spent inside the service, as it reports it. */
  readonly serviceMs: number;
  /** False when the connection was gone before the answer could be written. */
  readonly sent: boolean;
}

export function answerLine(answer: ServiceAnswer, where: { connection: number; peer: string; elapsedMs: number; sent: boolean }): AnswerLine {
  return {
    event: 'answer',
    connection: where.connection,
    txcode: answer.txcode,
    bankcode: answer.bankcode ?? null,
    bankSerial: answer.bankSerial ?? null,
    bossSerial: answer.bossSerial ?? null,
    respCode: answer.respCode,
    replayed: answer.replayed,
    peer: where.peer,
    elapsedMs: where.elapsedMs,
    serviceMs: answer.elapsedMs,
    sent: where.sent,
  };
}
