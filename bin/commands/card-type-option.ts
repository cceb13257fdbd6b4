import { resolveCardType, type CardType } from '../../src/cards/card-type.ts';
import type { CliIo } from '../io.ts';

/** A card type named on the command line; a name taken as another type (AT88SC1602) is said on stderr. */
export function cardTypeOption(name: string, io: CliIo): CardType {
  const { type, warning } = resolveCardType(name);
  if (warning) io.err(`stbpay: warning: ${warning}\n`);
  return type;
}
