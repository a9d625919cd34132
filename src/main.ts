import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './common';
import { configureApp } from './configure-app';

async function main(): Promise<void> {
  const config = loadConfig(); // fail before Nest starts, with one readable message
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    // Ended SSE responses leave keep-alive sockets behind; shutdown must not wait for them.
    forceCloseConnections: true,
  });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
