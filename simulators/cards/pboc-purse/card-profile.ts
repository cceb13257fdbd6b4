import { toHex, uintBytes } from '../../../src/core/hex.ts';
import type { TransmissionProtocol } from '../../../src/cards/cpu/cpu-card.ts';
import type { CpuCardProfile } from '../cpu/profile/types.ts';
import { PURSE_DATA_SIZE } from './state-files.ts';

/** What a purse card is personalised with. */
export interface PurseCardPersonalisation {
  readonly protocol: TransmissionProtocol;
  /** The purse DF's name (AID). */
  readonly aid: Uint8Array;
  /** 16-byte card-level keys (already dispersed), and the key indexes terminals name for load and purchase. */
  readonly dlk: Uint8Array;
  readonly dpk: Uint8Array;
  readonly dtk: Uint8Array;
  readonly loadKeyIndex?: number;
  readonly purchaseKeyIndex?: number;
  /** Fen on the card to begin with (default 0). */
  readonly balance?: number;
  /** SFI of the transaction log EF (default 24). */
  readonly logSfi?: number;
  /** The purse's `applicationSettings` (docs/purse/card-application.md, Profile). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/**
 * A CPU card profile holding a PBOC purse: the MF, and the purse DF (FID 1001) carrying the
 * application `pboc-purse` with its keys, the purse data EF 0002 and the transaction log EF 0018
 * (10 records of 23 bytes). [docs/purse/card-application.md, Profile]
 */
export function purseCardProfile(card: PurseCardPersonalisation): CpuCardProfile {
  return {
    format: 'stbpay-cpu-profile/1',
    protocol: card.protocol,
    mf: {
      files: [
        {
          kind: 'df',
          fid: '1001',
          name: toHex(card.aid),
          application: 'pboc-purse',
          ...(card.settings ? { applicationSettings: card.settings } : {}),
          keys: [
            { id: card.loadKeyIndex ?? 1, type: '3DES', usage: 'load', version: 1, value: toHex(card.dlk) },
            { id: card.purchaseKeyIndex ?? 1, type: '3DES', usage: 'purchase', version: 1, value: toHex(card.dpk) },
            { id: 0, type: '3DES', usage: 'tac', version: 1, value: toHex(card.dtk) },
          ],
          files: [
            { kind: 'transparent', fid: '0002', size: PURSE_DATA_SIZE, data: toHex(uintBytes(card.balance ?? 0, 4)), read: 'never', update: 'never' },
            { kind: 'linear-fixed', fid: '0018', sfi: card.logSfi ?? 24, recordLength: 23, recordCount: 10, read: 'always', update: 'never' },
          ],
        },
      ],
    },
  };
}
