import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig, Correlation } from '../common';
import type { Outbox } from '../persistence';
import type { Order } from './domain/order';
import { isFinal, nextOnLifecycle } from './domain/order-status';
import { SimulationConflictError, SimulatorStoppingError } from './domain/orders.errors';
import type { OrdersService } from './orders.service';
import type { ScheduledStep, SimulationSchedule } from './simulation-schedule.repository';
import type { Simulator } from './simulator';

/** A step this overdue has lost its instance (dead, or stopping): another one adopts it. */
const ADOPT_AFTER_MS = 1000;
const SWEEP_EVERY_MS = 500;
/** A timer may fire a little before the due time the clock says. */
const EARLY_TOLERANCE_MS = 20;

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/**
 * Simulations of a cluster, scheduled in PostgreSQL (`simulations`). The instance that starts
 * one steps it on its own timer; every instance sweeps for steps overdue by a second and adopts
 * them, so a simulation goes on when its instance dies. A step is one transaction: it locks the
 * order's schedule row (`FOR UPDATE SKIP LOCKED`), checks the step is due, moves the order one
 * status on (with the version it read, so a concurrent manual change stops the simulation, as
 * with one process) and writes when the next step is due, or ends the simulation. Two instances
 * never take the same step, and a crash mid-step leaves it to be taken again.
 */
export class ScheduledSimulator implements Simulator, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OrderSimulator');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly orders: OrdersService,
    private readonly outbox: Outbox,
    private readonly schedule: SimulationSchedule,
    private readonly config: AppConfig,
  ) {}

  get defaultStepMs(): number {
    return this.config.orders.simulationStepMs;
  }

  async start(
    orderId: string,
    correlation: Correlation,
    stepMs = this.defaultStepMs,
  ): Promise<Order> {
    const order = await this.orders.get(orderId);
    if (this.stopping) throw new SimulatorStoppingError();
    if (isFinal(order.status)) throw new SimulationConflictError(orderId, 'final');
    if (!(await this.schedule.add({ orderId, stepMs, dueAt: inMs(stepMs), correlation })))
      throw new SimulationConflictError(orderId, 'running');
    this.stepIn(orderId, stepMs);
    return order;
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => this.track(this.adoptOverdue()), SWEEP_EVERY_MS).unref();
  }

  /** No more steps from here; the schedule stays, and the other instances adopt it. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private stepIn(orderId: string, delayMs: number): void {
    if (this.stopping || this.timers.has(orderId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(orderId);
      this.track(this.stepAndFollow(orderId));
    }, delayMs);
    this.timers.set(orderId, timer);
  }

  private async adoptOverdue(): Promise<void> {
    const overdue = await this.schedule.dueBefore(inMs(-ADOPT_AFTER_MS), 50);
    for (const orderId of overdue) if (!this.timers.has(orderId)) this.stepIn(orderId, 0);
  }

  /** One step, then a timer for the next one if this instance took it. */
  private async stepAndFollow(orderId: string): Promise<void> {
    try {
      const next = await this.step(orderId);
      if (next) this.stepIn(orderId, Math.max(0, Date.parse(next.dueAt) - Date.now()));
    } catch (error) {
      const correlationId = await this.outbox.commit((trx) => this.schedule.remove(trx, orderId));
      this.logger.warn(
        { correlationId },
        `simulation of ${orderId} stopped: ${(error as Error).message}`,
      );
    }
  }

  /** The next step if there is one and this instance is to take it. */
  private step(orderId: string): Promise<ScheduledStep | undefined> {
    return this.outbox.commit(async (trx, record) => {
      const step = await this.schedule.claim(trx, orderId);
      if (!step) return undefined; // ended, or another instance is taking it right now
      const dueInMs = Date.parse(step.dueAt) - Date.now();
      // Early by a hair: wait for it. Far from due: another instance took it and follows it.
      if (dueInMs > 0) return dueInMs <= EARLY_TOLERANCE_MS ? step : undefined;
      const order = await this.orders.get(orderId);
      const status = nextOnLifecycle(order.status);
      const moved =
        status &&
        (await this.orders.changeStatusIn(trx, record, {
          id: orderId,
          status,
          correlation: step.correlation,
          expectedVersion: order.version,
        }));
      if (!moved || isFinal(moved.status)) {
        await this.schedule.remove(trx, orderId);
        return undefined;
      }
      const next = { ...step, dueAt: inMs(step.stepMs) };
      await this.schedule.reschedule(trx, next);
      return next;
    });
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) =>
      this.logger.error({ err: error }, 'a simulation step failed'),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
