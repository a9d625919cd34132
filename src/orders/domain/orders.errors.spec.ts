import {
  InvalidTransitionError,
  OrderNotFoundError,
  SimulationConflictError,
  SimulatorStoppingError,
  VersionConflictError,
} from './orders.errors';

/** What a client reads in the Problem Details each error becomes. */
const problemOf = (error: {
  code: string;
  status: number;
  title: string;
  message: string;
  extensions: Record<string, unknown>;
  headers: Record<string, string>;
}) => ({
  code: error.code,
  status: error.status,
  title: error.title,
  detail: error.message,
  extensions: error.extensions,
  headers: error.headers,
});

describe(OrderNotFoundError.name, () => {
  it('names the order it did not find', () => {
    expect(problemOf(new OrderNotFoundError('o-1'))).toEqual({
      code: 'ORDER.NOT_FOUND',
      status: 404,
      title: 'Order not found',
      detail: 'No order with id o-1.',
      extensions: {},
      headers: {},
    });
  });
});

describe(InvalidTransitionError.name, () => {
  it('names the current, requested and allowed statuses', () => {
    expect(
      problemOf(new InvalidTransitionError('Packed', 'Delivered', ['Shipped', 'Cancelled'])),
    ).toEqual({
      code: 'ORDER.INVALID_TRANSITION',
      status: 409,
      title: 'Invalid status transition',
      detail: 'The order is Packed; it cannot move to Delivered. Allowed next: Shipped, Cancelled.',
      extensions: {
        currentStatus: 'Packed',
        requestedStatus: 'Delivered',
        allowedNext: ['Shipped', 'Cancelled'],
      },
      headers: {},
    });
  });

  it('says the order is final when nothing is allowed', () => {
    expect(new InvalidTransitionError('Delivered', 'Packed', []).message).toBe(
      'The order is Delivered; it cannot move to Packed. Allowed next: none (the order is final).',
    );
  });

  it('lists a single allowed status on its own', () => {
    expect(new InvalidTransitionError('Shipped', 'Packed', ['OutForDelivery']).message).toBe(
      'The order is Shipped; it cannot move to Packed. Allowed next: OutForDelivery.',
    );
  });
});

describe(VersionConflictError.name, () => {
  it('names the expected and the current version', () => {
    expect(problemOf(new VersionConflictError(2, 3))).toEqual({
      code: 'ORDER.VERSION_CONFLICT',
      status: 409,
      title: 'Version conflict',
      detail: 'The order is at version 3, not 2; it changed since you read it.',
      extensions: { expectedVersion: 2, currentVersion: 3 },
      headers: {},
    });
  });
});

describe(SimulationConflictError.name, () => {
  it('says a simulation is already running', () => {
    expect(problemOf(new SimulationConflictError('o-1', 'running'))).toEqual({
      code: 'ORDER.SIMULATION_CONFLICT',
      status: 409,
      title: 'Simulation not possible',
      detail: 'A simulation is already running for order o-1.',
      extensions: {},
      headers: {},
    });
  });

  it('says a final order has nothing left to simulate', () => {
    expect(new SimulationConflictError('o-1', 'final').message).toBe(
      'Order o-1 is final; there is nothing left to simulate.',
    );
  });
});

describe(SimulatorStoppingError.name, () => {
  it('is a 503 that asks to retry after a second', () => {
    expect(problemOf(new SimulatorStoppingError())).toEqual({
      code: 'ORDER.SIMULATOR_STOPPING',
      status: 503,
      title: 'Shutting down',
      detail: 'This server is shutting down and starts no simulations; retry against another.',
      extensions: {},
      headers: { 'Retry-After': '1' },
    });
  });
});
