import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DevSignInController, SignInController } from './sign-in.controller.js';

/** The console's sign-in: its settings, and the dev sign-in route only where it is switched on. */
@Module({})
export class SignInModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SignInModule,
      imports: [AuthModule],
      controllers: [SignInController, ...(config.CONSOLE_DEV_SIGNIN ? [DevSignInController] : [])],
    };
  }
}
