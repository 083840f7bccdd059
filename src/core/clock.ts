// The one injectable clock: every timestamp the services hand out comes from here,
// so tests can move time (presigned expiry, lifecycle) without sleeping.
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Moves this clock forward (test hook under /_lakestack/clock). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
