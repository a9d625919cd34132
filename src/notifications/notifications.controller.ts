import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../auth';
import { ApiProblems, ParseIdPipe } from '../common';
import type { DeliveryRecord } from './delivery/delivery-record';
import {
  DeliveryResponse,
  NotificationPageResponse,
  NotificationResponse,
  ReadAllResponse,
  UnreadCountResponse,
} from './dto/notification.response';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import type { InboxItem } from './inbox/inbox.repository';
import { InboxPage, NotificationInbox } from './inbox/notification-inbox.service';

/** The caller's inbox. Fixed paths come before `:id` ones. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly inbox: NotificationInbox) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageResponse, description: 'Newest first' })
  @ApiProblems(400, 401)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListNotificationsQuery,
  ): Promise<InboxPage> {
    return this.inbox.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountResponse })
  @ApiProblems(401)
  async unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<UnreadCountResponse> {
    return { count: await this.inbox.unreadCount(user.id) };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadAllResponse })
  @ApiProblems(401)
  async readAll(@CurrentUser() user: AuthenticatedUser): Promise<ReadAllResponse> {
    return { updated: await this.inbox.markAllRead(user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResponse, description: 'The notification, now read' })
  @ApiProblems(400, 401, 404)
  markRead(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<InboxItem> {
    return this.inbox.markRead(user.id, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: [DeliveryResponse], description: 'Every attempt, oldest first' })
  @ApiProblems(400, 401, 404)
  deliveries(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<DeliveryRecord[]> {
    return this.inbox.deliveriesOf(user, id);
  }
}
