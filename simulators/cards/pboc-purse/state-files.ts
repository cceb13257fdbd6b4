import { hexWord } from '../../../src/core/hex.ts';
import type { ElementaryFile, RecordFile, TransparentFile } from '../cpu/files.ts';
import type { NonVolatileMemory } from '../cpu/nvm.ts';
import { PROOFS_KEPT } from './context.ts';
import { encodeRecord, type PurseProof, type PurseRecord, type PurseState } from './state.ts';

/** Bytes of the purse data EF: balance (4) ‖ online seq (2) ‖ offline seq (2) ‖ proofs kept (1) ‖ proofs (11 each). */
export const PURSE_DATA_SIZE = 9 + PROOFS_KEPT * 11;
const RECORD_LENGTH = 23;

/**
 * The purse's non-volatile state kept in two EFs of its DF, so that it is the card's memory, with the
 * card's anti-tearing and power-loss faults: a transparent EF (`PURSE_DATA_SIZE` bytes, internal)
 * and the transaction log, a linear-fixed EF of 23-byte records, newest in record 1 (READ RECORD
 * reads it as a terminal does).
 */
export class PurseFiles {
  constructor(
    readonly data: TransparentFile,
    readonly log: RecordFile,
  ) {}

  read(): PurseState {
    const view = new DataView(this.data.body.buffer, this.data.body.byteOffset, this.data.body.length);
    const proofs: PurseProof[] = [];
    const kept = Math.min(this.data.body[8]!, PROOFS_KEPT);
    for (let i = 0; i < kept; i++) {
      const at = 9 + i * 11;
      proofs.push({ type: this.data.body[at]!, seq: view.getUint16(at + 1), mac2: this.data.body.slice(at + 3, at + 7), tac: this.data.body.slice(at + 7, at + 11) });
    }
    const log: PurseRecord[] = [];
    for (let i = 0; i < this.log.recordCount; i++) {
      const bytes = this.log.body.subarray(i * RECORD_LENGTH, (i + 1) * RECORD_LENGTH);
      if (bytes.every((b) => b === 0)) break;
      log.push(decodeRecord(bytes));
    }
    return { balance: view.getUint32(0), onlineSeq: view.getUint16(4), offlineSeq: view.getUint16(6), log, proofs };
  }

  /** Writes `next` through the card's memory: inside a command, all of it or (after a power loss) none. */
  write(nvm: NonVolatileMemory, next: PurseState): void {
    const body = new Uint8Array(PURSE_DATA_SIZE);
    const view = new DataView(body.buffer);
    view.setUint32(0, next.balance);
    view.setUint16(4, next.onlineSeq);
    view.setUint16(6, next.offlineSeq);
    const proofs = next.proofs.slice(0, PROOFS_KEPT);
    body[8] = proofs.length;
    proofs.forEach((proof, i) => {
      const at = 9 + i * 11;
      body[at] = proof.type;
      view.setUint16(at + 1, proof.seq);
      body.set(proof.mac2, at + 3);
      body.set(proof.tac, at + 7);
    });
    nvm.write(this.data.body, 0, body);
    const records = next.log.slice(0, this.log.recordCount);
    const logBody = new Uint8Array(this.log.body.length);
    records.forEach((record, i) => logBody.set(encodeRecord(record), i * RECORD_LENGTH));
    nvm.write(this.log.body, 0, logBody);
  }
}

/** Finds the purse's two EFs in its DF, or says which is missing or misshapen. */
export function findPurseFiles(children: readonly { kind: string }[], dataFid: number, logFid: number): PurseFiles | string {
  const efs = children.filter((c): c is ElementaryFile => c.kind === 'transparent' || c.kind === 'linear-fixed');
  const data = efs.find((f) => f.fid === dataFid);
  const log = efs.find((f) => f.fid === logFid);
  if (data?.kind !== 'transparent' || data.body.length < PURSE_DATA_SIZE) return `needs a transparent EF ${hexWord(dataFid)} of at least ${PURSE_DATA_SIZE} bytes for the purse data`;
  if (log?.kind !== 'linear-fixed' || log.recordLength !== RECORD_LENGTH) return `needs a linear-fixed EF ${hexWord(logFid)} of ${RECORD_LENGTH}-byte records for the transaction log`;
  return new PurseFiles(data, log);
}

function decodeRecord(bytes: Uint8Array): PurseRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return {
    seq: view.getUint16(0),
    overdraftLimit: (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!,
    amount: view.getUint32(5),
    type: bytes[9]!,
    terminal: bytes.slice(10, 16),
    date: bytes.slice(16, 20),
    time: bytes.slice(20, 23),
  };
}

