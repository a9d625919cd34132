import { Module } from '@nestjs/common';
import { OrderSimulator } from './order-simulator.service';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController],
  providers: [OrdersRepository, OrdersService, OrderSimulator],
  exports: [OrdersService],
})
export class OrdersModule {}
