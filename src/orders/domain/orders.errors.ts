import { DomainError } from '../../common';
import type { OrderStatus } from './order-status';

export class OrderNotFoundError extends DomainError {
  constructor(orderId: string) {
    super('ORDER.NOT_FOUND', 404, 'Order not found', `No order with id ${orderId}.`);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(current: OrderStatus, requested: OrderStatus, allowed: OrderStatus[]) {
    const next = allowed.length > 0 ? allowed.join(', ') : 'none (the order is final)';
    super(
      'ORDER.INVALID_TRANSITION',
      409,
      'Invalid status transition',
      `The order is ${current}; it cannot move to ${requested}. Allowed next: ${next}.`,
      { currentStatus: current, requestedStatus: requested, allowedNext: allowed },
    );
  }
}

export class VersionConflictError extends DomainError {
  constructor(expected: number, current: number) {
    super(
      'ORDER.VERSION_CONFLICT',
      409,
      'Version conflict',
      `The order is at version ${current}, not ${expected}; it changed since you read it.`,
      { expectedVersion: expected, currentVersion: current },
    );
  }
}

export class SimulationConflictError extends DomainError {
  constructor(orderId: string, reason: 'running' | 'final') {
    super(
      'ORDER.SIMULATION_CONFLICT',
      409,
      'Simulation not possible',
      reason === 'running'
        ? `A simulation is already running for order ${orderId}.`
        : `Order ${orderId} is final; there is nothing left to simulate.`,
    );
  }
}

export class SimulatorStoppingError extends DomainError {
  constructor() {
    super(
      'ORDER.SIMULATOR_STOPPING',
      503,
      'Shutting down',
      'This server is shutting down and starts no simulations; retry against another.',
      {},
      { 'Retry-After': '1' },
    );
  }
}
