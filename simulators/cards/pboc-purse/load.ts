import { bytesEqual, concatBytes, uintBytes } from '../../../src/core/hex.ts';
import { foldTacKey, purseMac, sessionKey } from '../../../src/crypto/index.ts';
import { answer, PROOFS_KEPT, type PurseAnswer, type PurseCommand, type PurseHost } from './context.ts';
import type { LoadSession } from './session.ts';
import { SW } from './status-words.ts';
import { loadType } from './transaction-types.ts';

/**
 * INITIALIZE FOR LOAD `80 50 00 P2 0B`: key index ‖ amount(4) ‖ terminal(6) → old balance(4) ‖
 * online seq(2) ‖ key version ‖ algorithm ‖ random(4) ‖ MAC1(4), where SESLK = 3DES(DLK, random ‖
 * online seq ‖ 80 00) and MAC1 = MAC(SESLK, balance ‖ amount ‖ type ‖ terminal). [psam_hsm.md §1.2, §1.3]
 */
export function initializeForLoad(host: PurseHost, command: PurseCommand): { answer: PurseAnswer; session?: LoadSession } {
  if (command.data.length !== 11) return { answer: answer(SW.wrongLength) };
  const key = host.profile.loadKeys.find((k) => k.index === command.data[0]);
  if (!key) return { answer: answer(SW.keyIndexUnknown) };
  const amount = readUint32(command.data, 1);
  const terminal = command.data.slice(5, 11);
  const state = host.state();
  // a load that would pass the purse's maximum, or a sequence number that would wrap, is refused here
  if (state.balance + amount > host.profile.maxBalance || state.onlineSeq >= 0xffff) return { answer: answer(SW.conditionsNotSatisfied) };
  const random = host.random();
  const seq = uintBytes(state.onlineSeq, 2);
  const type = loadType(host.profile.application);
  const key8 = sessionKey(key.value, concatBytes(random, seq, Uint8Array.of(0x80, 0x00)));
  const mac1 = purseMac(key8, concatBytes(uintBytes(state.balance, 4), uintBytes(amount, 4), Uint8Array.of(type), terminal));
  return {
    answer: answer(SW.ok, concatBytes(uintBytes(state.balance, 4), seq, Uint8Array.of(key.version, key.algorithm), random, mac1)),
    session: { kind: 'load', type, amount, terminal, seq: state.onlineSeq, sessionKey: key8 },
  };
}

/**
 * CREDIT FOR LOAD `80 52 00 00 0B`: host date(4) ‖ time(3) ‖ MAC2(4) → TAC(4). MAC2 = MAC(SESLK, amount ‖
 * type ‖ terminal ‖ date ‖ time); TAC = MAC(DTK_L ⊕ DTK_R, new balance ‖ online seq before ‖ amount ‖
 * type ‖ terminal ‖ date ‖ time). Balance, sequence number, log record and proof commit together.
 */
export function creditForLoad(host: PurseHost, command: PurseCommand, session: LoadSession): PurseAnswer {
  if (command.data.length !== 11) return answer(SW.wrongLength);
  const date = command.data.slice(0, 4);
  const time = command.data.slice(4, 7);
  const mac2 = command.data.slice(7, 11);
  const tail = concatBytes(uintBytes(session.amount, 4), Uint8Array.of(session.type), session.terminal, date, time);
  if (!bytesEqual(purseMac(session.sessionKey, tail), mac2)) return answer(SW.macWrong);
  const state = host.state();
  const balance = state.balance + session.amount;
  const tac = purseMac(foldTacKey(host.profile.tacKey), concatBytes(uintBytes(balance, 4), uintBytes(session.seq, 2), tail));
  const record = { seq: session.seq + 1, overdraftLimit: host.profile.overdraftLimit, amount: session.amount, type: session.type, terminal: session.terminal, date, time };
  host.commit({
    ...state,
    balance,
    onlineSeq: session.seq + 1,
    log: [record, ...state.log].slice(0, host.profile.logSize),
    // [decision] for a load the proof's MAC2 is the host's MAC2 the card verified
    proofs: [{ type: session.type, seq: session.seq, mac2, tac }, ...state.proofs].slice(0, PROOFS_KEPT),
  });
  return answer(SW.ok, tac);
}

export function readUint32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
}
