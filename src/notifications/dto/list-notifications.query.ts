import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { MayBeOmitted, PageQuery, ToBoolean } from '../../common';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'boolean', description: 'Only notifications not yet read' })
  @MayBeOmitted()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  unread?: boolean;
}
