import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems, ParseIdPipe } from '../common';
import type { Order } from './domain/order';
import { ChangeStatusDto } from './dto/change-status.dto';
import { CreateOrderDto } from './dto/create-order.dto';
import { ListOrdersQuery } from './dto/list-orders.query';
import {
  OrderEventResponse,
  OrderPageResponse,
  OrderResponse,
  SimulationResponse,
} from './dto/order.response';
import { SimulateDto } from './dto/simulate.dto';
import { OrderSimulator } from './order-simulator.service';
import { OrderHistoryEntry, OrderPage, OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly simulator: OrderSimulator,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: OrderResponse, description: 'Created; Location names the order' })
  @ApiProblems(400, 413)
  async create(
    @Body() body: CreateOrderDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Order> {
    const order = await this.orders.create(body);
    res.location(`/orders/${order.id}`);
    return order;
  }

  @Get()
  @ApiOkResponse({ type: OrderPageResponse })
  @ApiProblems(400)
  list(@Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblems(400, 404)
  get(@Param('id', ParseIdPipe) id: string): Promise<Order> {
    return this.orders.get(id);
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [OrderEventResponse], description: 'The order history, oldest first' })
  @ApiProblems(400, 404)
  history(@Param('id', ParseIdPipe) id: string): Promise<OrderHistoryEntry[]> {
    return this.orders.history(id);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblems(400, 404, 409)
  changeStatus(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ChangeStatusDto,
  ): Promise<Order> {
    return this.orders.changeStatus(id, body.status, body.expectedVersion);
  }

  @Post(':id/simulate')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SimulationResponse,
    description: 'Started; progress arrives on the streams',
  })
  @ApiProblems(400, 404, 409)
  async simulate(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: SimulateDto = {},
  ): Promise<SimulationResponse> {
    const stepMs = body.stepMs;
    const order = await this.simulator.start(id, stepMs);
    return {
      orderId: id,
      stepMs: stepMs ?? this.simulator.defaultStepMs,
      fromStatus: order.status,
    };
  }
}
