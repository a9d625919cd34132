import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth';
import { PROBLEMS_PATH } from '../common';
import { PROBLEM_CATALOGUE } from './problem-catalogue';
import { renderProblemsPage } from './problems-page';

/** Where every problem `type` points: what each code means. */
@ApiTags('operations')
@Public()
@Controller(PROBLEMS_PATH)
export class ProblemsController {
  private readonly page = renderProblemsPage(PROBLEM_CATALOGUE);

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'Every problem code with its status, title and meaning; each code is an anchor',
  })
  list(): string {
    return this.page;
  }
}
