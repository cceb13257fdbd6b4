import { bytesEqual, concatBytes, uintBytes } from '../../../src/core/hex.ts';
import { foldTacKey, purseMac, sessionKey } from '../../../src/crypto/index.ts';
import { answer, PROOFS_KEPT, type PurseAnswer, type PurseCommand, type PurseHost } from './context.ts';
import { readUint32 } from './load.ts';
import type { PurchaseSession } from './session.ts';
import { SW } from './status-words.ts';
import { purchaseType, TRANSACTION_TYPE } from './transaction-types.ts';

/**
 * INITIALIZE FOR PURCHASE `80 50 01|03 P2 0B`: key index ‖ amount(4) ‖ terminal(6) → old balance(4) ‖
 * offline seq(2) ‖ overdraft limit(3) ‖ key version ‖ algorithm ‖ random(4). [psam_hsm.md §1.2]
 */
export function initializeForPurchase(host: PurseHost, command: PurseCommand): { answer: PurseAnswer; session?: PurchaseSession } {
  if (command.data.length !== 11) return { answer: answer(SW.wrongLength) };
  const key = host.profile.purchaseKeys.find((k) => k.index === command.data[0]);
  if (!key) return { answer: answer(SW.keyIndexUnknown) };
  const amount = readUint32(command.data, 1);
  const state = host.state();
  if (amount > state.balance) return { answer: answer(SW.insufficientFunds) };
  if (state.offlineSeq >= 0xffff) return { answer: answer(SW.conditionsNotSatisfied) };
  const random = host.random();
  return {
    answer: answer(SW.ok, concatBytes(uintBytes(state.balance, 4), uintBytes(state.offlineSeq, 2), uintBytes(host.profile.overdraftLimit, 3), Uint8Array.of(key.version, key.algorithm), random)),
    session: { kind: 'purchase', type: purchaseType(host.profile.application, command.p1), amount, terminal: command.data.slice(5, 11), seq: state.offlineSeq, random, key },
  };
}

/**
 * DEBIT FOR PURCHASE `80 54 01 00 0F`: terminal transaction seq(4) ‖ date(4) ‖ time(3) ‖ MAC1(4) →
 * TAC(4) ‖ MAC2(4). SESPK = 3DES(DPK, random ‖ offline seq ‖ terminal seq's low 2 bytes); MAC1 =
 * MAC(SESPK, amount ‖ type ‖ terminal ‖ date ‖ time); MAC2 = MAC(SESPK, amount); TAC = MAC(DTK_L ⊕
 * DTK_R, amount ‖ type ‖ terminal ‖ terminal seq ‖ date ‖ time). [psam_hsm.md §1.3]
 */
export function debitForPurchase(host: PurseHost, command: PurseCommand, session: PurchaseSession): PurseAnswer {
  if (command.data.length !== 15) return answer(SW.wrongLength);
  const terminalSeq = command.data.slice(0, 4);
  const date = command.data.slice(4, 8);
  const time = command.data.slice(8, 11);
  const mac1 = command.data.slice(11, 15);
  const key8 = sessionKey(session.key.value, concatBytes(session.random, uintBytes(session.seq, 2), terminalSeq.slice(2, 4)));
  const amount = uintBytes(session.amount, 4);
  const type = Uint8Array.of(session.type);
  const suffix = session.type === TRANSACTION_TYPE.cappPurchase ? (host.profile.variant.cappMac1Suffix ?? new Uint8Array(0)) : new Uint8Array(0);
  if (!bytesEqual(purseMac(key8, concatBytes(amount, type, session.terminal, date, time, suffix)), mac1)) return answer(SW.macWrong);
  const state = host.state();
  if (session.amount > state.balance) return answer(SW.insufficientFunds);
  const mac2 = purseMac(key8, amount);
  const tac = purseMac(foldTacKey(host.profile.tacKey), concatBytes(amount, type, session.terminal, terminalSeq, date, time));
  const record = { seq: session.seq + 1, overdraftLimit: host.profile.overdraftLimit, amount: session.amount, type: session.type, terminal: session.terminal, date, time };
  host.commit({
    ...state,
    balance: state.balance - session.amount,
    offlineSeq: session.seq + 1,
    log: [record, ...state.log].slice(0, host.profile.logSize),
    proofs: [{ type: session.type, seq: session.seq, mac2, tac }, ...state.proofs].slice(0, PROOFS_KEPT),
  });
  return answer(SW.ok, concatBytes(tac, mac2));
}
