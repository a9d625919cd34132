import { Module } from '@nestjs/common';
import { AppConfig } from '../common';
import { Outbox } from '../persistence';
import { OrderSimulator } from './order-simulator.service';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { SIMULATOR } from './orders.tokens';
import { ScheduledSimulator } from './scheduled-simulator.service';
import { SimulationSchedule } from './simulation-schedule.repository';
import type { Simulator } from './simulator';

@Module({
  controllers: [OrdersController],
  providers: [
    OrdersRepository,
    OrdersService,
    SimulationSchedule,
    {
      // In memory with one process; in PostgreSQL in a cluster, so simulations outlive an instance.
      provide: SIMULATOR,
      inject: [AppConfig, OrdersService, Outbox, SimulationSchedule],
      useFactory: (
        config: AppConfig,
        orders: OrdersService,
        outbox: Outbox,
        schedule: SimulationSchedule,
      ): Simulator =>
        config.cluster.redisUrl
          ? new ScheduledSimulator(orders, outbox, schedule, config)
          : new OrderSimulator(orders, config),
    },
  ],
  exports: [OrdersService],
})
export class OrdersModule {}
