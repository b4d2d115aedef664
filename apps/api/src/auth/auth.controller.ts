import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems';
import { AccountRateLimited, AuthRateLimited, CurrentCaller, Public } from './auth.decorators';
import { LoginDto, MeDto, RefreshDto, SignedInDto, SignedUpDto, SignupDto } from './auth.dto';
import { AuthService, type Caller } from './auth.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/signup')
  @Public()
  @AuthRateLimited()
  @ApiCreatedResponse({ type: SignedUpDto })
  @ApiProblems(400, 409, 413, 429)
  async signup(@Body() body: SignupDto): Promise<SignedUpDto> {
    return { id: (await this.auth.signup(body)).userId };
  }

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @AuthRateLimited()
  @AccountRateLimited()
  @ApiOkResponse({ type: SignedInDto })
  @ApiProblems(400, 401, 429)
  login(@Body() body: LoginDto): Promise<SignedInDto> {
    return this.auth.login(body);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Public()
  @AuthRateLimited()
  @ApiOkResponse({ type: SignedInDto })
  @ApiProblems(400, 401, 429)
  refresh(@Body() body: RefreshDto): Promise<SignedInDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session has ended: its access and refresh tokens no longer work' })
  @ApiProblems(401)
  logout(@CurrentCaller() caller: Caller): Promise<void> {
    return this.auth.logout(caller);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  me(@CurrentCaller() caller: Caller): Promise<MeDto> {
    return this.auth.me(caller);
  }
}
