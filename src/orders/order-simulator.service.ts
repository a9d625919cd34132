import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, Correlation } from '../common';
import type { Order } from './domain/order';
import { isFinal, nextOnLifecycle } from './domain/order-status';
import { SimulationConflictError, SimulatorStoppingError } from './domain/orders.errors';
import { OrdersService } from './orders.service';
import type { Simulator } from './simulator';

interface RunningSimulation {
  /** The request that started it: each step's event carries it. */
  correlation: Correlation;
  timer?: NodeJS.Timeout;
  step?: Promise<void>;
}

/**
 * Walks orders to Delivered, one transition every `stepMs`, through the same code as the
 * REST status change; one process, in memory. On shutdown pending steps are cancelled and an
 * in-flight one finishes, so each order stays at its last committed status.
 */
@Injectable()
export class OrderSimulator implements Simulator, OnModuleDestroy {
  private readonly logger = new Logger(OrderSimulator.name);
  private readonly running = new Map<string, RunningSimulation>();
  private stopping = false;

  constructor(
    private readonly orders: OrdersService,
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
    if (this.running.has(orderId)) throw new SimulationConflictError(orderId, 'running');
    if (isFinal(order.status)) throw new SimulationConflictError(orderId, 'final');
    const simulation: RunningSimulation = { correlation };
    this.running.set(orderId, simulation);
    this.schedule(orderId, simulation, stepMs);
    return order;
  }

  isRunning(orderId: string): boolean {
    return this.running.has(orderId);
  }

  /** First thing on shutdown (before any beforeApplicationShutdown hook): no more steps commit. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    const inFlight = [...this.running.values()].map((simulation) => {
      clearTimeout(simulation.timer);
      return simulation.step;
    });
    this.running.clear();
    await Promise.allSettled(inFlight);
  }

  private schedule(orderId: string, simulation: RunningSimulation, stepMs: number): void {
    simulation.timer = setTimeout(() => {
      simulation.step = this.step(orderId, simulation.correlation)
        .then((more) => {
          if (more && !this.stopping) this.schedule(orderId, simulation, stepMs);
          else this.running.delete(orderId);
        })
        .catch((error: Error) => {
          this.running.delete(orderId);
          this.logger.warn(
            { correlationId: simulation.correlation.correlationId },
            `simulation of ${orderId} stopped: ${error.message}`,
          );
        });
    }, stepMs);
  }

  /** One transition; false once the order is final. */
  private async step(orderId: string, correlation: Correlation): Promise<boolean> {
    const order = await this.orders.get(orderId);
    const next = nextOnLifecycle(order.status);
    if (!next) return false;
    const moved = await this.orders.changeStatus(orderId, next, correlation, order.version);
    return !isFinal(moved.status);
  }
}
