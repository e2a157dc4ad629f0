/**
 * A background pass (a sweep, a flush) run every `intervalMs`: a pass never overlaps the
 * previous one, a failing pass is reported and tried again at the next tick, the timer never
 * keeps the process alive, and `stop()` waits for the pass in flight so shutdown does not close
 * the store under it. Retention, abandonment and the desk's sweeps share this one loop.
 */
export class PeriodicPass {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Runs every `intervalMs` (and at once when `immediately`); a second start is ignored. */
  start(intervalMs: number, { immediately = false }: { immediately?: boolean } = {}): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.pass()
        .catch(this.onError)
        .finally(() => (this.running = null));
    };
    if (immediately) tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
