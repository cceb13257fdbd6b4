import { concatBytes, parseHex, toCompactHex, uintBytes } from '../core/hex.ts';
import { pad } from '../crypto/index.ts';
import { commandApdu } from '../reader/apdu.ts';
import { exchange } from '../reader/exchange.ts';
import type { PurseEntry } from './journal.ts';
import type { CardIdentity, PurseTerminal } from './terminal.ts';

/** TAC key usage of DELIVERY KEY's P1 (low 5 bits). [psam_hsm.md §2.4] */
const TAC_USAGE = 0x0c;

/**
 * The TAC of a recovered purchase, recomputed in a PSAM of the card's issuer: DELIVERY KEY disperses
 * its TAC master key with the card's factors, CIPHER DATA MACs amount ‖ type ‖ terminal ‖ terminal
 * seq ‖ date ‖ time under it (zero IV, 80-padding), as the card computed it. The entry gets the TAC
 * and `tacRecomputed`; without a PSAM, or when it refuses, the entry is returned as it was (the host
 * can still recompute it: it has every input). [psam_hsm.md §2.3 step 5, §2.4]
 */
export async function withRecomputedTac(
  terminal: Partial<Pick<PurseTerminal, 'psams' | 'psamWaitMs' | 'tacKeyId'>>,
  identity: CardIdentity,
  entry: PurseEntry,
): Promise<PurseEntry> {
  if (!terminal.psams || entry.terminalSeq === undefined) return entry;
  const lease = await terminal.psams.lease(identity.issuer, { waitMs: terminal.psamWaitMs ?? 0 }).catch(() => undefined);
  if (!lease) return entry;
  try {
    const levels = identity.factors.length / 8;
    const delivered = await exchange(lease.channel, commandApdu(0x80, 0x1a, (levels << 5) | TAC_USAGE, terminal.tacKeyId ?? 1, identity.factors));
    if (delivered.sw !== 0x9000) return entry;
    const input = concatBytes(uintBytes(entry.amount, 4), Uint8Array.of(entry.type), parseHex(entry.terminal), parseHex(entry.terminalSeq), parseHex(entry.dateTime));
    const mac = await exchange(lease.channel, commandApdu(0x80, 0xfa, 0x05, 0x00, concatBytes(new Uint8Array(8), pad(input, 8, 2))));
    if (mac.sw !== 0x9000 || mac.data.length < 4) return entry;
    return { ...entry, tac: toCompactHex(mac.data.slice(0, 4)), tacRecomputed: true };
  } catch {
    return entry; // the PSAM failed: the host recomputes it
  } finally {
    lease.release();
  }
}
