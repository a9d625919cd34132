import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToInteger } from '../validation/from-string.transform';
import { MayBeOmitted } from '../validation/may-be-omitted.decorator';

/** `?limit=&cursor=` of every keyset-paginated list; a list's query extends it with its filters. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description: 'The nextCursor of the previous page',
  })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  cursor?: string;
}
