import { InputError } from '../core/errors.ts';

/** The synchronous (memory) card types stbpay emulates, under their own part names. */
export const CARD_TYPES = ['SLE4442', 'SLE4428', 'AT88SC1608', 'AT88SC153', 'AT88SC102', 'AT88SC1604'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export interface ResolvedCardType {
  readonly type: CardType;
  /** Set when the name given was an alias rather than the part's own name. */
  readonly warning?: string;
}

/**
 * "AT88SC1602" appears in vendor card lists but is no known Atmel part; every reader SDK that lists
 * the family has AT88SC1604 in its place, so the name is taken as a misspelling of AT88SC1604.
 */
const ALIASES: Readonly<Record<string, { type: CardType; warning: string }>> = {
  AT88SC1602: {
    type: 'AT88SC1604',
    warning: '"AT88SC1602" is no known part; treating it as AT88SC1604 (the part vendor lists mean by it)',
  },
};

export function resolveCardType(name: string): ResolvedCardType {
  const upper = name.trim().toUpperCase();
  const own = CARD_TYPES.find((t) => t === upper);
  if (own) return { type: own };
  const alias = ALIASES[upper];
  if (alias) return alias;
  throw new InputError('card type', `unknown card type "${name}"; known types: ${CARD_TYPES.join(', ')}`);
}
