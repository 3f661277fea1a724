import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { InputGuard } from './common/input.guard.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CoreBankingModule } from './core-banking/core-banking.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { DisputesModule } from './disputes/disputes.module.js';
import { DatabaseModule } from './database/database.module.js';
import { coreBankingAddress } from './embedded-simulator.js';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { HealthModule } from './health/health.module.js';
import { WorkersModule } from './workers.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { LiabilityModule } from './liability/liability.module.js';
import { MassCompromiseModule } from './mass-compromise/mass-compromise.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SignInModule } from './sign-in/sign-in.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module.js';

@Module({})
export class AppModule {
  /** One codebase for every process; ROLE decides whether this one also runs the workers. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        AuthModule,
        DatabaseModule,
        MetricsModule,
        HealthModule,
        CoreBankingModule.forRoot(coreBankingAddress),
        IncidentsModule,
        LiabilityModule,
        MassCompromiseModule,
        AuditModule,
        CommitmentsModule,
        DisputesModule,
        FollowUpsModule,
        SignInModule.forRoot(config),
        SupervisionModule,
        CustomersModule,
        QueueDashboardModule,
        ...(config.ROLE === 'api' ? [] : [WorkersModule]),
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // After the token checks: every input of every route, before any handler reads it.
        { provide: APP_GUARD, useClass: InputGuard },
      ],
    };
  }
}
