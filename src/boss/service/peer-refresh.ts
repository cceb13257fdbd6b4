/**
 * Reloads the allow-list every `intervalMs`, so that a bank added to the ledger, or bound to another
 * address, is let in (or kept out) without restarting the server. The list lives in the ledger's bank
 * table (`bank_addresses`), not in the profile: another process (`boss seed`, an admin tool) changes
 * it. A failed reload keeps the previous list and is reported; the next tick tries again.
 * [bank-interface §1 allow-list]
 */
export function startPeerRefresh(refresh: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow reload is never stacked
    running = true;
    refresh()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
