import {
  InvalidTransitionError,
  OrderNotFoundError,
  SimulationConflictError,
  SimulatorStoppingError,
  VersionConflictError,
} from './orders.errors';

describe(OrderNotFoundError.name, () => {
  it('names the order it did not find', () => {
    expect(new OrderNotFoundError('o-1')).toEqual(
      expect.objectContaining({
        code: 'ORDER.NOT_FOUND',
        status: 404,
        title: 'Order not found',
        message: 'No order with id o-1.',
        extensions: {},
        headers: {},
      }),
    );
  });
});

describe(InvalidTransitionError.name, () => {
  it('names the current, requested and allowed statuses', () => {
    expect(new InvalidTransitionError('Packed', 'Delivered', ['Shipped', 'Cancelled'])).toEqual(
      expect.objectContaining({
        code: 'ORDER.INVALID_TRANSITION',
        status: 409,
        title: 'Invalid status transition',
        message:
          'The order is Packed; it cannot move to Delivered. Allowed next: Shipped, Cancelled.',
        extensions: {
          currentStatus: 'Packed',
          requestedStatus: 'Delivered',
          allowedNext: ['Shipped', 'Cancelled'],
        },
        headers: {},
      }),
    );
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
    expect(new VersionConflictError(2, 3)).toEqual(
      expect.objectContaining({
        code: 'ORDER.VERSION_CONFLICT',
        status: 409,
        title: 'Version conflict',
        message: 'The order is at version 3, not 2; it changed since you read it.',
        extensions: { expectedVersion: 2, currentVersion: 3 },
        headers: {},
      }),
    );
  });
});

describe(SimulationConflictError.name, () => {
  it('says a simulation is already running', () => {
    expect(new SimulationConflictError('o-1', 'running')).toEqual(
      expect.objectContaining({
        code: 'ORDER.SIMULATION_CONFLICT',
        status: 409,
        title: 'Simulation not possible',
        message: 'A simulation is already running for order o-1.',
        extensions: {},
        headers: {},
      }),
    );
  });

  it('says a final order has nothing left to simulate', () => {
    expect(new SimulationConflictError('o-1', 'final').message).toBe(
      'Order o-1 is final; there is nothing left to simulate.',
    );
  });
});

describe(SimulatorStoppingError.name, () => {
  it('is a 503 that asks to retry after a second', () => {
    expect(new SimulatorStoppingError()).toEqual(
      expect.objectContaining({
        code: 'ORDER.SIMULATOR_STOPPING',
        status: 503,
        title: 'Shutting down',
        message: 'This server is shutting down and starts no simulations; retry against another.',
        extensions: {},
        headers: { 'Retry-After': '1' },
      }),
    );
  });
});
