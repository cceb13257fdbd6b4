/**
 * Passwords of the AT88SC153 and AT88SC1608: sets of a write and a read password, 24 bits each
 * [1016 Features; 0971H p8 "Password Sets"]. The parts differ in how many sets they have (2 and 8)
 * and how a command names one; they share what a password is and how it is spoken of.
 */
export type PasswordKind = 'write' | 'read';

export interface PasswordRef {
  readonly set: number;
  readonly kind: PasswordKind;
}

/** "Write 1", "Read 7": the datasheets' names. */
export function describePassword(ref: PasswordRef): string {
  return `${ref.kind === 'write' ? 'Write' : 'Read'} ${ref.set}`;
}

export function samePassword(a: PasswordRef | null, b: PasswordRef): boolean {
  return a !== null && a.set === b.set && a.kind === b.kind;
}
