import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './auth';
import { EmailModule } from './channels/email';
import { WebhookModule } from './channels/webhook';
import { ClusterModule } from './cluster';
import { ConfigModule, LoggingModule, ProblemDetailsFilter } from './common';
import { HealthModule } from './health';
import { MetricsModule } from './metrics';
import { NotificationsModule } from './notifications';
import { OrdersModule } from './orders';
import { PersistenceModule } from './persistence';
import { ProblemsModule } from './problems';
import { StreamingModule } from './streaming';
import { WebModule } from './web';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    EventEmitterModule.forRoot({ wildcard: false, maxListeners: 50 }),
    PersistenceModule,
    ClusterModule,
    AuthModule,
    HealthModule,
    MetricsModule,
    StreamingModule, // before OrdersModule: GET /orders/stream must win over GET /orders/:id
    OrdersModule,
    NotificationsModule,
    WebhookModule,
    EmailModule,
    WebModule,
    ProblemsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
