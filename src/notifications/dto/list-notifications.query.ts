import { createZodDto } from 'nestjs-zod';
import { pageQuery, z } from '../../common';

export class ListNotificationsQuery extends createZodDto(
  pageQuery.extend({
    unread: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform((value) => value === 'true')
      .optional()
      .meta({ description: 'Only notifications not yet read' }),
  }),
) {}
