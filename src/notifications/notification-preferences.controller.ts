import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../auth';
import { ApiProblems } from '../common';
import { PreferencesResponse } from './dto/notification.response';
import { UpdatePreferencesDto } from './dto/update-preferences.dto';
import {
  NotificationPreferences,
  NotificationPreferencesView,
} from './notification-preferences.service';

/** Which channels reach the caller, and where their e-mail goes. */
@ApiTags('notifications')
@Controller('notifications/preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferences) {}

  @Get()
  @ApiOkResponse({ type: PreferencesResponse, description: 'Every channel with its state' })
  @ApiProblems(401)
  get(@CurrentUser() user: AuthenticatedUser): Promise<NotificationPreferencesView> {
    return this.preferences.get(user.id);
  }

  @Put()
  @ApiOkResponse({ type: PreferencesResponse })
  @ApiProblems(400, 401)
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdatePreferencesDto,
  ): Promise<NotificationPreferencesView> {
    return this.preferences.replace(user.id, body);
  }
}
