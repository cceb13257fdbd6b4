import type { FieldFormat, Profile } from './types.ts';

/** Whether a replay comparison ignores this response field: named, or of a volatile format kind. */
export function isVolatile(profile: Profile, name: string, format: FieldFormat): boolean {
  return profile.volatile.fields.includes(name) || profile.volatile.formatKinds.includes(format.kind);
}
