import type { FaultPersona } from './types.ts';

/** `drop`: from the `after`-th request on (0 = the first), the connection is closed instead of answered. */
export function dropConnection(after = 0): FaultPersona {
  return {
    name: 'drop',
    summary: `closes the connection instead of answering request ${after} and later ones`,
    apply: async (answer, { index }) => (index >= after ? { kind: 'drop' } : { kind: 'send', message: answer.message }),
  };
}
