import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { AuthRateLimited, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { ApiProblems } from '../openapi/api-problems';
import { ErasureService } from './erasure.service';

export class ErasureDto {
  @ApiProperty({ maxLength: 256, description: 'Your password: erasing your account cannot be undone' })
  @IsString()
  @MaxLength(256)
  password!: string;
}

/** Personal data and its erasure (docs/privacy.md). */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('me')
export class PrivacyController {
  constructor(private readonly erasure: ErasureService) {}

  @Post('erasure')
  @HttpCode(204)
  @AuthRateLimited()
  @ApiOperation({
    summary:
      'Forget me: your address, name and password hash are erased wherever they are stored (their key is deleted; every hash still verifies), ' +
      'every session ends and the address may sign up again. Your user id stays on what you did, shown as `forgotten user`.',
  })
  @ApiNoContentResponse({ description: 'Forgotten: your tokens no longer work' })
  @ApiProblems(400, 401, 403, 409, 429)
  async forget(@CurrentCaller() caller: Caller, @Body() body: ErasureDto): Promise<void> {
    await this.erasure.forget(caller, body.password);
  }
}
