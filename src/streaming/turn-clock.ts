/**
 * Counts turns of the event loop, for a credit that renews each turn. It ticks only in turns
 * that asked for the time: one `setImmediate` per busy turn, for every subscriber together.
 */
export class TurnClock {
  private turn = 0;
  private ticking = false;

  now(): number {
    if (!this.ticking) {
      this.ticking = true;
      setImmediate(this.tick);
    }
    return this.turn;
  }

  private readonly tick = (): void => {
    this.ticking = false;
    this.turn++;
  };
}
