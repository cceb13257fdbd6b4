import { HsmCommandError } from '../hsm/errors.ts';
import type { HsmClient } from '../hsm/client/client.ts';
import type { KeyToken } from '../hsm/keys.ts';
import { LoadRefusedError, type LoadAuthority } from './load.ts';

/** Factors as the HSM takes them: outermost level first (the card's own serial number last). */
function hsmFactors(factors: Uint8Array): Uint8Array[] {
  const levels: Uint8Array[] = [];
  for (let offset = 0; offset < factors.length; offset += 8) levels.push(factors.slice(offset, offset + 8));
  return levels.reverse();
}

/**
 * The load authority of an issuer host backed by our HSM command set (docs/hsm.md): PL checks MAC1
 * and gives MAC2 from the master load key, PT checks the TAC from the master TAC key, both dispersed
 * inside the HSM with the card's factors. The keys are tokens under the HSM's LMK.
 */
export function hsmLoadAuthority(client: HsmClient, keys: { readonly masterLoadKey: KeyToken; readonly masterTacKey: KeyToken }): LoadAuthority {
  return {
    async mac2(request) {
      try {
        return await client.purseLoad({
          keyType: '401',
          key: keys.masterLoadKey,
          factors: hsmFactors(request.factors),
          random: request.random,
          onlineSeq: request.onlineSeq,
          balance: request.balance,
          amount: request.amount,
          transactionType: request.type,
          terminal: request.terminal,
          mac1: request.mac1,
          hostDate: request.hostDate,
          hostTime: request.hostTime,
        });
      } catch (error) {
        // [docs/hsm.md] error 01: the MAC (here MAC1) does not verify
        if (error instanceof HsmCommandError && error.errorCode === '01') throw new LoadRefusedError(`the card's MAC1 does not verify at the host (${error.message})`, { cause: error });
        throw error;
      }
    },
    async verifyTac(factors, data, tac) {
      try {
        await client.verifyTac({ keyType: '403', key: keys.masterTacKey, factors: hsmFactors(factors), data, tac });
        return true;
      } catch (error) {
        if (error instanceof HsmCommandError && error.errorCode === '01') return false;
        throw error;
      }
    },
  };
}
