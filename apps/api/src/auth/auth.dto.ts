import { ApiProperty } from '@nestjs/swagger';
import { Trimmed } from '../http/trimmed';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';

export class SignupDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Trimmed()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 256, example: 'correct horse battery staple' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(256)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 120 })
  @Trimmed()
  @IsString()
  @Length(1, 120)
  name!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 256 })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the last refresh; each one works once', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class SignedInDto {
  @ApiProperty({ description: 'Bearer token for every other /api route' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ description: 'Exchange at POST /api/auth/refresh for new tokens; single use' })
  refreshToken!: string;

  @ApiProperty({ description: 'When the session ends unless refreshed (ISO-8601)' })
  refreshExpiresAt!: string;
}

export class SignedUpDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Number of projects the caller has a role in' }) projects!: number;
}
