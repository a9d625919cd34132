import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '../auth';
import { ApiProblems, Correlation, ParseIdPipe, RequestCorrelation } from '../common';
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
import { assertMayChangeStatus, listFilterFor, orderOwner, visibleTo } from './order-access';
import { SIMULATOR } from './orders.tokens';
import type { Simulator } from './simulator';
import { OrderHistoryEntry, OrderPage, OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    @Inject(SIMULATOR) private readonly simulator: Simulator,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: OrderResponse, description: 'Created; Location names the order' })
  @ApiProblems(400, 401, 403, 413, 429)
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateOrderDto,
    @RequestCorrelation() correlation: Correlation,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Order> {
    const order = await this.orders.create(
      { ...body, customerId: orderOwner(user, body.customerId) },
      correlation,
    );
    res.location(`/orders/${order.id}`);
    return order;
  }

  @Get()
  @ApiOkResponse({ type: OrderPageResponse })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListOrdersQuery,
  ): Promise<OrderPage> {
    return this.orders.list({ ...query, customerId: listFilterFor(user, query.customerId) });
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblems(400, 401, 404)
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<Order> {
    return visibleTo(user, await this.orders.get(id));
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [OrderEventResponse], description: 'The order history, oldest first' })
  @ApiProblems(400, 401, 404)
  async history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<OrderHistoryEntry[]> {
    visibleTo(user, await this.orders.get(id));
    return this.orders.history(id);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async changeStatus(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ChangeStatusDto,
    @RequestCorrelation() correlation: Correlation,
  ): Promise<Order> {
    visibleTo(user, await this.orders.get(id));
    assertMayChangeStatus(user, body.status);
    return this.orders.changeStatus(id, body.status, correlation, body.expectedVersion);
  }

  @Post(':id/simulate')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SimulationResponse,
    description: 'Started; progress arrives on the streams',
  })
  @ApiBody({ type: SimulateDto, required: false })
  @ApiProblems(400, 401, 404, 409, 429)
  async simulate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: string,
    @RequestCorrelation() correlation: Correlation,
    @Body() body: SimulateDto = {},
  ): Promise<SimulationResponse> {
    visibleTo(user, await this.orders.get(id));
    const stepMs = body.stepMs;
    // Every step's event carries this request's id: the simulation is what it asked for.
    const order = await this.simulator.start(id, correlation, stepMs);
    return {
      orderId: id,
      stepMs: stepMs ?? this.simulator.defaultStepMs,
      fromStatus: order.status,
    };
  }
}
