// Events counted per second over the last few minutes, for the dashboard's rate and its chart.

export class EventRate {
  constructor(seconds = 180) {
    this.counts = new Array(seconds).fill(0); // oldest first; the last one is this second
    this.second = Math.floor(Date.now() / 1000);
  }

  add(at = Date.now()) {
    this.advance(at);
    this.counts[this.counts.length - 1] += 1;
  }

  /** Per second, oldest first, up to this second. */
  series(at = Date.now()) {
    this.advance(at);
    return [...this.counts];
  }

  /** The mean over the last `seconds` (this one included). */
  perSecond(seconds, at = Date.now()) {
    const recent = this.series(at).slice(-seconds);
    return recent.reduce((sum, count) => sum + count, 0) / seconds;
  }

  advance(at) {
    const second = Math.floor(at / 1000);
    const passed = Math.min(second - this.second, this.counts.length);
    if (passed <= 0) return;
    this.counts.splice(0, passed);
    this.counts.push(...new Array(passed).fill(0));
    this.second = second;
  }
}
