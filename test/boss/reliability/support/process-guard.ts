/**
 * Catches what would crash the process while a test runs: an uncaught exception or an unhandled
 * rejection anywhere (the server, the service, the store). Installed for the test only.
 */
export class ProcessGuard {
  readonly errors: string[] = [];
  private readonly onException = (error: Error): void => void this.errors.push(`uncaughtException: ${error.stack ?? String(error)}`);
  private readonly onRejection = (reason: unknown): void =>
    void this.errors.push(`unhandledRejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);

  install(): this {
    process.on('uncaughtException', this.onException);
    process.on('unhandledRejection', this.onRejection);
    return this;
  }

  uninstall(): void {
    process.off('uncaughtException', this.onException);
    process.off('unhandledRejection', this.onRejection);
  }
}
