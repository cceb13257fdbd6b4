/** One schema step: applied once, in order, and recorded as `PRAGMA user_version = version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
