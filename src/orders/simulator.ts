import type { Correlation } from '../common';
import type { Order } from './domain/order';

/**
 * Walks orders to Delivered, one transition every `stepMs`, through the same code as the REST
 * status change. In memory with one process (`OrderSimulator`); scheduled in PostgreSQL in a
 * cluster (`ScheduledSimulator`), so a simulation outlives its instance.
 */
export interface Simulator {
  readonly defaultStepMs: number;
  /**
   * 409 while one runs for the order or when it is final; 503 while shutting down. Every step's
   * event carries `correlation`, the request that started the simulation.
   */
  start(orderId: string, correlation: Correlation, stepMs?: number): Promise<Order>;
}
