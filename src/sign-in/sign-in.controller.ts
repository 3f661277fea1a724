import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { TokenVerifier } from '../auth/token-verifier.js';
import { signToken } from '../auth/tokens.js';
import { AppConfig } from '../config/app-config.js';
import { DevTokenDto } from './dto/dev-token.dto.js';

/** Dev tokens are short-lived: a developer signs in again rather than keeping one for a day. */
export const DEV_TOKEN_TTL_SECONDS = 3600;

export interface ConsoleConfig {
  devSignIn: boolean;
  oidc: { issuer: string; clientId: string | null; authorizationEndpoint: string; tokenEndpoint: string; scope: string; audience: string } | null;
}

/** How the console signs in; open to anyone, since the console must ask before it has a token. */
@Controller('v1/console')
export class SignInController {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenVerifier,
  ) {}

  @Get('config')
  async consoleConfig(): Promise<ConsoleConfig> {
    const oidc = this.tokens.oidc && (await this.tokens.oidc.discovery());
    return {
      devSignIn: this.config.CONSOLE_DEV_SIGNIN,
      oidc: oidc
        ? {
            issuer: oidc.issuer,
            clientId: this.config.OIDC_CLIENT_ID ?? null,
            authorizationEndpoint: oidc.authorization_endpoint,
            tokenEndpoint: oidc.token_endpoint,
            scope: this.config.OIDC_SCOPE,
            audience: this.config.OIDC_AUDIENCE!,
          }
        : null,
    };
  }
}

/** Registered only when CONSOLE_DEV_SIGNIN=true (never in production): any role, for local use. */
@Controller('v1/console')
export class DevSignInController {
  constructor(private readonly config: AppConfig) {}

  @Post('dev-token')
  @HttpCode(200)
  devToken(@Body() body: DevTokenDto): { token: string } {
    return { token: signToken({ sub: body.sub, roles: body.roles }, this.config.JWT_SECRET!, DEV_TOKEN_TTL_SECONDS) };
  }
}
