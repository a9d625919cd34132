import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { applyHttpSecurity, AUTH_COOKIE, DevTokenIssuer } from './auth';
import {
  answerClientErrors,
  AppConfig,
  assignRequestId,
  closeRequestBodySchemas,
  explainBodyParserErrors,
  keepRequestShapesStable,
  problemDetailsSchema,
  RequestValidationPipe,
} from './common';
import { serveWebAssets } from './web';

/**
 * Everything about the HTTP surface that is not a module: what the HTTP parser refuses, body
 * limit, validation, logging, OpenAPI. Shared by `main.ts` and the e2e tests so both run the same server.
 */
export function configureApp(app: INestApplication): void {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  keepRequestShapesStable(express.getHttpServer());
  answerClientErrors(express.getHttpServer(), config.http.publicUrl);
  express.useLogger(app.get(Logger));
  express.use(assignRequestId);
  applyHttpSecurity(app);
  express.useBodyParser('json', { limit: config.http.bodyLimit });
  express.use(explainBodyParserErrors);
  // The client's address from X-Forwarded-For only when the named proxy (nginx) sent it.
  const { trustProxy } = config.http;
  express.set('trust proxy', trustProxy.length > 0 ? trustProxy : false);
  express.disable('x-powered-by');
  serveWebAssets(app);
  app.useGlobalPipes(new RequestValidationPipe());
  setUpOpenApi(app);
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Herald')
      .setDescription(
        'Real-time order tracking and notifications. Streams are Server-Sent Events (text/event-stream).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth(AUTH_COOKIE)
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('cookie')
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: problemDetailsSchema },
  };
  closeRequestBodySchemas(document);
  // Where the dev-token endpoint answers 404 (production, AUTH_DEV_TOKENS=off, a configured key
  // without `on`), it is not part of the API either.
  if (!app.get(DevTokenIssuer).enabled) delete document.paths['/auth/dev-token'];
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
